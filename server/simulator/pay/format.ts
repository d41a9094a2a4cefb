/**
 * Formatting helpers for the WeChat Pay simulator: WeChat's clock is
 * Asia/Shanghai (UTC+8, no DST), money is integer fen and is only ever turned
 * into yuan text by string arithmetic (never floats).
 */
import { randomBytes, randomInt } from 'node:crypto';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function shanghaiParts(ms: number) {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
}

/** `2026-03-15T10:00:00+08:00`, as WeChat writes times. */
export function rfc3339Shanghai(ms: number): string {
  const p = shanghaiParts(ms);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}+08:00`;
}

/** `2026-03-15` (the Asia/Shanghai calendar date of `ms`). */
export function shanghaiDate(ms: number): string {
  const p = shanghaiParts(ms);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}

/** `2026-03-15 10:00:00` (trade bill time column). */
export function shanghaiDateTime(ms: number): string {
  const p = shanghaiParts(ms);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

/** `yyyyMMdd` in Asia/Shanghai, used inside generated ids. */
export function shanghaiCompactDate(ms: number): string {
  return shanghaiDate(ms).replaceAll('-', '');
}

/** `yyyyMMddHHmmss` in Asia/Shanghai. */
export function shanghaiCompactDateTime(ms: number): string {
  return shanghaiDateTime(ms).replace(/[-: ]/g, '');
}

const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;

/**
 * Parses `yyyy-MM-DDTHH:mm:ss+hh:mm` (the form WeChat documents for
 * time_expire: an explicit offset, no fraction, no `Z`). Null when malformed
 * or not a real calendar time.
 */
export function parseRfc3339WithOffset(text: string): number | null {
  const m = RFC3339_RE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s, , oh, om] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => Number(m[i]));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 || oh > 14 || om > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null; // e.g. 02-30
  const offset = (oh * 60 + om) * 60_000 * (m[7] === '+' ? 1 : -1);
  return local - offset;
}

/** `YYYY-MM-DD` → true if it is a real calendar date. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Yuan text with 2 decimals from integer fen: 1 → "0.01", -150 → "-1.50". Exact for any safe integer or bigint. */
export function yuan(fen: number | bigint): string {
  const v = BigInt(fen);
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

/** WeChat's 0.60% fee on `fen`, rounded half up to whole fen (bigint, exact). */
export function feeFen(fen: number): bigint {
  return (BigInt(fen) * 6n + 500n) / 1000n;
}

export function randomDigits(n: number): string {
  let s = '';
  while (s.length < n) s += String(randomInt(0, 1_000_000_000)).padStart(9, '0');
  return s.slice(0, n);
}

export function randomHex(chars: number): string {
  return randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Flip one bit of a base64 value's decoded bytes (still valid base64, no longer the right bytes). */
export function flipBase64(b64: string, at?: number): string {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length === 0) return b64;
  const i = at === undefined ? Math.floor(buf.length / 2) : Math.min(at, buf.length - 1);
  buf[i] ^= 0x01;
  return buf.toString('base64');
}

/**
 * Server-side validation shown at the field: an ApiError's `fields` (`body.location.lat`,
 * `body.tiers.2.threshold`) become Form.setFields entries (['location','lat'], ['tiers',2,'threshold']).
 * Whatever cannot be placed on a field is shown as a message with the error's Chinese text.
 */
import type { FormInstance } from 'antd';
import { ApiError, messageOf } from '../api/client';

/** zod's English defaults → short Chinese (our own schemas and domain errors already speak Chinese). */
function chinese(message: string): string {
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  if (/too small|>=|at least/i.test(message)) return '数值或长度太小';
  if (/too big|<=|at most/i.test(message)) return '数值或长度太大';
  if (/expected .*received|invalid input/i.test(message)) return '格式不正确';
  if (/url/i.test(message)) return '请填写正确的网址';
  return `填写有误（${message}）`;
}

export function toFieldPath(path: string, prefix = 'body'): (string | number)[] {
  const parts = path.split('.');
  if (parts[0] === prefix) parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Puts the server's field errors on the form; returns the text to show for the rest (or null if all placed). */
export function applyFieldErrors(form: FormInstance, err: unknown, opts: { prefix?: string; known?: (path: (string | number)[]) => boolean } = {}): string | null {
  if (!(err instanceof ApiError)) return messageOf(err);
  const placed: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const f of err.fields) {
    const name = toFieldPath(f.path, opts.prefix);
    const known = opts.known ? opts.known(name) : name.length > 0 && (form.getFieldInstance(name) !== undefined || valueAt(form.getFieldsValue(true), name) !== undefined);
    if (known) placed.push({ name, errors: [chinese(f.message)] });
    else rest.push(`${name.join('.')}：${chinese(f.message)}`);
  }
  if (placed.length) form.setFields(placed);
  if (!placed.length || rest.length) return rest.length ? `${err.message}：${rest.join('；')}` : err.message;
  return null;
}

function valueAt(v: unknown, path: (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** Money is integer fen, points are integers. Never floats. */
export type Fen = number;
export type Points = number;

export function isFen(v: unknown): v is Fen {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function assertFen(v: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${what} must be an integer number of fen, got ${v}`);
  return v;
}

/** "¥1,234.50" from 123450 fen; exact, string-based (no float division). */
export function formatFen(fen: Fen, opts: { symbol?: boolean } = {}): string {
  assertFen(fen);
  const neg = fen < 0;
  const abs = String(Math.abs(fen)).padStart(3, '0');
  const yuan = abs.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs.slice(-2);
  return `${neg ? '-' : ''}${opts.symbol === false ? '' : '¥'}${yuan}.${cents}`;
}

/** Parse a yuan string such as "12.3" or "12.30" into fen without floats. */
export function parseYuan(text: string): Fen {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a yuan amount: ${text}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** floor(a * num / den) on integers, exact for safe integers (BigInt inside). */
export function mulDivFloor(a: number, num: number, den: number): number {
  if (den === 0) throw new RangeError('division by zero');
  const q = (BigInt(a) * BigInt(num)) / BigInt(den);
  const r = (BigInt(a) * BigInt(num)) % BigInt(den);
  // BigInt division truncates toward zero; adjust for negative results.
  return Number(r !== 0n && (r < 0n) !== (BigInt(den) < 0n) ? q - 1n : q);
}

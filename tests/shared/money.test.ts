import { ERRORS, formatFen, maskPhone, mulDivFloor, parseYuan, assertFen, isFen } from '@homeclub/shared';

test.each([
  [0, '¥0.00'],
  [1, '¥0.01'],
  [99, '¥0.99'],
  [100, '¥1.00'],
  [123456, '¥1,234.56'],
  [-2050, '-¥20.50'],
  [100000000, '¥1,000,000.00'],
])('formatFen(%i) = %s', (fen, text) => {
  expect(formatFen(fen)).toBe(text);
});

test('formatFen without symbol; rejects floats', () => {
  expect(formatFen(1999, { symbol: false })).toBe('19.99');
  expect(() => formatFen(1.5)).toThrow(RangeError);
  expect(() => assertFen(0.1 + 0.2)).toThrow(/integer/);
  expect(isFen(10)).toBe(true);
  expect(isFen(10.5)).toBe(false);
});

test.each([
  ['12', 1200],
  ['12.3', 1230],
  ['12.30', 1230],
  ['0.07', 7],
  ['-1.5', -150],
  [' 8.88 ', 888],
])('parseYuan(%s) = %i', (text, fen) => {
  expect(parseYuan(text)).toBe(fen);
});

test('parseYuan rejects more than 2 decimals and junk', () => {
  for (const bad of ['1.234', 'abc', '', '1,000', '¥1']) expect(() => parseYuan(bad)).toThrow(RangeError);
});

test('mulDivFloor is exact integer floor', () => {
  expect(mulDivFloor(999, 1, 100)).toBe(9);
  expect(mulDivFloor(12345, 150, 10000)).toBe(185); // 185.175
  expect(mulDivFloor(-1, 1, 2)).toBe(-1); // floor, not truncation
  expect(mulDivFloor(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
  expect(() => mulDivFloor(1, 1, 0)).toThrow();
});

test('maskPhone', () => {
  expect(maskPhone('13812345678')).toBe('138****5678');
  expect(maskPhone(null)).toBeNull();
  expect(maskPhone('12345')).toBe('*****');
});

test('every error code has an HTTP status and a Chinese message', () => {
  for (const [code, e] of Object.entries(ERRORS)) {
    expect(code).toMatch(/^[A-Z_]+$/);
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  }
});

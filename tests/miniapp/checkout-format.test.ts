/** 优惠买单 amount box: what a keystroke keeps, and yuan text → integer fen (no floats). */
import { parseAmount, pointsValueFen, sanitizeAmountText } from '@/services/checkout';

test('sanitize: digits and one dot, two decimals, no leading zeros', () => {
  expect(sanitizeAmountText('12.345')).toBe('12.34');
  expect(sanitizeAmountText('1.2.3')).toBe('1.23');
  expect(sanitizeAmountText('005')).toBe('5');
  expect(sanitizeAmountText('.5')).toBe('0.5');
  expect(sanitizeAmountText('¥1,288.5')).toBe('1288.5');
  expect(sanitizeAmountText('123456789')).toBe('12345678');
  expect(sanitizeAmountText('')).toBe('');
});

test('parse: yuan text to whole fen', () => {
  expect(parseAmount('12.3')).toEqual({ fen: 1230, error: null });
  expect(parseAmount('12.30')).toEqual({ fen: 1230, error: null });
  expect(parseAmount('0.01')).toEqual({ fen: 1, error: null });
  expect(parseAmount('0.29')).toEqual({ fen: 29, error: null }); // 0.29 * 100 is 28.999… as a float
  expect(parseAmount('1288')).toEqual({ fen: 128800, error: null });
  expect(parseAmount('12.')).toEqual({ fen: 1200, error: null });
  expect(parseAmount('')).toEqual({ fen: null, error: null });
});

test('parse: invalid amounts give an error and no fen', () => {
  expect(parseAmount('0')).toEqual({ fen: null, error: '金额须大于 0' });
  expect(parseAmount('0.00')).toEqual({ fen: null, error: '金额须大于 0' });
  expect(parseAmount('1.234').fen).toBeNull();
  expect(parseAmount('1.234').error).toMatch(/正确的金额/);
  expect(parseAmount('abc').fen).toBeNull();
  expect(parseAmount('1000001')).toEqual({ fen: null, error: '单笔金额不能超过 ¥1,000,000' });
  expect(parseAmount('1000000')).toEqual({ fen: 100_000_000, error: null });
});

test('points value at 100 points = ¥1, rounded down', () => {
  expect(pointsValueFen(3200)).toBe(3200);
  expect(pointsValueFen(0)).toBe(0);
});

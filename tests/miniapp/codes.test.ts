/**
 * The member code's symbols, drawn without any package on the phone:
 * Code 128-C (lib/code128.ts) checked against the standard's values written out
 * here, and the QR encoder (lib/qr.ts) checked module by module against the
 * `qrcode` package and decoded with jsQR.
 */
import QRCode from 'qrcode';
import jsQR from 'jsqr';
import { CODE128_PATTERNS, code128CModules, code128CValues, code128CWidths } from '@/lib/code128';
import { encodeQrDigits, QR_SIZE, qrRuns } from '@/lib/qr';
import { rasterize } from './support/codes';

describe('Code 128 set C', () => {
  // ISO/IEC 15417 symbol widths (bar, space, bar, space, bar, space), only those the example needs
  const SPEC: Record<number, string> = {
    12: '112232',
    34: '131123',
    42: '112133',
    56: '331121',
    78: '241112',
    90: '214121',
    105: '211232', // START C
    106: '2331112', // STOP
  };
  const CODE = '421234567890123456';

  test('symbol values: START C, digit pairs, weighted check mod 103, STOP', () => {
    const pairs = [42, 12, 34, 56, 78, 90, 12, 34, 56];
    const check = (105 + pairs.reduce((sum, v, i) => sum + v * (i + 1), 0)) % 103;
    expect(check).toBe(21); // 105 + 42 + 24 + 102 + 224 + 390 + 540 + 84 + 272 + 504 = 2287 = 22 × 103 + 21
    expect(code128CValues(CODE)).toEqual([105, ...pairs, check, 106]);
  });

  test('bar pattern of a known 18-digit code equals the one built from the spec', () => {
    const values = [105, 42, 12, 34, 56, 78, 90, 12, 34, 56, 21, 106];
    const spec: Record<number, string> = { ...SPEC, 21: '213212' };
    const expected = values
      .map((v) =>
        Array.from(spec[v], Number)
          .map((w, i) => (i % 2 === 0 ? '1' : '0').repeat(w))
          .join(''),
      )
      .join('');
    expect(code128CModules(CODE)).toBe(expected);
    expect(expected).toHaveLength(11 * 11 + 13);
    expect(code128CWidths(CODE).reduce((a, b) => a + b, 0)).toBe(134);
  });

  test('the table is a valid Code 128 table: 11 modules per symbol, even bar total, all distinct', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    CODE128_PATTERNS.forEach((p, value) => {
      const widths = Array.from(p, Number);
      expect(widths.reduce((a, b) => a + b, 0)).toBe(value === 106 ? 13 : 11);
      const bars = widths.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0);
      expect(bars % 2).toBe(0);
    });
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
  });

  test('rejects odd lengths and non-digits', () => {
    expect(() => code128CValues('123')).toThrow();
    expect(() => code128CValues('12a4')).toThrow();
    expect(() => code128CValues('')).toThrow();
  });
});

describe('QR version 1-M, numeric', () => {
  const samples = ['421234567890123456', '000000000000000000', '999999999999999999', '7', '1234567890123456789012345678901234'];

  test.each(samples)('%s: every mask equals the qrcode package module for module', (digits) => {
    for (let mask = 0; mask < 8; mask++) {
      const ref = QRCode.create(digits, { version: 1, errorCorrectionLevel: 'M', maskPattern: mask as QRCode.QRCodeMaskPattern });
      const mine = encodeQrDigits(digits, mask);
      expect(mine).toHaveLength(QR_SIZE);
      const diff: string[] = [];
      for (let r = 0; r < QR_SIZE; r++) {
        for (let c = 0; c < QR_SIZE; c++) if (Boolean(ref.modules.get(r, c)) !== mine[r][c]) diff.push(`${r},${c}`);
      }
      expect({ mask, diff }).toEqual({ mask, diff: [] });
    }
  });

  test.each(samples)('%s: jsQR decodes the chosen-mask symbol', (digits) => {
    const { data, size } = rasterize(encodeQrDigits(digits));
    expect(jsQR(data, size, size)?.data).toBe(digits);
  });

  test('too long or not digits is refused', () => {
    expect(() => encodeQrDigits('1'.repeat(35))).toThrow();
    expect(() => encodeQrDigits('12ab')).toThrow();
  });

  test('runs cover the row exactly', () => {
    const row = [true, true, false, true, false, false, false];
    expect(qrRuns(row)).toEqual([
      [true, 2],
      [false, 1],
      [true, 1],
      [false, 3],
    ]);
  });
});

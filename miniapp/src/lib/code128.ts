/**
 * Code 128 (ISO/IEC 15417), code set C only: an even-length string of digits is
 * encoded two digits per symbol. The member code (18 digits) becomes
 * START C, 9 data symbols, the check symbol and STOP = 134 modules.
 * Pure TS, no canvas: <Barcode> draws the widths with Views.
 */

/**
 * Element widths (in modules) of every symbol value, bar first: 0–105 have six
 * elements (3 bars, 3 spaces, 11 modules); 106 is STOP (4 bars, 3 spaces, 13 modules).
 */
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const CODE128_START_C = 105;
export const CODE128_STOP = 106;
/** Light modules each side of the symbol (the standard asks for at least 10). */
export const CODE128_QUIET_ZONE = 10;

/** Symbol values: START C, one value per digit pair, check (mod 103), STOP. */
export function code128CValues(digits: string): number[] {
  if (!/^(?:\d\d)+$/.test(digits)) throw new Error('Code 128-C needs a non-empty, even number of digits');
  const data: number[] = [];
  for (let i = 0; i < digits.length; i += 2) data.push(Number(digits.slice(i, i + 2)));
  const weighted = data.reduce((sum, value, i) => sum + value * (i + 1), CODE128_START_C);
  return [CODE128_START_C, ...data, weighted % 103, CODE128_STOP];
}

/** Element widths in modules, alternating bar, space, bar, …; starts and ends with a bar. */
export function code128CWidths(digits: string): number[] {
  return code128CValues(digits).flatMap((value) => Array.from(CODE128_PATTERNS[value], Number));
}

/** The symbol as a module string ('1' dark, '0' light), quiet zones excluded. */
export function code128CModules(digits: string): string {
  return code128CWidths(digits)
    .map((width, i) => (i % 2 === 0 ? '1' : '0').repeat(width))
    .join('');
}

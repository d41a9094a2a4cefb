/**
 * A minimal QR Code encoder (ISO/IEC 18004) for the member code: version 1
 * (21×21 modules), error correction level M, numeric mode — up to 34 digits,
 * the member code has 18. The mask with the lowest penalty score is chosen
 * (any mask is decodable; the score only avoids confusing patterns).
 * Pure TS, no canvas: <QrCode> draws the matrix with Views.
 */

export const QR_SIZE = 21;
/** Light modules around the symbol (the standard asks for 4). */
export const QR_QUIET_ZONE = 4;
const DATA_CODEWORDS = 16; // version 1-M
const EC_CODEWORDS = 10; // version 1-M, one block
const FORMAT_EC_LEVEL_M = 0b00;
export const QR_MAX_DIGITS = 34;

/** [row][column], true = dark. */
export type QrMatrix = boolean[][];

// ---------------------------------------------------------------- Reed–Solomon over GF(2^8), x^8+x^4+x^3+x^2+1

function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

/** Coefficients (highest first, leading 1 dropped) of the product of (x − α^i), i < degree. */
function rsGenerator(degree: number): number[] {
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < degree) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function rsRemainder(data: number[], generator: number[]): number[] {
  const result = new Array<number>(generator.length).fill(0);
  for (const byte of data) {
    const factor = byte ^ (result.shift() as number);
    result.push(0);
    generator.forEach((coef, i) => {
      result[i] ^= gfMultiply(coef, factor);
    });
  }
  return result;
}

// ---------------------------------------------------------------- data codewords

function dataCodewords(digits: string): number[] {
  const bits: number[] = [];
  const push = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  push(0b0001, 4); // numeric mode
  push(digits.length, 10); // character count (versions 1–9)
  for (let i = 0; i < digits.length; i += 3) {
    const group = digits.slice(i, i + 3);
    push(Number(group), group.length * 3 + 1); // 10, 7 or 4 bits
  }
  const capacity = DATA_CODEWORDS * 8;
  push(0, Math.min(4, capacity - bits.length)); // terminator
  while (bits.length % 8 !== 0) bits.push(0);
  const bytes: number[] = [];
  for (let i = 0; i < bits.length; i += 8) bytes.push(bits.slice(i, i + 8).reduce((b, bit) => (b << 1) | bit, 0));
  for (let pad = 0xec; bytes.length < DATA_CODEWORDS; pad ^= 0xec ^ 0x11) bytes.push(pad);
  return bytes;
}

// ---------------------------------------------------------------- matrix

interface Grid {
  modules: QrMatrix;
  /** function patterns and format areas: not data, never masked */
  reserved: boolean[][];
}

function newGrid(): Grid {
  const make = () => Array.from({ length: QR_SIZE }, () => new Array<boolean>(QR_SIZE).fill(false));
  return { modules: make(), reserved: make() };
}

function setFunction(g: Grid, row: number, col: number, dark: boolean): void {
  g.modules[row][col] = dark;
  g.reserved[row][col] = true;
}

function drawFunctionPatterns(g: Grid): void {
  // finder patterns with their light separators
  for (const [top, left] of [
    [0, 0],
    [0, QR_SIZE - 7],
    [QR_SIZE - 7, 0],
  ]) {
    for (let dr = -1; dr <= 7; dr++) {
      for (let dc = -1; dc <= 7; dc++) {
        const row = top + dr;
        const col = left + dc;
        if (row < 0 || row >= QR_SIZE || col < 0 || col >= QR_SIZE) continue;
        const ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
        setFunction(g, row, col, ring <= 1 || ring === 3);
      }
    }
  }
  // timing patterns
  for (let i = 8; i < QR_SIZE - 8; i++) {
    setFunction(g, 6, i, i % 2 === 0);
    setFunction(g, i, 6, i % 2 === 0);
  }
  drawFormatBits(g, 0); // reserves the format areas; redrawn for the chosen mask
}

/** 15 format bits (EC level + mask, BCH(15,5), XOR 0x5412) in both copies, and the dark module. */
function drawFormatBits(g: Grid, mask: number): void {
  const data = (FORMAT_EC_LEVEL_M << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  // around the top-left finder
  for (let i = 0; i <= 5; i++) setFunction(g, i, 8, bit(i));
  setFunction(g, 7, 8, bit(6));
  setFunction(g, 8, 8, bit(7));
  setFunction(g, 8, 7, bit(8));
  for (let i = 9; i < 15; i++) setFunction(g, 8, 14 - i, bit(i));
  // split between the other two finders
  for (let i = 0; i < 8; i++) setFunction(g, 8, QR_SIZE - 1 - i, bit(i));
  for (let i = 8; i < 15; i++) setFunction(g, QR_SIZE - 15 + i, 8, bit(i));
  setFunction(g, QR_SIZE - 8, 8, true);
}

/** Codeword bits in the two-column zigzag from the bottom-right corner, skipping the vertical timing column. */
function drawCodewords(g: Grid, codewords: number[]): void {
  let i = 0;
  for (let right = QR_SIZE - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < QR_SIZE; vert++) {
      const row = upward ? QR_SIZE - 1 - vert : vert;
      for (let j = 0; j < 2; j++) {
        const col = right - j;
        if (g.reserved[row][col] || i >= codewords.length * 8) continue;
        g.modules[row][col] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
    }
  }
}

function maskBit(mask: number, row: number, col: number): boolean {
  switch (mask) {
    case 0: return (row + col) % 2 === 0;
    case 1: return row % 2 === 0;
    case 2: return col % 3 === 0;
    case 3: return (row + col) % 3 === 0;
    case 4: return (Math.floor(row / 2) + Math.floor(col / 3)) % 2 === 0;
    case 5: return ((row * col) % 2) + ((row * col) % 3) === 0;
    case 6: return (((row * col) % 2) + ((row * col) % 3)) % 2 === 0;
    default: return (((row + col) % 2) + ((row * col) % 3)) % 2 === 0;
  }
}

function applyMask(g: Grid, mask: number): void {
  for (let row = 0; row < QR_SIZE; row++) {
    for (let col = 0; col < QR_SIZE; col++) {
      if (!g.reserved[row][col] && maskBit(mask, row, col)) g.modules[row][col] = !g.modules[row][col];
    }
  }
}

/** Penalty score (rules N1–N4 of the standard). */
function penalty(m: QrMatrix): number {
  let score = 0;
  const lines: boolean[][] = [...m, ...m.map((_, col) => m.map((row) => row[col]))];
  const finderLike = ['10111010000', '00001011101'];
  for (const line of lines) {
    let run = 1;
    for (let i = 1; i <= line.length; i++) {
      if (i < line.length && line[i] === line[i - 1]) run++;
      else {
        if (run >= 5) score += run - 2; // N1: 3 + (run − 5)
        run = 1;
      }
    }
    const text = line.map((d) => (d ? '1' : '0')).join('');
    for (const pattern of finderLike) {
      for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) score += 40; // N3
    }
  }
  for (let row = 0; row < QR_SIZE - 1; row++) {
    for (let col = 0; col < QR_SIZE - 1; col++) {
      const c = m[row][col];
      if (c === m[row][col + 1] && c === m[row + 1][col] && c === m[row + 1][col + 1]) score += 3; // N2
    }
  }
  const total = QR_SIZE * QR_SIZE;
  const dark = m.reduce((n, row) => n + row.filter(Boolean).length, 0);
  score += Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10; // N4: 10 per 5 % away from half
  return score;
}

/**
 * The QR matrix of a digit string (version 1-M, numeric mode). `mask` forces a
 * mask pattern (0–7); by default the one with the lowest penalty is used.
 */
export function encodeQrDigits(digits: string, mask?: number): QrMatrix {
  if (!/^\d+$/.test(digits) || digits.length > QR_MAX_DIGITS) {
    throw new Error(`QR version 1-M numeric holds 1–${QR_MAX_DIGITS} digits`);
  }
  const data = dataCodewords(digits);
  const codewords = [...data, ...rsRemainder(data, rsGenerator(EC_CODEWORDS))];
  const build = (m: number): QrMatrix => {
    const g = newGrid();
    drawFunctionPatterns(g);
    drawCodewords(g, codewords);
    applyMask(g, m);
    drawFormatBits(g, m);
    return g.modules;
  };
  if (mask !== undefined) return build(mask);
  let best: { matrix: QrMatrix; score: number } | null = null;
  for (let m = 0; m < 8; m++) {
    const matrix = build(m);
    const score = penalty(matrix);
    if (!best || score < best.score) best = { matrix, score };
  }
  return (best as { matrix: QrMatrix }).matrix;
}

/** Runs of equal modules in a row: [dark, length][], for drawing with few Views. */
export function qrRuns(row: boolean[]): Array<[boolean, number]> {
  const runs: Array<[boolean, number]> = [];
  for (const dark of row) {
    const last = runs[runs.length - 1];
    if (last && last[0] === dark) last[1]++;
    else runs.push([dark, 1]);
  }
  return runs;
}

/**
 * Reading the member code back out of the rendered page: the barcode's bars as
 * a module string, the QR's runs as a matrix, and a matrix as pixels for jsQR.
 */
export type Matrix = boolean[][];

/** Modules of a rendered <Barcode>: '1' per dark module, '0' per light one (quiet zones included). */
export function barcodeModules(root: HTMLElement): string {
  return Array.from(root.children)
    .map((el) => {
      const width = Number((el as HTMLElement).style.flexGrow);
      if (!Number.isInteger(width) || width < 1) throw new Error(`bad bar width ${(el as HTMLElement).style.flexGrow}`);
      return (el.classList.contains('barcode__bar') ? '1' : '0').repeat(width);
    })
    .join('');
}

/** Matrix of a rendered <QrCode>: rows of runs, each run growing by its module count. */
export function qrMatrix(root: HTMLElement): Matrix {
  return Array.from(root.children).map((row) =>
    Array.from(row.children).flatMap((run) =>
      new Array<boolean>(Number((run as HTMLElement).style.flexGrow)).fill(run.classList.contains('qr__run--dark')),
    ),
  );
}

/** RGBA pixels of a matrix with a 4-module quiet zone, `scale` pixels per module. */
export function rasterize(matrix: Matrix, scale = 6): { data: Uint8ClampedArray; size: number } {
  const quiet = 4;
  const n = matrix.length;
  const size = (n + quiet * 2) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.floor(y / scale) - quiet;
      const c = Math.floor(x / scale) - quiet;
      if (r >= 0 && c >= 0 && r < n && c < n && matrix[r][c]) {
        const i = (y * size + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  }
  return { data, size };
}

/**
 * Generates the tab bar icons (81x81 PNG, normal grey + selected WeChat green)
 * into src/assets/tabbar/. Shapes are inside-tests in a 0..1 square, rendered
 * with 4x4 supersampling for smooth edges. Run: node miniapp/scripts/gen-tabbar-icons.mjs
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 81;
const SS = 4;
const COLORS = { normal: [0x99, 0x99, 0x99], active: [0x07, 0xc1, 0x60] };
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/assets/tabbar');

const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (!inRect(x, y, x0, y0, x1, y1)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return inCircle(x, y, cx, cy, r);
}
function inPolygon(x, y, pts) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const icons = {
  // 首页: a house with a door
  home(x, y) {
    const roof = inPolygon(x, y, [[0.5, 0.12], [0.9, 0.48], [0.1, 0.48]]);
    const body = inRect(x, y, 0.2, 0.44, 0.8, 0.86);
    const door = inRoundRect(x, y, 0.42, 0.6, 0.58, 0.87, 0.04);
    return (roof || body) && !door;
  },
  // 领券: a ticket with side notches and a dashed tear line
  coupon(x, y) {
    const body = inRoundRect(x, y, 0.1, 0.24, 0.9, 0.76, 0.08);
    const notch = inCircle(x, y, 0.1, 0.5, 0.09) || inCircle(x, y, 0.9, 0.5, 0.09);
    const dash = x >= 0.36 && x <= 0.4 && y > 0.28 && y < 0.72 && Math.floor(y * 20) % 2 === 0;
    return body && !notch && !dash;
  },
  // 预约: a calendar with rings and day cells
  calendar(x, y) {
    const frame = inRoundRect(x, y, 0.12, 0.2, 0.88, 0.88, 0.08);
    const inner = inRect(x, y, 0.19, 0.38, 0.81, 0.81);
    const cell = [0.26, 0.44, 0.62].some((cx) => [0.46, 0.64].some((cy) => inRect(x, y, cx, cy, cx + 0.12, cy + 0.1)));
    const ring = inRoundRect(x, y, 0.28, 0.1, 0.36, 0.3, 0.04) || inRoundRect(x, y, 0.64, 0.1, 0.72, 0.3, 0.04);
    return ring || (frame && (!inner || cell));
  },
  // 会员: a crown
  crown(x, y) {
    const crown = inPolygon(x, y, [[0.12, 0.3], [0.32, 0.52], [0.5, 0.22], [0.68, 0.52], [0.88, 0.3], [0.8, 0.72], [0.2, 0.72]]);
    const band = inRoundRect(x, y, 0.2, 0.77, 0.8, 0.86, 0.03);
    const gems = inCircle(x, y, 0.12, 0.27, 0.06) || inCircle(x, y, 0.5, 0.18, 0.06) || inCircle(x, y, 0.88, 0.27, 0.06);
    return crown || band || gems;
  },
  // 我的: a person
  person(x, y) {
    const head = inCircle(x, y, 0.5, 0.32, 0.17);
    const body = y >= 0.56 && y <= 0.88 && ((x - 0.5) / 0.34) ** 2 + ((y - 0.88) / 0.32) ** 2 <= 1;
    return head || body;
  },
};

const files = { home: 'home', coupon: 'coupon', calendar: 'booking', crown: 'member', person: 'mine' };

function render(shape, [r, g, b]) {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          if (shape((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits++;
        }
      }
      const i = (py * SIZE + px) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = Math.round((255 * hits) / (SS * SS));
    }
  }
  return PNG.sync.write(png);
}

fs.mkdirSync(outDir, { recursive: true });
for (const [shape, name] of Object.entries(files)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), render(icons[shape], COLORS.normal));
  fs.writeFileSync(path.join(outDir, `${name}-active.png`), render(icons[shape], COLORS.active));
}
console.log(`wrote ${Object.keys(files).length * 2} icons to ${path.relative(process.cwd(), outDir)}`);

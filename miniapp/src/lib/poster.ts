/**
 * The invite poster, drawn on any 2D canvas context (WeChat's Canvas 2D node or
 * a browser canvas): brand band, the partner's avatar initial and nickname,
 * 「邀请你加入 HomeClub 家居会员」, a line about the welcome gift, the
 * mini-program code (an image the caller has loaded) and the invite code.
 * Pure drawing: the platform adapters (platform/poster*.tsx) create the canvas,
 * load the code image and export the result.
 */

export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1200;
/** Where the mini-program code goes (canvas pixels). */
export const POSTER_CODE_BOX = { x: 205, y: 600, size: 340 } as const;

/** The part of CanvasRenderingContext2D the poster uses (WeChat's context has the same). */
export interface PosterContext {
  fillStyle: unknown;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  fill(): void;
  drawImage(image: never, x: number, y: number, w: number, h: number): void;
  createLinearGradient(x0: number, y0: number, x1: number, y1: number): { addColorStop(offset: number, color: string): void };
}

export interface PosterContent {
  nickname: string;
  code: string;
}

const FONT = "'PingFang SC', 'Helvetica Neue', 'Microsoft YaHei', sans-serif";
const GREEN = '#07c160';
const GREEN_DARK = '#058a45';

/** `text`, shortened with 「…」 to fit `maxWidth` at the context's current font. */
export function fitText(ctx: Pick<PosterContext, 'measureText'>, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 1) {
    chars.pop();
    const candidate = `${chars.join('')}…`;
    if (ctx.measureText(candidate).width <= maxWidth) return candidate;
  }
  return `${chars.join('')}…`;
}

function roundRect(ctx: PosterContext, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
  ctx.fill();
}

function text(ctx: PosterContext, value: string, x: number, y: number, font: string, color: string): void {
  ctx.font = `${font} ${FONT}`;
  ctx.fillStyle = color;
  ctx.fillText(value, x, y);
}

/** Draw the whole poster; `codeImage` is the loaded mini-program code (or null to leave a placeholder). */
export function drawPoster(ctx: PosterContext, content: PosterContent, codeImage: unknown): void {
  const W = POSTER_WIDTH;
  const center = W / 2;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';

  // background and brand band
  ctx.fillStyle = '#f4f1ea';
  ctx.fillRect(0, 0, W, POSTER_HEIGHT);
  const band = ctx.createLinearGradient(0, 0, W, 420);
  band.addColorStop(0, GREEN);
  band.addColorStop(1, GREEN_DARK);
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, W, 420);
  text(ctx, 'HomeClub 家居', center, 96, 'bold 48px', '#ffffff');
  text(ctx, '会员俱乐部 · 为家挑好物', center, 156, '28px', 'rgba(255,255,255,0.85)');

  // card
  ctx.fillStyle = '#ffffff';
  roundRect(ctx, 48, 220, W - 96, 920, 28);

  // avatar initial
  ctx.fillStyle = '#e8f8ef';
  ctx.beginPath();
  ctx.arc(center, 300, 56, 0, Math.PI * 2);
  ctx.fill();
  text(ctx, Array.from(content.nickname)[0] ?? '友', center, 300, 'bold 48px', GREEN_DARK);

  ctx.font = `bold 40px ${FONT}`;
  text(ctx, fitText(ctx, content.nickname, W - 200), center, 410, 'bold 40px', '#191919');
  text(ctx, '邀请你加入 HomeClub 家居会员', center, 470, '32px', '#333333');
  text(ctx, '注册即领见面礼 · 专享优惠券与积分好礼', center, 526, '26px', '#888888');

  // mini-program code
  const box = POSTER_CODE_BOX;
  if (codeImage) {
    ctx.drawImage(codeImage as never, box.x, box.y, box.size, box.size);
  } else {
    ctx.fillStyle = '#f2f2f2';
    ctx.fillRect(box.x, box.y, box.size, box.size);
  }
  text(ctx, '长按识别或微信扫码，立即加入', center, box.y + box.size + 56, '26px', '#555555');
  text(ctx, `邀请码 ${content.code}`, center, box.y + box.size + 110, 'bold 30px', GREEN_DARK);
}

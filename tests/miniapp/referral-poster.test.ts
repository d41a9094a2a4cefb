/**
 * The invite poster drawing (lib/poster.ts), on a recording 2D context: the
 * background, the nickname (shortened to fit), the invitation line, the code
 * image in its box and the invite code.
 */
import { drawPoster, fitText, POSTER_CODE_BOX, POSTER_HEIGHT, POSTER_WIDTH, type PosterContext } from '@/lib/poster';
import { fakeContext, type DrawCall } from './support/referrals';

function draw(nickname: string, image: unknown = { id: 'code-image' }) {
  const calls: DrawCall[] = [];
  drawPoster(fakeContext(calls) as unknown as PosterContext, { nickname, code: 'HC8K2M' }, image);
  return calls;
}

const texts = (calls: DrawCall[]) => calls.filter(([m]) => m === 'fillText').map(([, t]) => t);

test('the poster: full background, nickname, invitation, code image in its box, invite code', () => {
  const image = { id: 'code-image' };
  const calls = draw('林小雨', image);
  expect(calls.find(([m]) => m === 'fillRect')).toEqual(['fillRect', 0, 0, POSTER_WIDTH, POSTER_HEIGHT]);
  expect(texts(calls)).toEqual(expect.arrayContaining(['林', '林小雨', '邀请你加入 HomeClub 家居会员', '邀请码 HC8K2M']));
  expect(calls.filter(([m]) => m === 'drawImage')).toEqual([
    ['drawImage', image, POSTER_CODE_BOX.x, POSTER_CODE_BOX.y, POSTER_CODE_BOX.size, POSTER_CODE_BOX.size],
  ]);
  // the code box lies inside the poster
  expect(POSTER_CODE_BOX.x + POSTER_CODE_BOX.size).toBeLessThanOrEqual(POSTER_WIDTH);
  expect(POSTER_CODE_BOX.y + POSTER_CODE_BOX.size).toBeLessThan(POSTER_HEIGHT);
});

test('a long nickname is shortened with 「…」 to fit', () => {
  const long = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五';
  const shown = texts(draw(long))[3] as string;
  expect(shown.endsWith('…')).toBe(true);
  expect(Array.from(shown).length * 20).toBeLessThanOrEqual(POSTER_WIDTH - 200);
  expect(long.startsWith(shown.slice(0, -1))).toBe(true);
});

test('without the code image the box is left blank instead of failing', () => {
  const calls = draw('林小雨', null);
  expect(calls.some(([m]) => m === 'drawImage')).toBe(false);
  expect(calls).toContainEqual(['fillRect', POSTER_CODE_BOX.x, POSTER_CODE_BOX.y, POSTER_CODE_BOX.size, POSTER_CODE_BOX.size]);
});

test('fitText keeps text that fits', () => {
  const measure = { measureText: (t: string) => ({ width: Array.from(t).length * 10 }) };
  expect(fitText(measure, '林小雨', 30)).toBe('林小雨');
  expect(fitText(measure, '林小雨', 29)).toBe('林…');
});

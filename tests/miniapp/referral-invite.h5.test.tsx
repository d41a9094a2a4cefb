/**
 * 邀请有礼, H5 demo build: a browser has no share sheet, so the invite link
 * (this site + `#/pages/index/index?inviter=CODE`) is shown and copied; the
 * poster is drawn on an off-screen browser canvas and shown as an <img> to
 * long-press, with a download link — no album permission, no WeChat APIs.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/invite-share', () => jest.requireActual('@/platform/invite-share.h5'));
jest.mock('@/platform/invite-poster', () => jest.requireActual('@/platform/invite-poster.h5'));
import { act, fireEvent, render } from '@testing-library/react';
import InvitePage from '@/pages-referral/invite/index';
import { login, signOut } from '@/services/session';
import { POSTER_CODE_BOX } from '@/lib/poster';
import { resetTaroMock } from './mocks/taro';
import { fail, ok, pathOf, serve, session } from './support/http';
import {
  CODE,
  dashboard,
  fakeContext,
  installTaroExtras,
  partnerMe,
  PNG_BASE64,
  posterCode,
  SHARE_PATH,
  type DrawCall,
  type TaroExtras,
} from './support/referrals';

let extras: TaroExtras;
let calls: DrawCall[];
let images: Array<{ src: string }>;
const POSTER_URL = 'data:image/png;base64,UE9TVEVS';

async function settle(rounds = 8) {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

async function renderInvite() {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/referrals/me') return ok(partnerMe());
    if (path === '/api/referrals/dashboard') return ok(dashboard());
    if (path === '/api/referrals/poster-code') return ok(posterCode());
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<InvitePage />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);

beforeEach(async () => {
  resetTaroMock();
  extras = installTaroExtras();
  await signOut();
  calls = [];
  images = [];
  const ctx = fakeContext(calls);
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as never);
  jest.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => POSTER_URL);
  // jsdom loads no images: this one "loads" as soon as it has a src
  jest.spyOn(window, 'Image').mockImplementation(() => {
    const image = { onload: null as null | (() => void), onerror: null, _src: '' };
    Object.defineProperty(image, 'src', {
      get: () => image._src,
      set: (v: string) => {
        image._src = v;
        setTimeout(() => image.onload?.(), 0);
      },
    });
    images.push(image as unknown as { src: string });
    return image as unknown as HTMLImageElement;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

test('share: the full invite link of this site to copy, no open-type share button', async () => {
  await renderInvite();
  const link = `${window.location.origin}${window.location.pathname}#${SHARE_PATH}`;
  expect(el('invite-share-link')?.textContent).toBe(link);
  const button = el('invite-share')!;
  expect(button.getAttribute('data-open-type')).toBeNull();
  fireEvent.click(button);
  expect(extras.setClipboardData).toHaveBeenCalledWith({ data: expect.stringContaining(link) });
  expect(extras.useShareAppMessage).not.toHaveBeenCalled();
});

test('poster: drawn off screen with the code image, shown as an image, downloadable as a PNG', async () => {
  const sent = await renderInvite();
  await act(async () => {
    fireEvent.click(el('invite-poster')!);
  });
  await settle();
  expect(sent.map(pathOf)).toContain('/api/referrals/poster-code');
  expect(images.map((i) => i.src)).toEqual([`data:image/png;base64,${PNG_BASE64}`]);
  expect(calls.filter(([m]) => m === 'drawImage')).toEqual([
    ['drawImage', images[0], POSTER_CODE_BOX.x, POSTER_CODE_BOX.y, POSTER_CODE_BOX.size, POSTER_CODE_BOX.size],
  ]);
  expect(calls.filter(([m]) => m === 'fillText').map(([, t]) => t)).toEqual(expect.arrayContaining(['林小雨', `邀请码 ${CODE}`]));
  expect(el('invite-poster-image')?.getAttribute('src')).toBe(POSTER_URL);
  expect(el('invite-poster-canvas')).toBeNull();

  const clicked: HTMLAnchorElement[] = [];
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  fireEvent.click(el('invite-poster-save')!);
  expect(clicked).toHaveLength(1);
  expect(clicked[0].getAttribute('href')).toBe(POSTER_URL);
  expect(clicked[0].download).toBe(`homeclub-invite-${CODE}.png`);
  expect(extras.saveImageToPhotosAlbum).not.toHaveBeenCalled();
});

test('poster: a code image that cannot load gives an error and a retry', async () => {
  (window.Image as unknown as jest.Mock).mockImplementation(() => {
    const image = { onload: null, onerror: null as null | (() => void) };
    Object.defineProperty(image, 'src', { set: () => setTimeout(() => image.onerror?.(), 0) });
    return image;
  });
  await renderInvite();
  await act(async () => {
    fireEvent.click(el('invite-poster')!);
  });
  await settle();
  expect(el('invite-poster-error')?.textContent).toBe('海报生成失败，请重试');
  expect(el('invite-poster-image')).toBeNull();
});

/**
 * Invite landing: InviteBanner asks the public GET /api/invites/:code (no
 * login, no token) and shows who invites and the welcome coupon; an invalid
 * invite gets a short note, a network failure nothing. inviterFromLaunch
 * reads the code from `inviter` or a poster code's (URL-encoded) `scene`.
 */
import { act, render } from '@testing-library/react';
import { InviteBanner, inviterFromLaunch } from '@/components/InviteBanner';
import { inviterFromLaunch as fromServices, inviterFromScene } from '@/services/referrals';
import { signOut } from '@/services/session';
import { getAccessToken } from '@/services/storage';
import { login as wxLogin, resetTaroMock } from './mocks/taro';
import { fail, ok, pathOf, serve, type Reply } from './support/http';
import { CODE, landing } from './support/referrals';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });
}

async function renderBanner(code: string, reply: Reply | (() => never)) {
  const sent = serve(() => (typeof reply === 'function' ? reply() : reply));
  render(<InviteBanner code={code} />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('valid invite: 「XX 邀请你加入 HomeClub 家居会员」 and the welcome coupon, before any login', async () => {
  const sent = await renderBanner(CODE, ok(landing()));
  expect(sent).toHaveLength(1);
  expect(pathOf(sent[0])).toBe(`/api/invites/${CODE}`);
  expect(sent[0].header.Authorization).toBeUndefined();
  expect(wxLogin).not.toHaveBeenCalled();
  expect(getAccessToken()).toBeNull();
  expect(el('invite-banner-title')?.textContent).toBe('林** 邀请你加入 HomeClub 家居会员');
  const coupon = el('invite-banner-coupon')!;
  expect(coupon.textContent).toContain('新人见面礼 满500减50');
  expect(coupon.textContent).toContain('全场家具可用，注册后 30 天内有效');
  expect(el('invite-banner-invalid')).toBeNull();
});

test('a lower-case code is asked for in upper case', async () => {
  const sent = await renderBanner(CODE.toLowerCase(), ok(landing()));
  expect(pathOf(sent[0])).toBe(`/api/invites/${CODE}`);
});

test('valid invite without a welcome coupon: the banner without the coupon card', async () => {
  await renderBanner(CODE, ok(landing({ welcomeCoupon: null })));
  expect(el('invite-banner')).not.toBeNull();
  expect(el('invite-banner-coupon')).toBeNull();
});

test('an invite the server calls invalid (inactive partner, programme off): the note, no banner', async () => {
  await renderBanner(CODE, ok({ valid: false, inviterNickname: null, welcomeCoupon: null }));
  expect(el('invite-banner')).toBeNull();
  expect(el('invite-banner-invalid')?.textContent).toContain('该邀请已失效');
});

test('an unknown code (404) is invalid too; a malformed one is not even asked for', async () => {
  await renderBanner(CODE, fail(404, 'REFERRAL_CODE_UNKNOWN', '邀请码无效'));
  expect(el('invite-banner-invalid')).not.toBeNull();
  document.body.innerHTML = '';
  const sent = await renderBanner('O0-bad', ok(landing()));
  expect(sent).toHaveLength(0);
  expect(el('invite-banner-invalid')).not.toBeNull();
  expect(el('invite-banner')).toBeNull();
});

test('a network failure shows nothing (the page works without the banner)', async () => {
  await renderBanner(CODE, () => {
    throw new Error('offline');
  });
  expect(el('invite-banner')).toBeNull();
  expect(el('invite-banner-invalid')).toBeNull();
});

test.each([
  ['a shared card: inviter', { inviter: CODE }, CODE],
  ['inviter in lower case, padded', { inviter: ` ${CODE.toLowerCase()} ` }, CODE],
  ['a poster code: scene URL-encoded once', { scene: `i%3D${CODE}` }, CODE],
  ['scene encoded twice', { scene: `i%253D${CODE}` }, CODE],
  ['scene already decoded', { scene: `i=${CODE}` }, CODE],
  ['scene with other pairs', { scene: encodeURIComponent(`s=1&i=${CODE}`) }, CODE],
  ['inviter wins over scene', { inviter: CODE, scene: 'i%3DABCD' }, CODE],
  ['a malformed inviter falls back to the scene', { inviter: 'O0O0', scene: 'i%3DABCD' }, 'ABCD'],
  ['look-alike characters (0, O, 1, I, L) are not codes', { inviter: 'AB0O' }, null],
  ['too long', { inviter: 'ABCDEFGHJ' }, null],
  ['a scene of another kind', { scene: 'store%3D12' }, null],
  ['a bad escape', { scene: 'i%E0%A4%A' }, null],
  ['the launch scene number is not a code', { scene: 1047 }, null],
  ['nothing', {}, null],
])('inviterFromLaunch: %s', (_name, params, expected) => {
  expect(inviterFromLaunch(params)).toBe(expected);
  expect(fromServices(params)).toBe(expected);
});

test('inviterFromLaunch with no params at all, inviterFromScene alone', () => {
  expect(inviterFromLaunch(undefined)).toBeNull();
  expect(inviterFromLaunch(null)).toBeNull();
  expect(inviterFromScene(`i%3D${CODE}`)).toBe(CODE);
  expect(inviterFromScene('')).toBeNull();
});

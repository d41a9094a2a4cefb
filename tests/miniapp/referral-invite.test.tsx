/**
 * 邀请有礼 (weapp platform files): joining (active at once, pending an
 * application, not eligible, outdated terms), the partner's code (copy), the
 * share card (open-type share + onShareAppMessage), the poster (Canvas 2D →
 * temp file → album, with the album permission refused and granted in
 * settings), and the dashboard (totals, friends, rewards in each state,
 * leaderboard) in points and in cash.
 */
jest.mock('@tarojs/components', () => {
  const actual = jest.requireActual('./mocks/components');
  const { createElement } = jest.requireActual('react');
  // The shared mock has no Canvas: a plain <canvas> carrying the id and type.
  const Canvas = (props: { id?: string; className?: string; type?: string }) =>
    createElement('canvas', { id: props.id, className: props.className, 'data-type': props.type });
  return { ...actual, Canvas };
});
import { act, fireEvent, render } from '@testing-library/react';
import InvitePage from '@/pages-referral/invite/index';
import { login, signOut } from '@/services/session';
import { POSTER_CODE_BOX } from '@/lib/poster';
import { resetTaroMock, showModal, showToast } from './mocks/taro';
import { fail, ok, pathOf, serve, session, type Reply, type SentRequest } from './support/http';
import {
  CODE,
  dashboard,
  installTaroExtras,
  leaderboard,
  partnerMe,
  partnerView,
  PNG_BASE64,
  posterCode,
  referralMe,
  reward,
  SHARE_PATH,
  SUMMARY,
  TERMS,
  type ReferralMe,
  type TaroExtras,
} from './support/referrals';

let extras: TaroExtras;

/** Let requests, timers (nextTick, canvas query, image load) and renders run. */
async function settle(rounds = 6) {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

interface Server {
  me: ReferralMe | Reply;
  join?: (req: SentRequest) => Reply;
  dashboard?: Reply;
  leaderboard?: (req: SentRequest) => Reply;
  poster?: Reply;
}

async function renderInvite(server: Server) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/referrals/me') return 'status' in server.me ? (server.me as Reply) : ok(server.me);
    if (path === '/api/referrals/join' && server.join) return server.join(req);
    if (path === '/api/referrals/dashboard') return server.dashboard ?? ok(dashboard());
    if (path.startsWith('/api/referrals/leaderboard')) return server.leaderboard ? server.leaderboard(req) : ok(leaderboard());
    if (path === '/api/referrals/poster-code') return server.poster ?? ok(posterCode());
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
const text = (id: string) => el(id)?.textContent ?? '';
const paths = (sent: SentRequest[]) => sent.map(pathOf);
const toastTitles = () => showToast.mock.calls.map(([o]) => o.title);

beforeEach(async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 2, 0, 0), advanceTimers: true });
  resetTaroMock();
  extras = installTaroExtras();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

// ---------------------------------------------------------------- joining

test('not a partner: terms (scrollable), reward rules and 「同意协议并成为合伙人」; no dashboard asked for', async () => {
  const sent = await renderInvite({ me: referralMe() });
  expect(el('invite-terms')?.textContent).toBe(TERMS);
  expect(text('invite-summary')).toContain(SUMMARY);
  expect(text('invite-join')).toBe('同意协议并成为合伙人');
  expect(el('invite-code')).toBeNull();
  expect(el('invite-dashboard')).toBeNull();
  expect(paths(sent)).not.toContain('/api/referrals/dashboard');
});

test('joining sends the terms version shown; an active partner then gets the code, share and dashboard', async () => {
  let me: ReferralMe = referralMe();
  const sent = await renderInvite({
    get me() {
      return me;
    },
    join: () => {
      me = partnerMe();
      return ok(partnerView());
    },
  });
  await act(async () => {
    fireEvent.click(el('invite-join')!);
  });
  await settle();
  const joins = sent.filter((r) => pathOf(r) === '/api/referrals/join');
  expect(joins).toHaveLength(1);
  expect(joins[0]).toMatchObject({ method: 'POST', data: { termsVersion: 'v2' } });
  expect(text('invite-code')).toBe(CODE);
  expect(el('invite-join')).toBeNull();
  expect(el('invite-dashboard')).not.toBeNull();
  expect(el('invite-share')?.getAttribute('data-open-type')).toBe('share');
  expect(toastTitles()).toContain('已成为合伙人');
});

test('with applications: the partner is pending → 「申请已提交，等待审核」, no code and no dashboard', async () => {
  let me: ReferralMe = referralMe({ eligibility: 'application' });
  const sent = await renderInvite({
    get me() {
      return me;
    },
    join: () => {
      me = referralMe({ eligibility: 'application', partner: partnerView({ status: 'pending' }) });
      return ok(partnerView({ status: 'pending' }));
    },
  });
  expect(text('invite-join').length).toBeGreaterThan(0);
  await act(async () => {
    fireEvent.click(el('invite-join')!);
  });
  await settle();
  expect(text('invite-applied')).toContain('申请已提交，等待审核');
  expect(el('invite-join')).toBeNull();
  expect(el('invite-code')).toBeNull();
  expect(paths(sent)).not.toContain('/api/referrals/dashboard');
  expect(toastTitles()).not.toContain('已成为合伙人');
});

test('a pending application shows the waiting notice on arrival; a rejected one says so', async () => {
  await renderInvite({ me: referralMe({ partner: partnerView({ status: 'pending' }) }) });
  expect(text('invite-applied')).toContain('申请已提交，等待审核');
  document.body.innerHTML = '';
  await renderInvite({ me: referralMe({ partner: partnerView({ status: 'rejected' }) }) });
  expect(el('invite-rejected')).not.toBeNull();
  expect(el('invite-join')).toBeNull();
});

test('not eligible: the reason instead of the button', async () => {
  await renderInvite({ me: referralMe({ eligibility: 'tier', eligible: false, ineligibleReason: '金卡及以上会员可成为合伙人' }) });
  expect(text('invite-ineligible')).toBe('金卡及以上会员可成为合伙人');
  expect(el('invite-join')).toBeNull();
});

test('terms changed meanwhile: the error shows, the new terms load, and the next try sends the new version', async () => {
  let me: ReferralMe = referralMe();
  let answers = 0;
  const sent = await renderInvite({
    get me() {
      return me;
    },
    join: (req) => {
      answers++;
      if ((req.data as { termsVersion: string }).termsVersion === 'v2') {
        me = referralMe({ termsVersion: 'v3', termsText: '新版协议全文' });
        return fail(409, 'REFERRAL_TERMS_OUTDATED', '合伙人协议已更新，请重新阅读并同意');
      }
      me = partnerMe({ termsVersion: 'v3', partner: partnerView({ termsVersion: 'v3' }) });
      return ok(partnerView({ termsVersion: 'v3' }));
    },
  });
  await act(async () => {
    fireEvent.click(el('invite-join')!);
  });
  await settle();
  expect(text('invite-join-error')).toBe('合伙人协议已更新，请重新阅读并同意');
  expect(text('invite-terms')).toBe('新版协议全文');
  await act(async () => {
    fireEvent.click(el('invite-join')!);
  });
  await settle();
  expect(answers).toBe(2);
  expect(sent.filter((r) => pathOf(r) === '/api/referrals/join').map((r) => (r.data as { termsVersion: string }).termsVersion)).toEqual(['v2', 'v3']);
  expect(text('invite-code')).toBe(CODE);
});

test('the page says what failed to load and retries', async () => {
  let me: ReferralMe | Reply = fail(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后重试');
  await renderInvite({
    get me() {
      return me;
    },
  });
  expect(text('invite-error')).toContain('服务繁忙，请稍后重试');
  me = referralMe();
  await act(async () => {
    fireEvent.click(el('invite-error')!.querySelector('button')!);
  });
  await settle();
  expect(el('invite-join')).not.toBeNull();
});

// ---------------------------------------------------------------- partner: code, share, poster

test('partner: the code copies to the clipboard', async () => {
  await renderInvite({ me: partnerMe() });
  expect(text('invite-code')).toBe(CODE);
  fireEvent.click(el('invite-copy')!);
  expect(extras.setClipboardData).toHaveBeenCalledWith({ data: CODE });
});

test('share: an open-type share button, and the page share card is the invite path', async () => {
  await renderInvite({ me: partnerMe() });
  expect(el('invite-share')?.getAttribute('data-open-type')).toBe('share');
  expect(extras.useShareAppMessage).toHaveBeenCalled();
  const card = extras.shareHandler() as { title: string; path: string };
  expect(card.path).toBe(SHARE_PATH);
  expect(card.title).toContain('邀请你加入 HomeClub 家居会员，注册领见面礼');
  expect(card.title).toContain('林小雨');
  expect(el('invite-share-link')).toBeNull(); // the H5 link is not in the weapp build
});

test('programme paused: no share or poster, the dashboard still shows', async () => {
  await renderInvite({ me: partnerMe({ active: false }) });
  expect(el('invite-paused')).not.toBeNull();
  expect(el('invite-share')).toBeNull();
  expect(el('invite-poster')).toBeNull();
  expect(el('invite-dashboard')).not.toBeNull();
  const card = extras.shareHandler() as { path: string };
  expect(card.path).toBe('/pages/index/index');
});

test('poster: the code PNG goes to a file, is drawn on the 2D canvas with the nickname, exported and shown', async () => {
  const sent = await renderInvite({ me: partnerMe() });
  await act(async () => {
    fireEvent.click(el('invite-poster')!);
  });
  await settle(10);
  expect(paths(sent)).toContain('/api/referrals/poster-code');
  expect(el('invite-poster-canvas')?.getAttribute('data-type')).toBe('2d');
  expect(extras.writeFile).toHaveBeenCalledWith(
    expect.objectContaining({ filePath: `wxfile://usr/invite-code-${CODE}.png`, data: PNG_BASE64, encoding: 'base64' }),
  );
  const { canvas } = extras;
  expect([canvas.width, canvas.height]).toEqual([750, 1200]);
  const image = canvas.createImage.mock.results[0].value as { src: string };
  expect(image.src).toBe(`wxfile://usr/invite-code-${CODE}.png`);
  const drawn = canvas.calls.filter(([m]) => m === 'drawImage');
  expect(drawn).toEqual([['drawImage', image, POSTER_CODE_BOX.x, POSTER_CODE_BOX.y, POSTER_CODE_BOX.size, POSTER_CODE_BOX.size]]);
  const texts = canvas.calls.filter(([m]) => m === 'fillText').map(([, t]) => t);
  expect(texts).toEqual(expect.arrayContaining(['林小雨', '邀请你加入 HomeClub 家居会员', `邀请码 ${CODE}`]));
  expect(extras.canvasToTempFilePath).toHaveBeenCalledWith(expect.objectContaining({ canvas, fileType: 'png' }));
  expect(el('invite-poster-image')?.getAttribute('src')).toBe('wxfile://tmp/poster.png');
});

test('poster: 保存到相册 saves the exported file and says so', async () => {
  await renderInvite({ me: partnerMe() });
  await act(async () => {
    fireEvent.click(el('invite-poster')!);
  });
  await settle(10);
  await act(async () => {
    fireEvent.click(el('invite-poster-save')!);
  });
  await settle();
  expect(extras.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/poster.png' });
  expect(toastTitles()).toContain('已保存到相册');
});

test('poster: album permission refused → a modal → settings → allowed → saved', async () => {
  extras.saveImageToPhotosAlbum
    .mockImplementationOnce(() => Promise.reject({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' }))
    .mockImplementationOnce(() => Promise.resolve({ errMsg: 'saveImageToPhotosAlbum:ok' }));
  extras.openSetting.mockImplementation((o: { success?: (r: unknown) => void }) => {
    o.success?.({ authSetting: { 'scope.writePhotosAlbum': true } });
    return Promise.resolve();
  });
  await renderInvite({ me: partnerMe() });
  await act(async () => {
    fireEvent.click(el('invite-poster')!);
  });
  await settle(10);
  await act(async () => {
    fireEvent.click(el('invite-poster-save')!);
  });
  await settle();
  expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '需要相册权限', confirmText: '去设置' }));
  expect(extras.openSetting).toHaveBeenCalledTimes(1);
  expect(extras.saveImageToPhotosAlbum).toHaveBeenCalledTimes(2);
  expect(toastTitles()).toContain('已保存到相册');
});

test('poster: refusing the settings modal does not open settings; cancelling the save says nothing', async () => {
  extras.saveImageToPhotosAlbum
    .mockImplementationOnce(() => Promise.reject({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' }))
    .mockImplementationOnce(() => Promise.reject({ errMsg: 'saveImageToPhotosAlbum:fail cancel' }));
  showModal.mockImplementation(() => Promise.resolve({ confirm: false, cancel: true }));
  await renderInvite({ me: partnerMe() });
  await act(async () => {
    fireEvent.click(el('invite-poster')!);
  });
  await settle(10);
  for (let i = 0; i < 2; i++) {
    await act(async () => {
      fireEvent.click(el('invite-poster-save')!);
    });
    await settle();
  }
  expect(showModal).toHaveBeenCalledTimes(1);
  expect(extras.openSetting).not.toHaveBeenCalled();
  expect(toastTitles()).not.toContain('已保存到相册');
  expect(toastTitles()).not.toContain('保存失败，请稍后重试');
});

test('poster: the server failing to make the code is shown on the page', async () => {
  await renderInvite({ me: partnerMe(), poster: fail(502, 'WECHAT_API_ERROR', '微信服务暂时不可用，请稍后重试') });
  await act(async () => {
    fireEvent.click(el('invite-poster')!);
  });
  await settle();
  expect(text('invite-poster-error')).toBe('微信服务暂时不可用，请稍后重试');
  expect(el('invite-poster-image')).toBeNull();
});

// ---------------------------------------------------------------- dashboard

test('dashboard (points): totals, friends with their status, rewards pending / settled with claw-back / cancelled', async () => {
  await renderInvite({ me: partnerMe() });
  expect(text('invite-invited')).toBe('3邀请好友');
  expect(text('invite-purchased')).toBe('1已下单');
  expect(text('invite-pending')).toBe('250待结算积分');
  expect(text('invite-settled')).toBe('380已到账积分');
  expect(text('invite-clawed')).toBe('120已追回积分');

  const friends = el('invite-friends')!;
  expect(friends.querySelectorAll('.invite-row')).toHaveLength(3);
  expect(text('invite-friend-0')).toContain('陈**');
  expect(text('invite-friend-0')).toContain('已下单');
  expect(text('invite-friend-1')).toContain('已预约');
  expect(text('invite-friend-1')).toContain('海报扫码');
  expect(text('invite-friend-2')).toContain('已注册');
  expect(text('invite-friend-2')).toContain('门店报备');

  const [pending, settled, cancelled] = dashboard().rewards;
  const p = text(`invite-reward-${pending.id}`);
  expect(p).toContain('250 积分');
  expect(p).toContain('待结算');
  expect(p).toContain('预计 2026-11-29 到账');
  expect(p).toContain('好友部分退款，原 300 积分');
  const s = text(`invite-reward-${settled.id}`);
  expect(s).toContain('380 积分');
  expect(s).toContain('已到账');
  expect(s).toContain('2026-11-10 到账');
  expect(s).toContain('已追回 120 积分');
  const c = text(`invite-reward-${cancelled.id}`);
  expect(c).toContain('已取消');
  expect(c).toContain('200 积分');
  expect(c).toContain('二级奖励');
  expect(el(`invite-reward-${cancelled.id}`)!.className).toContain('invite-reward--cancelled');
});

test('dashboard (cash commission): amounts in yuan from fen', async () => {
  await renderInvite({
    me: partnerMe(),
    dashboard: ok(
      dashboard({
        kind: 'cash',
        pending: 1250,
        settled: 30000,
        clawedBack: 0,
        rewards: [reward(7, { kind: 'cash', amount: 1250, netAmount: 1250 })],
      }),
    ),
  });
  expect(text('invite-pending')).toBe('12.50待结算(元)');
  expect(text('invite-settled')).toBe('300已到账(元)');
  expect(text(`invite-reward-${reward(7).id}`)).toContain('¥12.50');
});

test('dashboard: a new partner sees empty lists with what to do', async () => {
  await renderInvite({
    me: partnerMe(),
    dashboard: ok(dashboard({ invited: 0, purchased: 0, pending: 0, settled: 0, clawedBack: 0, friends: [], rewards: [] })),
  });
  expect(el('invite-friends-empty')).not.toBeNull();
  expect(el('invite-rewards-empty')).not.toBeNull();
});

test('leaderboard tab: this month by default (masked names, me highlighted), 上月 asks for the month before', async () => {
  const sent = await renderInvite({
    me: partnerMe(),
    leaderboard: (req) => (pathOf(req).includes('month=2026-10') ? ok(leaderboard({ month: '2026-10', items: [] })) : ok(leaderboard())),
  });
  expect(paths(sent).some((p) => p.startsWith('/api/referrals/leaderboard'))).toBe(false);
  fireEvent.click(el('invite-tab-leaderboard')!);
  await settle();
  expect(paths(sent)).toContain('/api/referrals/leaderboard');
  const board = el('invite-leaderboard')!;
  expect(board.querySelectorAll('.invite-rank')).toHaveLength(3);
  expect(text('invite-rank-1')).toContain('王**');
  expect(text('invite-rank-1')).toContain('5,200 积分');
  expect(el('invite-rank-2')!.className).toContain('invite-rank--me');
  expect(text('invite-rank-2')).toContain('（我）');
  expect(text('invite-rank-2')).not.toContain('*'); // my own name, not the masked one others see
  expect(el('invite-rank-1')!.className).not.toContain('invite-rank--me');
  expect(el('invite-friends')).toBeNull();

  fireEvent.click(el('invite-month-prev')!);
  await settle();
  expect(paths(sent)).toContain('/api/referrals/leaderboard?month=2026-10');
  expect(el('invite-leaderboard-empty')).not.toBeNull();
  expect(text('invite-leaderboard')).toContain('2026年10月');

  fireEvent.click(el('invite-tab-mine')!);
  await settle();
  expect(el('invite-friends')).not.toBeNull();
});

test('a partner with outdated terms is asked to accept the new ones (same code kept)', async () => {
  let me: ReferralMe = partnerMe({ termsVersion: 'v3', partner: partnerView({ termsVersion: 'v2' }) });
  const sent = await renderInvite({
    get me() {
      return me;
    },
    join: () => {
      me = partnerMe({ termsVersion: 'v3', partner: partnerView({ termsVersion: 'v3' }) });
      return ok(partnerView({ termsVersion: 'v3' }));
    },
  });
  expect(el('invite-terms-updated')).not.toBeNull();
  expect(text('invite-code')).toBe(CODE);
  await act(async () => {
    fireEvent.click(el('invite-terms-accept')!);
  });
  await settle();
  expect(sent.find((r) => pathOf(r) === '/api/referrals/join')?.data).toEqual({ termsVersion: 'v3' });
  expect(el('invite-terms-updated')).toBeNull();
});

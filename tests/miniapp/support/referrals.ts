/**
 * Partner referrals in the mini-program tests: fixtures for the referral
 * routes, and the WeChat APIs the shared Taro mock lacks (clipboard, launch
 * options, the share hook, nextTick, canvas / file / album APIs), installed
 * onto the mock's default export — the object `import Taro from '@tarojs/taro'`
 * gives the code under test. Call installTaroExtras() in beforeEach (after
 * resetTaroMock()): every call gives fresh jest.fns with WeChat's default answers.
 */
import type { DashboardResponse, PartnerView, ResponseOf, RewardView } from '@homeclub/shared';
import Taro from '../mocks/taro';

export type ReferralMe = ResponseOf<'referralMe'>;
export type Leaderboard = ResponseOf<'referralLeaderboard'>;
export type PosterCode = ResponseOf<'referralPosterCode'>;
export type InviteLanding = ResponseOf<'inviteLanding'>;

export const CODE = 'HC8K2M';
export const SHARE_PATH = `/pages/index/index?inviter=${CODE}`;
/** 1×1 transparent PNG. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export const TERMS = '一、合伙人邀请好友注册 HomeClub 会员。\n二、好友首单支付后发放奖励。\n三、禁止刷单，违规奖励将被追回。';
export const SUMMARY = '好友首单支付后，您获得 200 积分 + 实付金额的 1%（实付每 ¥100 得 100 积分）。奖励在支付 7 天后（退款期结束）到账。';

export function partnerView(overrides: Partial<PartnerView> = {}): PartnerView {
  return {
    memberId: '64b7f0c2a1b2c3d4e5f60718',
    code: CODE,
    status: 'active',
    termsVersion: 'v2',
    acceptedAt: '2026-11-01T08:00:00.000Z',
    nickname: '林小雨',
    ...overrides,
  };
}

/** GET /api/referrals/me of a member who may join (not a partner yet). */
export function referralMe(overrides: Partial<ReferralMe> = {}): ReferralMe {
  return {
    active: true,
    termsVersion: 'v2',
    termsText: TERMS,
    eligibility: 'any',
    eligible: true,
    ineligibleReason: null,
    rewardSummary: SUMMARY,
    partner: null,
    sharePath: null,
    ...overrides,
  };
}

/** GET /api/referrals/me of an active partner. */
export function partnerMe(overrides: Partial<ReferralMe> = {}): ReferralMe {
  return referralMe({ partner: partnerView(), sharePath: SHARE_PATH, ...overrides });
}

export function reward(n: number, overrides: Partial<RewardView> = {}): RewardView {
  return {
    id: (0x6d0000000000000000000000n + BigInt(n)).toString(16),
    level: 1,
    kind: 'points',
    amount: 300,
    netAmount: 300,
    clawedBack: 0,
    state: 'pending',
    settleAt: '2026-11-29T02:00:00.000Z',
    settledAt: null,
    clawedBackAt: null,
    orderPaidAt: '2026-11-22T02:00:00.000Z',
    friend: '陈**',
    ...overrides,
  };
}

/** Points programme: 3 friends (registered, booked, purchased) and rewards in each state. */
export function dashboard(overrides: Partial<DashboardResponse> = {}): DashboardResponse {
  return {
    code: CODE,
    invited: 3,
    purchased: 1,
    pending: 250,
    settled: 380,
    clawedBack: 120,
    kind: 'points',
    friends: [
      { nickname: '陈**', status: 'purchased', boundAt: '2026-11-20T02:00:00.000Z', via: 'link' },
      { nickname: '赵*', status: 'booked', boundAt: '2026-11-19T02:00:00.000Z', via: 'poster' },
      { nickname: '林***', status: 'registered', boundAt: '2026-11-18T02:00:00.000Z', via: 'lead' },
    ],
    rewards: [
      // pending, reduced by a partial refund 300 → 250
      reward(1, { netAmount: 250 }),
      // settled 500, 120 clawed back after a later refund
      reward(2, { state: 'settled', amount: 500, netAmount: 380, clawedBack: 120, settleAt: '2026-11-10T02:00:00.000Z', orderPaidAt: '2026-11-03T02:00:00.000Z', friend: '赵*' }),
      // fully refunded inside the window
      reward(3, { state: 'cancelled', amount: 200, netAmount: 0, friend: '林***', level: 2 }),
    ],
    ...overrides,
  };
}

export function leaderboard(overrides: Partial<Leaderboard> = {}): Leaderboard {
  return {
    month: '2026-11',
    kind: 'points',
    items: [
      { rank: 1, nickname: '王**', amount: 5200, me: false },
      { rank: 2, nickname: '林**', amount: 3800, me: true },
      { rank: 3, nickname: '周*', amount: 1200, me: false },
    ],
    ...overrides,
  };
}

export function posterCode(overrides: Partial<PosterCode> = {}): PosterCode {
  return { scene: `i=${CODE}`, page: 'pages/index/index', pngBase64: PNG_BASE64, nickname: '林小雨', code: CODE, ...overrides };
}

export function landing(overrides: Partial<InviteLanding> = {}): InviteLanding {
  return {
    valid: true,
    inviterNickname: '林**',
    welcomeCoupon: { name: '新人见面礼 满500减50', description: '全场家具可用，注册后 30 天内有效' },
    ...overrides,
  };
}

// ---------------------------------------------------------------- Taro APIs the shared mock lacks

type Fn = jest.Mock;

export interface TaroExtras {
  setClipboardData: Fn;
  getLaunchOptionsSync: Fn;
  useShareAppMessage: Fn;
  nextTick: Fn;
  createSelectorQuery: Fn;
  getFileSystemManager: Fn;
  writeFile: Fn;
  canvasToTempFilePath: Fn;
  saveImageToPhotosAlbum: Fn;
  openSetting: Fn;
  /** what the selector query finds for '#invite-poster-canvas' */
  canvas: FakeCanvas;
  /** the page's share handler, as registered with useShareAppMessage (latest render) */
  shareHandler: () => unknown;
}

/** Every call made on the fake 2D context: [method or "set prop", ...args]. */
export type DrawCall = [string, ...unknown[]];

export interface FakeCanvas {
  width: number;
  height: number;
  calls: DrawCall[];
  getContext: Fn;
  createImage: Fn;
}

/** A 2D context that records what is drawn (measureText: 20 px per character). */
export function fakeContext(calls: DrawCall[]): Record<string, unknown> {
  const ctx: Record<string, unknown> = {};
  for (const prop of ['fillStyle', 'font', 'textAlign', 'textBaseline']) {
    let value: unknown = '';
    Object.defineProperty(ctx, prop, {
      get: () => value,
      set: (v: unknown) => {
        value = v;
        calls.push([`set ${prop}`, v]);
      },
    });
  }
  for (const method of ['fillRect', 'fillText', 'beginPath', 'closePath', 'moveTo', 'arcTo', 'arc', 'fill', 'drawImage']) {
    ctx[method] = (...args: unknown[]) => {
      calls.push([method, ...args]);
    };
  }
  ctx.measureText = (text: string) => ({ width: Array.from(text).length * 20 });
  ctx.createLinearGradient = () => ({ addColorStop: () => undefined });
  return ctx;
}

function fakeCanvas(): FakeCanvas {
  const calls: DrawCall[] = [];
  const ctx = fakeContext(calls);
  return {
    width: 300,
    height: 150,
    calls,
    getContext: jest.fn(() => ctx),
    // WeChat's canvas image: loads (asynchronously) whatever src it is given
    createImage: jest.fn(() => {
      const image: { src: string; onload: (() => void) | null; onerror: (() => void) | null } = { src: '', onload: null, onerror: null };
      let src = '';
      Object.defineProperty(image, 'src', {
        get: () => src,
        set: (v: string) => {
          src = v;
          setTimeout(() => image.onload?.(), 0);
        },
      });
      return image;
    }),
  };
}

export function installTaroExtras(): TaroExtras {
  const canvas = fakeCanvas();
  const writeFile = jest.fn((o: { success?: () => void }) => o.success?.());
  const extras: TaroExtras = {
    canvas,
    writeFile,
    shareHandler: () => undefined,
    setClipboardData: jest.fn(() => Promise.resolve({ errMsg: 'setClipboardData:ok' })),
    getLaunchOptionsSync: jest.fn(() => ({ path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} })),
    useShareAppMessage: jest.fn((handler: () => unknown) => {
      extras.shareHandler = handler;
    }),
    nextTick: jest.fn((cb: () => void) => setTimeout(cb, 0)),
    createSelectorQuery: jest.fn(() => {
      const query: { select: Fn; fields: Fn; exec: Fn } = {
        select: jest.fn(() => query),
        fields: jest.fn(() => query),
        exec: jest.fn((cb: (res: unknown[]) => void) => setTimeout(() => cb([{ node: canvas, width: 375, height: 600 }]), 0)),
      };
      return query;
    }),
    getFileSystemManager: jest.fn(() => ({ writeFile })),
    canvasToTempFilePath: jest.fn(() => Promise.resolve({ tempFilePath: 'wxfile://tmp/poster.png', errMsg: 'canvasToTempFilePath:ok' })),
    saveImageToPhotosAlbum: jest.fn(() => Promise.resolve({ errMsg: 'saveImageToPhotosAlbum:ok' })),
    openSetting: jest.fn(),
  };
  Object.assign(Taro as unknown as Record<string, unknown>, {
    setClipboardData: extras.setClipboardData,
    getLaunchOptionsSync: extras.getLaunchOptionsSync,
    useShareAppMessage: extras.useShareAppMessage,
    nextTick: extras.nextTick,
    createSelectorQuery: extras.createSelectorQuery,
    getFileSystemManager: extras.getFileSystemManager,
    canvasToTempFilePath: extras.canvasToTempFilePath,
    saveImageToPhotosAlbum: extras.saveImageToPhotosAlbum,
    openSetting: extras.openSetting,
    env: { USER_DATA_PATH: 'wxfile://usr' },
  });
  return extras;
}

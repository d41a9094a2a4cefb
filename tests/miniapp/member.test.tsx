/**
 * 会员 tab: the card (tier, colour, card number, points, next tier from fen),
 * the rotating member code computed on the phone (memberCode() from shared,
 * barcode + QR + digits + countdown, offline from the stored secret), perks,
 * expiring points and the link to 积分明细.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import jsQR from 'jsqr';
import { memberCode, type MemberCard } from '@homeclub/shared';
import MemberPage from '@/pages/member/index';
import { bootstrapSession, login, signOut } from '@/services/session';
import { nextTierText } from '@/services/membership';
import { getStoredCodeSecret, storeCodeSecret, storeSession } from '@/services/storage';
import { code128CModules } from '@/lib/code128';
import { navigateTo, request, resetTaroMock } from './mocks/taro';
import { CODE_SECRET, fail, member, memberCard, ok, pathOf, serve, session, type Reply, type SentRequest } from './support/http';
import { barcodeModules, qrMatrix, rasterize } from './support/codes';

const MEMBER_ID = member().id;
/** 10:00:05 UTC: 55 s before the code rotates. */
const T0 = Date.UTC(2026, 10, 22, 10, 0, 5);

/** Let pending replies and React updates settle (works with fake timers too). */
async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

function server(card: MemberCard | Reply = memberCard(), extra: (req: SentRequest) => Reply | null = () => null) {
  return serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/member/card') return 'status' in card ? card : ok(card);
    if (path === '/api/member/code-secret') return ok(CODE_SECRET);
    return extra(req) ?? fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
}

async function signInAndRender(card: MemberCard | Reply = memberCard()) {
  const sent = server(card);
  await act(async () => {
    await login();
  });
  render(<MemberPage />);
  await settle();
  return sent;
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;

beforeEach(async () => {
  jest.useRealTimers();
  resetTaroMock();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('card face', () => {
  test('tier on its colour, nickname, masked phone, grouped card number, available points, next tier', async () => {
    await signInAndRender();
    expect(text('member-tier')).toBe('银卡');
    const card = document.getElementById('member-card')!;
    expect(card.style.background).toContain('linear-gradient');
    expect(card.style.background.replace(/\s/g, '')).toMatch(/#8a9bb0|rgb\(138,155,176\)/);
    expect(card.textContent).toContain('林小雨');
    expect(card.textContent).toContain('138****8000');
    expect(text('member-card-no')).toBe('1234 5678 90');
    expect(text('member-points')).toBe('3,200');
    expect(card.textContent).toContain('另有 200 积分冻结中');
    expect(text('member-next-tier')).toBe('再消费 ¥1,234 升级金卡');
  });

  test('the top tier says 「已是最高等级」', async () => {
    await signInAndRender(memberCard({ nextTier: null }));
    expect(text('member-next-tier')).toBe('已是最高等级');
  });

  test('next-tier money comes from integer fen, exactly', async () => {
    await signInAndRender(memberCard({ nextTier: { name: '黑金卡', threshold: 9e15, growthNeeded: 1, spendNeededFen: 9007199254740991 } }));
    // a float (fen / 100) would print 90071992547409.9
    expect(text('member-next-tier')).toBe('再消费 ¥90,071,992,547,409.91 升级黑金卡');

    const next = (spendNeededFen: number) => nextTierText({ nextTier: { name: '金卡', threshold: 1, growthNeeded: 1, spendNeededFen } });
    expect(next(123456)).toBe('再消费 ¥1,234.56 升级金卡');
    expect(next(123400)).toBe('再消费 ¥1,234 升级金卡');
    expect(next(5)).toBe('再消费 ¥0.05 升级金卡');
    expect(next(10)).toBe('再消费 ¥0.10 升级金卡');
  });

  test('perks, the first expiring lot, and the link to 积分明细', async () => {
    await signInAndRender();
    const perks = document.getElementById('member-perks')!;
    expect(perks.textContent).toContain('银卡权益');
    for (const perk of memberCard().perks) expect(perks.textContent).toContain(perk);
    expect(text('member-expiring')).toBe('1,200 积分将于 2026-12-31 过期');
    fireEvent.click(document.getElementById('member-points-link')!);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-member/points/index' });
  });

  test('no expiring points: no notice', async () => {
    await signInAndRender(memberCard({ points: { balance: 10, held: 0, available: 10, expiring: [] } }));
    expect(document.getElementById('member-expiring')).toBeNull();
    expect(document.getElementById('member-card')!.textContent).not.toContain('冻结中');
  });

  test('a failed card load shows the server message and retries', async () => {
    let calls = 0;
    serve((req) => {
      const path = pathOf(req);
      if (path === '/api/auth/login') return ok(session(1));
      if (path === '/api/member/code-secret') return ok(CODE_SECRET);
      calls++;
      return calls === 1 ? fail(500, 'INTERNAL', '服务器开小差了，请稍后重试') : ok(memberCard());
    });
    await act(async () => {
      await login();
    });
    render(<MemberPage />);
    expect(await screen.findByText('服务器开小差了，请稍后重试')).toBeTruthy();
    // the member code does not depend on the card
    expect(text('member-code-digits')).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{2}$/);
    fireEvent.click(screen.getByText('重新加载'));
    await settle();
    expect(text('member-tier')).toBe('银卡');
  });
});

describe('rotating member code', () => {
  test('computed locally every second; changes after 60 s and always equals memberCode()', async () => {
    jest.useFakeTimers({ now: T0 });
    const sent = await signInAndRender();
    const expected = (t: number) => memberCode(CODE_SECRET.chainPrefix, CODE_SECRET.cardNo, CODE_SECRET.secret, t);
    const digits = () => (text('member-code-digits') ?? '').replace(/ /g, '');

    const first = expected(T0);
    expect(first).toMatch(/^421234567890\d{6}$/);
    expect(digits()).toBe(first);
    expect(text('member-code-digits')).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{2}$/);
    expect(text('member-code-countdown')).toBe('55 秒后自动刷新');

    // the clock ticks just after each whole second
    act(() => {
      jest.advanceTimersByTime(10_005);
    });
    expect(text('member-code-countdown')).toBe('45 秒后自动刷新');
    expect(digits()).toBe(first);

    act(() => {
      jest.advanceTimersByTime(50_000);
    });
    expect(Date.now()).toBe(T0 + 60_005);
    const second = expected(T0 + 60_000);
    expect(second).not.toBe(first);
    expect(digits()).toBe(second);
    expect(text('member-code-countdown')).toBe('55 秒后自动刷新');

    // fetched once, stored for offline use, no request per tick
    expect(sent.filter((r) => pathOf(r) === '/api/member/code-secret')).toHaveLength(1);
    expect(getStoredCodeSecret(MEMBER_ID)).toMatchObject(CODE_SECRET);
    expect(sent.filter((r) => pathOf(r) === '/api/member/card')).toHaveLength(1);
  });

  test('the rendered barcode is the Code 128-C symbol of the shown code, and the QR decodes to it', async () => {
    jest.useFakeTimers({ now: T0 });
    await signInAndRender();
    const code = (text('member-code-digits') ?? '').replace(/ /g, '');
    const quiet = '0'.repeat(10);
    expect(barcodeModules(document.getElementById('member-barcode')!)).toBe(`${quiet}${code128CModules(code)}${quiet}`);

    const matrix = qrMatrix(document.getElementById('member-qr')!);
    expect(matrix.map((row) => row.length)).toEqual(new Array(21).fill(21));
    const { data, size } = rasterize(matrix);
    expect(jsQR(data, size, size)?.data).toBe(code);
    expect(document.getElementById('member-code')!.textContent).toContain('请调高屏幕亮度，向店员出示');
  });

  test('offline: a stored secret shows the code without any request', async () => {
    jest.useFakeTimers({ now: T0 });
    storeSession(session(1));
    storeCodeSecret({ memberId: MEMBER_ID, ...CODE_SECRET });
    request.mockImplementation(() => Promise.reject({ errMsg: 'request:fail' }));
    await act(async () => {
      await bootstrapSession(); // cached member stays usable offline
    });
    render(<MemberPage />);
    await settle();
    expect(text('member-code-digits')!.replace(/ /g, '')).toBe(
      memberCode(CODE_SECRET.chainPrefix, CODE_SECRET.cardNo, CODE_SECRET.secret, T0),
    );
    expect(request.mock.calls.map(([o]) => pathOf(o as SentRequest))).not.toContain('/api/member/code-secret');
    expect(text('member-card-error')).toContain('网络连接失败');
  });

  test("another member's stored secret is not used", async () => {
    storeCodeSecret({ memberId: '64b7f0c2a1b2c3d4e5f6ffff', ...CODE_SECRET, secret: 'ab'.repeat(20) });
    const sent = await signInAndRender();
    expect(sent.filter((r) => pathOf(r) === '/api/member/code-secret')).toHaveLength(1);
    expect(getStoredCodeSecret(MEMBER_ID)?.secret).toBe(CODE_SECRET.secret);
  });

  test('no secret and no network: an error with retry', async () => {
    let down = true;
    serve((req) => {
      const path = pathOf(req);
      if (path === '/api/auth/login') return ok(session(1));
      if (path === '/api/member/card') return ok(memberCard());
      return down ? fail(503, 'UNAVAILABLE', '服务暂不可用') : ok(CODE_SECRET);
    });
    await act(async () => {
      await login();
    });
    render(<MemberPage />);
    await settle();
    expect(text('member-code-error')).toContain('服务暂不可用');
    down = false;
    fireEvent.click(document.getElementById('member-code-error')!.querySelector('button')!);
    await settle();
    expect(text('member-code-digits')).toMatch(/^4212 3456 7890/);
  });

  test('signing out forgets the secret', async () => {
    await signInAndRender();
    expect(getStoredCodeSecret(MEMBER_ID)).not.toBeNull();
    await act(async () => {
      await signOut();
    });
    expect(getStoredCodeSecret(MEMBER_ID)).toBeNull();
  });
});

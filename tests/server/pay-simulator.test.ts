/**
 * The local WeChat Pay API v3 simulator, tested from the outside with our own
 * crypto helpers: requests signed as a merchant, every answer's signature
 * verified with WeChat's keys (both key modes), notifications received by a
 * tiny local Koa server that behaves like a strict merchant.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { generateSimPayKeys, type SimPayKeys } from '../../server/src/wechat/pay/sim-keys';
import { aesGcmDecrypt, PROBE_PREFIX, responseMessage, verifyRsa } from '../../server/src/wechat/pay/crypto';
import { BILL_HEADER, BILL_TOTAL_HEADER, RETRY_DELAYS_MS, withPayResult } from '../../server/simulator/pay';
import { safeReturnUrl } from '../../server/simulator/pay/payer-page';
import { http } from '../support/http';
import {
  decryptResource,
  payCall,
  startPaySimulator,
  startReceiver,
  verifyWechatpay,
  waitFor,
  type Received,
  type Receiver,
  type RunningPaySim,
} from '../support/pay-sim';

const APPID = 'wx0123456789abcdef';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

let keys: SimPayKeys;
let ps: RunningPaySim;
let receiver: Receiver;

beforeAll(async () => {
  keys = generateSimPayKeys();
  // timeScale 0.01: the first retry comes 150 ms after a failed attempt, time enough to look at the first one.
  ps = await startPaySimulator({ appid: APPID, keys, timeScale: 0.01, refundSettleMs: 60_000, notifyTimeoutMs: 300 });
  receiver = await startReceiver();
});

afterAll(async () => {
  await ps.close();
  await receiver.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.respond = strictMerchant;
});

afterEach(async () => {
  await ps.sim.whenIdle();
  await ps.sim.state.reset(); // orders, refunds, pending retries, faults, key mode, clock offset
});

// ---- helpers ---------------------------------------------------------------

let seq = 0;
const tradeNo = (tag = 'HC') => `${tag}${Date.now().toString(36)}${String(++seq).padStart(5, '0')}`;
const ctl = (method: string, path: string, body?: unknown) => http(ps.url, method, path, body === undefined ? {} : { body });

function orderBody(out_trade_no: string, over: Record<string, unknown> = {}) {
  return {
    appid: APPID,
    mchid: keys.mchid,
    description: 'HomeClub 家居-布艺沙发定金',
    out_trade_no,
    attach: 'store=SH01',
    notify_url: receiver.url('pay'),
    amount: { total: 100, currency: 'CNY' },
    payer: { openid: OPENID },
    ...over,
  };
}

async function createOrder(over: Record<string, unknown> = {}, no = tradeNo()) {
  const res = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(no, over));
  expect(res.status).toBe(200);
  return { no, prepay_id: res.body.prepay_id as string };
}

async function paidOrder(total = 100, over: Record<string, unknown> = {}) {
  const o = await createOrder({ amount: { total, currency: 'CNY' }, ...over });
  const paid = await ctl('POST', '/control/pay', { out_trade_no: o.no, action: 'confirm' });
  expect(paid.status).toBe(200);
  await ps.sim.whenIdle();
  return { ...o, transaction_id: paid.body.order.transaction_id as string };
}

const refundBody = (
  out_trade_no: string,
  out_refund_no: string,
  refund: number,
  total: number,
  over: Record<string, unknown> = {},
) => ({
  out_trade_no,
  out_refund_no,
  reason: '顾客退货',
  notify_url: receiver.url('refund'),
  amount: { refund, total, currency: 'CNY' },
  ...over,
});
const refund = (no: string, rno: string, fen: number, total: number, over: Record<string, unknown> = {}) =>
  payCall(ps, 'POST', '/v3/refund/domestic/refunds', refundBody(no, rno, fen, total, over));
const query = (no: string) => payCall(ps, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${keys.mchid}`);

/** A merchant that does everything right: only a verified, decryptable, consistent notification gets 204. */
async function strictMerchant(r: Received): Promise<number> {
  const sig = r.headers['wechatpay-signature'] ?? '';
  if (sig.startsWith(PROBE_PREFIX)) return 400;
  const ts = Number(r.headers['wechatpay-timestamp']);
  if (!(Math.abs(ps.sim.state.now() / 1000 - ts) < 300)) return 401;
  if (!verifyWechatpay(keys, r.headers, r.raw)) return 401;
  let plain: any;
  try {
    plain = decryptResource(keys.apiV3Key, r.body);
  } catch {
    return 400;
  }
  if (plain.mchid !== keys.mchid) return 400;
  if (r.body.resource.original_type === 'transaction') {
    const o = await ps.sim.order(plain.out_trade_no);
    if (plain.appid !== APPID || !o || plain.amount.total !== o.total) return 400;
  } else {
    const rf = await ps.sim.refund(plain.out_refund_no);
    if (!rf || plain.amount.total !== rf.total) return 400;
  }
  return 204;
}

const deliveriesOf = async (no: string) => (await ps.sim.state.deliveries({ out_trade_no: no })).filter((d) => !d.probe);
const notificationOf = async (no: string, type = 'TRANSACTION.SUCCESS') =>
  (await ps.sim.state.notifications({ out_trade_no: no, event_type: type }))[0]!;

// ---- authentication ----------------------------------------------------------

describe('request authentication (Authorization: WECHATPAY2-SHA256-RSA2048)', () => {
  test('a correctly signed request passes; the path may be signed with or without the local prefix', async () => {
    const no = tradeNo();
    expect((await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(no))).status).toBe(200);
    const withPrefix = await payCall(ps, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${keys.mchid}`, undefined, {
      signPath: `/sim/pay/v3/pay/transactions/out-trade-no/${no}?mchid=${keys.mchid}`,
    });
    expect(withPrefix.status).toBe(200);
  });

  test.each([
    ['bad signature (body changed after signing)', { signBody: '{"tampered":true}' }],
    ['query string not signed', { signPath: '/v3/pay/transactions/out-trade-no/X123456' }],
    ['wrong serial_no', { serial: 'ABCDEF0123456789' }],
    ['unknown mchid', { mchid: '1234567890' }],
    ['stale timestamp (6 min old)', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['timestamp 6 min in the future', { timestamp: Math.floor(Date.now() / 1000) + 360 }],
    ['no Authorization header', { noAuth: true }],
  ])('%s → 401 SIGN_ERROR, and the error answer is signed', async (_name, opts) => {
    const res = await payCall(ps, 'GET', `/v3/pay/transactions/out-trade-no/X123456?mchid=${keys.mchid}`, undefined, opts);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SIGN_ERROR');
    expect(typeof res.body.message).toBe('string');
    expect(verifyWechatpay(keys, res.headers, res.raw)).toBe(true);
  });

  test('a timestamp 299 s old is still accepted', async () => {
    const res = await payCall(ps, 'GET', `/v3/pay/transactions/out-trade-no/X123456?mchid=${keys.mchid}`, undefined, {
      timestamp: Math.floor(Date.now() / 1000) - 299,
    });
    expect(res.status).toBe(404);
  });

  test('the signature covers the raw bytes: odd whitespace and key order must be signed as sent', async () => {
    const no = tradeNo();
    const raw = `{ "out_trade_no":"${no}",  "appid":"${APPID}","mchid":"${keys.mchid}","description":"测试","notify_url":"${receiver.url('pay')}","amount":{"total":1},"payer":{"openid":"${OPENID}"} }`;
    expect((await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', undefined, { raw })).status).toBe(200);
    const resigned = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', undefined, {
      raw,
      signBody: JSON.stringify(JSON.parse(raw)),
    });
    expect(resigned.status).toBe(401);
  });
});

// ---- JSAPI order ----------------------------------------------------------------

describe('POST /v3/pay/transactions/jsapi', () => {
  test('returns a prepay_id (wx + 28 characters); 1 fen and Number.MAX_SAFE_INTEGER are valid amounts', async () => {
    for (const total of [1, Number.MAX_SAFE_INTEGER]) {
      const res = await payCall(
        ps,
        'POST',
        '/v3/pay/transactions/jsapi',
        orderBody(tradeNo(), { amount: { total, currency: 'CNY' } }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ prepay_id: expect.stringMatching(/^wx[0-9a-z]{28}$/) });
    }
  });

  test.each([
    ['amount 0', { amount: { total: 0 } }, 'amount.total'],
    ['amount -1', { amount: { total: -1 } }, 'amount.total'],
    ['amount 1.5', { amount: { total: 1.5 } }, 'amount.total'],
    ["amount '100' (string)", { amount: { total: '100' } }, 'amount.total'],
    ['amount above MAX_SAFE_INTEGER', { amount: { total: 2 ** 53 } }, 'amount.total'],
    ['currency USD', { amount: { total: 1, currency: 'USD' } }, 'amount.currency'],
    ['missing amount', { amount: undefined }, 'amount'],
    ['empty description', { description: '' }, 'description'],
    ['description of 128 characters', { description: '沙'.repeat(128) }, 'description'],
    ['out_trade_no too short', { out_trade_no: 'A1234' }, 'out_trade_no'],
    ['out_trade_no with a dot', { out_trade_no: 'HC.123456' }, 'out_trade_no'],
    ['out_trade_no of 33 characters', { out_trade_no: 'A'.repeat(33) }, 'out_trade_no'],
    ['time_expire without offset', { time_expire: '2026-11-22T18:00:00' }, 'time_expire'],
    ['time_expire not a date', { time_expire: '2026-02-30T18:00:00+08:00' }, 'time_expire'],
    ['attach of 129 characters', { attach: 'a'.repeat(129) }, 'attach'],
    ['notify_url with a query string', { notify_url: 'https://shop.example.com/pay/notify?x=1' }, 'notify_url'],
    ['notify_url over plain http to a public host', { notify_url: 'http://shop.example.com/pay/notify' }, 'notify_url'],
    ['notify_url longer than 255', { notify_url: `https://shop.example.com/${'a'.repeat(240)}` }, 'notify_url'],
    ['missing payer.openid', { payer: {} }, 'payer.openid'],
  ])('%s → 400 PARAM_ERROR naming the field', async (_name, over, field) => {
    const body = orderBody(tradeNo(), over) as Record<string, any>;
    if ('amount' in over && over.amount && typeof over.amount === 'object') body.amount = over.amount;
    const res = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PARAM_ERROR');
    expect(res.body.message).toContain(field);
    expect(verifyWechatpay(keys, res.headers, res.raw)).toBe(true);
  });

  test('https notify_url and a valid time_expire are accepted', async () => {
    const res = await payCall(
      ps,
      'POST',
      '/v3/pay/transactions/jsapi',
      orderBody(tradeNo(), { notify_url: 'https://shop.example.com/pay/notify', time_expire: '2099-11-22T18:00:00+08:00' }),
    );
    expect(res.status).toBe(200);
  });

  test('appid or mchid of another merchant → 400 APPID_MCHID_NOT_MATCH', async () => {
    for (const over of [{ appid: 'wx9999999999999999' }, { mchid: '1900000999' }]) {
      const res = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(tradeNo(), over));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('APPID_MCHID_NOT_MATCH');
    }
  });

  test('the same out_trade_no: identical → fresh prepay_id; different → 403 OUT_TRADE_NO_USED; paid → 403 ORDERPAID; closed → 400 ORDER_CLOSED', async () => {
    const a = await createOrder();
    const again = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(a.no));
    expect(again.status).toBe(200);
    expect(again.body.prepay_id).not.toBe(a.prepay_id);
    const changed = await payCall(
      ps,
      'POST',
      '/v3/pay/transactions/jsapi',
      orderBody(a.no, { amount: { total: 99, currency: 'CNY' } }),
    );
    expect(changed.status).toBe(403);
    expect(changed.body.code).toBe('OUT_TRADE_NO_USED');

    await ctl('POST', '/control/pay', { out_trade_no: a.no, action: 'confirm' });
    const paid = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(a.no));
    expect(paid.status).toBe(403);
    expect(paid.body.code).toBe('ORDERPAID');

    const b = await createOrder();
    expect((await payCall(ps, 'POST', `/v3/pay/transactions/out-trade-no/${b.no}/close`, { mchid: keys.mchid })).status).toBe(
      204,
    );
    const closed = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(b.no));
    expect(closed.status).toBe(400);
    expect(closed.body.code).toBe('ORDER_CLOSED');
  });
});

// ---- query and close -------------------------------------------------------------

describe('query and close', () => {
  test('NOTPAY → SUCCESS → REFUND, by out_trade_no and by transaction_id', async () => {
    const o = await createOrder({ amount: { total: 2599, currency: 'CNY' } });
    const q1 = await query(o.no);
    expect(q1.status).toBe(200);
    expect(q1.body).toEqual({
      appid: APPID,
      mchid: keys.mchid,
      out_trade_no: o.no,
      trade_type: 'JSAPI',
      trade_state: 'NOTPAY',
      trade_state_desc: expect.any(String),
      attach: 'store=SH01',
      payer: { openid: OPENID },
      amount: { total: 2599, currency: 'CNY' },
    });
    const cancel = await ctl('POST', '/control/pay', { out_trade_no: o.no, action: 'cancel' });
    expect(cancel.body.order.trade_state).toBe('NOTPAY');

    await ctl('POST', '/control/pay', { out_trade_no: o.no, action: 'confirm' });
    const q2 = await query(o.no);
    expect(q2.body).toMatchObject({
      trade_state: 'SUCCESS',
      transaction_id: expect.stringMatching(/^4200\d{24}$/),
      bank_type: 'OTHERS',
      success_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
      amount: { total: 2599, payer_total: 2599, currency: 'CNY', payer_currency: 'CNY' },
    });
    const byId = await payCall(ps, 'GET', `/v3/pay/transactions/id/${q2.body.transaction_id}?mchid=${keys.mchid}`);
    expect(byId.body).toEqual(q2.body);

    expect((await refund(o.no, `R${o.no}`, 100, 2599)).status).toBe(200);
    expect((await query(o.no)).body.trade_state).toBe('SUCCESS'); // refund still PROCESSING
    await ps.sim.settleRefunds(`R${o.no}`);
    expect((await query(o.no)).body.trade_state).toBe('REFUND');
  });

  test('unknown order → 404 ORDER_NOT_EXIST; missing mchid → 400 PARAM_ERROR', async () => {
    const res = await query('NOPE123456');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ORDER_NOT_EXIST');
    expect((await payCall(ps, 'GET', '/v3/pay/transactions/id/4200000000000000000000000000?mchid=' + keys.mchid)).body.code).toBe(
      'ORDER_NOT_EXIST',
    );
    const noMchid = await payCall(ps, 'GET', '/v3/pay/transactions/out-trade-no/NOPE123456');
    expect(noMchid.status).toBe(400);
    expect(noMchid.body.code).toBe('PARAM_ERROR');
  });

  test('close → 204 signed over an empty body, repeatable; paid → 400 ORDERPAID; unknown → 404', async () => {
    const o = await createOrder();
    for (let i = 0; i < 2; i++) {
      const res = await payCall(ps, 'POST', `/v3/pay/transactions/out-trade-no/${o.no}/close`, { mchid: keys.mchid });
      expect(res.status).toBe(204);
      expect(res.raw.length).toBe(0);
      expect(verifyWechatpay(keys, res.headers, Buffer.alloc(0))).toBe(true);
    }
    expect((await query(o.no)).body.trade_state).toBe('CLOSED');

    const p = await paidOrder();
    const paid = await payCall(ps, 'POST', `/v3/pay/transactions/out-trade-no/${p.no}/close`, { mchid: keys.mchid });
    expect(paid.status).toBe(400);
    expect(paid.body.code).toBe('ORDERPAID');
    const unknown = await payCall(ps, 'POST', '/v3/pay/transactions/out-trade-no/NOPE123456/close', { mchid: keys.mchid });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ORDER_NOT_EXIST');
  });

  test('an unpaid order past time_expire is CLOSED; paying it needs force ("paid after close"), which notifies', async () => {
    const expire = new Date(ps.sim.state.now() + 60_000 + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
    const o = await createOrder({ time_expire: expire });
    expect((await query(o.no)).body.trade_state).toBe('NOTPAY');
    ps.sim.state.clockOffsetMs = 61_000;
    expect((await query(o.no)).body.trade_state).toBe('CLOSED');
    const refused = await ctl('POST', '/control/pay', { out_trade_no: o.no, action: 'confirm' });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('ORDER_CLOSED');
    const forced = await ctl('POST', '/control/pay', { out_trade_no: o.no, action: 'confirm', force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.order).toMatchObject({ trade_state: 'SUCCESS', paid_after_close: true });
    await ps.sim.whenIdle();
    expect((await deliveriesOf(o.no)).map((d) => [d.event_type, d.status])).toEqual([['TRANSACTION.SUCCESS', 204]]);
  });
});

// ---- refunds ---------------------------------------------------------------------

describe('POST /v3/refund/domestic/refunds', () => {
  test('response shape; sum of non-closed refunds ≤ total; idempotent by out_refund_no; CLOSED frees the amount', async () => {
    const p = await paidOrder(100);
    const r1 = await refund(p.no, `${p.no}R1`, 60, 100);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({
      refund_id: expect.stringMatching(/^50\d{27}$/),
      out_refund_no: `${p.no}R1`,
      transaction_id: p.transaction_id,
      out_trade_no: p.no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: expect.stringMatching(/\+08:00$/),
      status: 'PROCESSING',
      funds_account: 'AVAILABLE',
      amount: {
        total: 100,
        refund: 60,
        payer_total: 100,
        payer_refund: 60,
        settlement_refund: 60,
        settlement_total: 100,
        discount_refund: 0,
        currency: 'CNY',
      },
    });
    expect(r1.body.success_time).toBeUndefined();

    const over = await refund(p.no, `${p.no}R2`, 41, 100);
    expect(over.status).toBe(400);
    expect(over.body.code).toBe('INVALID_REQUEST');
    expect(over.body.message).toContain('退款金额超过可退金额');

    const r2 = await refund(p.no, `${p.no}R2`, 40, 100);
    expect(r2.status).toBe(200);
    const replay = await refund(p.no, `${p.no}R1`, 60, 100);
    expect(replay.status).toBe(200);
    expect(replay.body.refund_id).toBe(r1.body.refund_id);
    const conflicting = await refund(p.no, `${p.no}R1`, 59, 100);
    expect(conflicting.status).toBe(400);
    expect(conflicting.body.code).toBe('INVALID_REQUEST');

    await ctl('POST', '/control/refund-outcome', { status: 'CLOSED', out_refund_no: `${p.no}R2` });
    expect((await ctl('POST', '/control/settle-refunds', { wait: true })).body.settled).toBeGreaterThanOrEqual(2);
    const q1 = await payCall(ps, 'GET', `/v3/refund/domestic/refunds/${p.no}R1`);
    expect(q1.body).toMatchObject({ status: 'SUCCESS', success_time: expect.stringMatching(/\+08:00$/) });
    expect((await payCall(ps, 'GET', `/v3/refund/domestic/refunds/${p.no}R2`)).body.status).toBe('CLOSED');
    expect((await refund(p.no, `${p.no}R3`, 40, 100)).status).toBe(200); // the closed 40 is refundable again
    expect((await refund(p.no, `${p.no}R4`, 1, 100)).status).toBe(400);
  });

  test('refund by transaction_id; unpaid order, wrong total, bad amounts, unknown refund', async () => {
    const p = await paidOrder(500);
    const byTxn = await payCall(ps, 'POST', '/v3/refund/domestic/refunds', {
      transaction_id: p.transaction_id,
      out_refund_no: `${p.no}-T`,
      amount: { refund: 5, total: 500, currency: 'CNY' },
    });
    expect(byTxn.status).toBe(200);
    expect(byTxn.body.out_trade_no).toBe(p.no);

    const unpaid = await createOrder();
    expect((await refund(unpaid.no, `${unpaid.no}R`, 1, 100)).body.code).toBe('INVALID_REQUEST');
    expect((await refund(p.no, `${p.no}W`, 1, 499)).body.code).toBe('INVALID_REQUEST');
    for (const bad of [0, -1, 1.5, '1']) {
      const res = await refund(p.no, `${p.no}B`, bad as number, 500);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PARAM_ERROR');
      expect(res.body.message).toContain('amount.refund');
    }
    expect((await refund(p.no, 'x'.repeat(65), 1, 500)).body.message).toContain('out_refund_no');
    expect((await refund(p.no, `${p.no}L`, 1, 500, { reason: '因'.repeat(81) })).body.message).toContain('reason');
    expect((await refund('NOPE123456', 'NOPE-R', 1, 500)).status).toBe(404);
    const unknown = await payCall(ps, 'GET', '/v3/refund/domestic/refunds/NOPE-R');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('RESOURCE_NOT_EXISTS');
  });

  test('at most 50 refunds per order', async () => {
    const p = await paidOrder(100);
    for (let i = 1; i <= 50; i++)
      expect((await refund(p.no, `${p.no}-${i}`, 1, 100, { notify_url: undefined })).status).toBe(200);
    const res = await refund(p.no, `${p.no}-51`, 1, 100);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(res.body.message).toContain('50');
  });

  test('a PROCESSING refund settles by itself after refundSettleMs', async () => {
    const own = await startPaySimulator({ appid: APPID, keys, refundSettleMs: 30 });
    try {
      const no = tradeNo();
      await payCall(own, 'POST', '/v3/pay/transactions/jsapi', orderBody(no));
      await http(own.url, 'POST', '/control/pay', { body: { out_trade_no: no } });
      expect(
        (await payCall(own, 'POST', '/v3/refund/domestic/refunds', refundBody(no, `${no}R`, 10, 100, { notify_url: undefined })))
          .body.status,
      ).toBe('PROCESSING');
      await waitFor(
        async () => (await payCall(own, 'GET', `/v3/refund/domestic/refunds/${no}R`)).body.status === 'SUCCESS',
        2000,
        10,
      );
    } finally {
      await own.close();
    }
  });
});

// ---- signatures and key modes ----------------------------------------------------

describe('response signatures in both key modes', () => {
  test.each(['public_key', 'certificate'] as const)(
    '%s mode: every answer carries verifiable Wechatpay-* headers',
    async (mode) => {
      expect((await ctl('POST', '/control/key-mode', { mode })).status).toBe(200);
      const serial = mode === 'public_key' ? keys.wechatPayPublicKeyId : keys.platformCertSerial;
      const o = await createOrder();
      await ctl('POST', '/control/pay', { out_trade_no: o.no });
      await ps.sim.whenIdle();
      const answers = [
        await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(tradeNo())),
        await query(o.no),
        await query('NOPE123456'),
        await refund(o.no, `${o.no}R`, 1, 100),
        await payCall(ps, 'GET', `/v3/refund/domestic/refunds/${o.no}R`),
        await payCall(ps, 'GET', '/v3/certificates'),
        await payCall(ps, 'GET', '/v3/bill/tradebill?bill_date=2001-01-01&bill_type=ALL'),
        await payCall(ps, 'GET', '/v3/certificates', undefined, { serial: 'WRONG' }),
      ];
      for (const res of answers) {
        expect(res.headers.get('Wechatpay-Serial')).toBe(serial);
        expect(res.headers.get('Wechatpay-Nonce')).toBeTruthy();
        expect(res.headers.get('Request-ID')).toBeTruthy();
        expect(Math.abs(Number(res.headers.get('Wechatpay-Timestamp')) - Date.now() / 1000)).toBeLessThan(5);
        expect(verifyWechatpay(keys, res.headers, res.raw)).toBe(true);
      }
      // The notification of that payment was signed in the same mode.
      const d = receiver.received.find((r) => decryptResource(keys.apiV3Key, r.body).out_trade_no === o.no)!;
      expect(d.headers['wechatpay-serial']).toBe(serial);
      expect(d.status).toBe(204);
    },
  );

  test('GET /v3/certificates decrypts (APIv3 key, AAD "certificate") to the platform certificate', async () => {
    const res = await payCall(ps, 'GET', '/v3/certificates');
    expect(res.status).toBe(200);
    const [item] = res.body.data;
    expect(item.serial_no).toBe(keys.platformCertSerial);
    expect(item.effective_time).toMatch(/\+08:00$/);
    expect(item.expire_time).toMatch(/\+08:00$/);
    expect(item.encrypt_certificate).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'certificate' });
    expect(item.encrypt_certificate.nonce).toHaveLength(12);
    const { ciphertext, nonce, associated_data } = item.encrypt_certificate;
    const pem = aesGcmDecrypt(keys.apiV3Key, ciphertext, nonce, associated_data);
    expect(pem).toContain('-----BEGIN CERTIFICATE-----');
    const cert = new X509Certificate(pem);
    expect(cert.serialNumber.toUpperCase()).toBe(keys.platformCertSerial.toUpperCase());
    // In certificate mode, the decrypted certificate verifies WeChat's answers.
    await ctl('POST', '/control/key-mode', { mode: 'certificate' });
    const signed = await query('NOPE123456');
    const h = signed.headers;
    expect(
      verifyRsa(
        cert.publicKey,
        responseMessage(h.get('Wechatpay-Timestamp')!, h.get('Wechatpay-Nonce')!, signed.raw),
        h.get('Wechatpay-Signature')!,
      ),
    ).toBe(true);
  });
});

// ---- notifications ----------------------------------------------------------------

describe('notifications', () => {
  test('TRANSACTION.SUCCESS: signed, decryptable, plaintext = the query shape', async () => {
    const o = await paidOrder(8800);
    expect(receiver.received).toHaveLength(1);
    const r = receiver.received[0];
    expect(r.path).toBe('/notify/pay');
    expect(r.headers['content-type']).toBe('application/json');
    expect(verifyWechatpay(keys, r.headers, r.raw)).toBe(true);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      create_time: expect.stringMatching(/\+08:00$/),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: expect.any(String),
        associated_data: 'transaction',
        nonce: expect.any(String),
      },
    });
    expect(decryptResource(keys.apiV3Key, r.body)).toEqual((await query(o.no)).body);
    expect(r.status).toBe(204);
    const d = (await ctl('GET', `/control/deliveries?out_trade_no=${o.no}`)).body;
    expect(d.items).toEqual([
      expect.objectContaining({
        event_id: r.body.id,
        event_type: 'TRANSACTION.SUCCESS',
        attempt: 1,
        status: 204,
        url: receiver.url('pay'),
      }),
    ]);
    expect(d.notifications[0]).toMatchObject({ status: 'acked', attempts: 1 });
  });

  test('REFUND.SUCCESS / REFUND.CLOSED / REFUND.ABNORMAL carry refund_status', async () => {
    const p = await paidOrder(300);
    receiver.received.length = 0;
    for (const [i, status] of (['SUCCESS', 'CLOSED', 'ABNORMAL'] as const).entries()) {
      expect((await refund(p.no, `${p.no}-${i}`, 100, 300)).status).toBe(200);
      await ctl('POST', '/control/refund-outcome', { status, times: 1 });
      await ctl('POST', '/control/settle-refunds', { out_refund_no: `${p.no}-${i}`, wait: true });
    }
    expect(receiver.received.map((r) => [r.body.event_type, r.status])).toEqual([
      ['REFUND.SUCCESS', 204],
      ['REFUND.CLOSED', 204],
      ['REFUND.ABNORMAL', 204],
    ]);
    const plain = decryptResource(keys.apiV3Key, receiver.received[0].body);
    expect(receiver.received[0].body.resource).toMatchObject({ original_type: 'refund', associated_data: 'refund' });
    expect(plain).toEqual({
      mchid: keys.mchid,
      out_trade_no: p.no,
      transaction_id: p.transaction_id,
      out_refund_no: `${p.no}-0`,
      refund_id: expect.stringMatching(/^50/),
      refund_status: 'SUCCESS',
      success_time: expect.stringMatching(/\+08:00$/),
      user_received_account: '支付用户零钱',
      amount: { total: 300, refund: 100, payer_total: 300, payer_refund: 100 },
    });
    expect(decryptResource(keys.apiV3Key, receiver.received[1].body)).not.toHaveProperty('success_time');
    // Only the successful refund counts: 200 left, since CLOSED freed its 100 and ABNORMAL holds its 100.
    expect((await refund(p.no, `${p.no}-x`, 101, 300)).status).toBe(400);
    expect((await refund(p.no, `${p.no}-y`, 100, 300)).status).toBe(200);
  });

  test('a 500 is retried on schedule (× timeScale) until acknowledged; only 200/204 acknowledge', async () => {
    const answers = [500, 400, 302, 200];
    receiver.respond = () => answers.shift() ?? 204;
    const o = await createOrder();
    await ctl('POST', '/control/pay', { out_trade_no: o.no });
    await waitFor(async () => (await notificationOf(o.no))?.status === 'acked', 3000);
    const d = (await deliveriesOf(o.no));
    expect(d.map((x) => [x.attempt, x.status])).toEqual([
      [1, 500],
      [2, 400],
      [3, 302],
      [4, 200],
    ]);
    expect(new Set(receiver.received.map((r) => r.body.id)).size).toBe(1); // same event id every time
  });

  test('a receiver slower than the ack timeout is a timeout and is retried', async () => {
    let first = true;
    receiver.respond = async () => {
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 450)); // notifyTimeoutMs is 300 here (WeChat: 5 s)
      }
      return 204;
    };
    const o = await createOrder();
    await ctl('POST', '/control/pay', { out_trade_no: o.no });
    await ps.sim.whenIdle();
    expect((await deliveriesOf(o.no)).map((x) => x.status)).toEqual(['timeout']);
    await ps.sim.flushRetries();
    expect((await deliveriesOf(o.no)).map((x) => x.status)).toEqual(['timeout', 204]);
  });

  test('gives up after the 15th retry (flush runs each pending retry now)', async () => {
    receiver.respond = () => 500;
    const o = await createOrder();
    await ctl('POST', '/control/pay', { out_trade_no: o.no });
    await ps.sim.whenIdle();
    // (small retries may also fire by themselves with timeScale 0.01; flush waits for those in flight)
    for (let i = 0; i < 40 && (await notificationOf(o.no)).status !== 'gave_up'; i++)
      expect((await ctl('POST', '/control/flush')).status).toBe(200);
    const d = (await deliveriesOf(o.no));
    expect(d).toHaveLength(16);
    expect(d.map((x) => x.attempt)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect((await notificationOf(o.no))).toMatchObject({ status: 'gave_up', attempts: 16 });
    await ps.sim.flushRetries();
    expect((await deliveriesOf(o.no))).toHaveLength(16);
  });
});

describe('notification retry schedule (timeScale 1, frozen clock)', () => {
  test('15s,15s,30s,3m,10m,20m,30m,30m,30m,60m,3h,3h,3h,6h,6h, then nothing', async () => {
    const t0 = Date.parse('2026-06-18T12:00:00+08:00');
    const own = await startPaySimulator({ appid: APPID, keys, now: () => t0 });
    try {
      receiver.respond = () => 503;
      const no = tradeNo();
      await payCall(own, 'POST', '/v3/pay/transactions/jsapi', orderBody(no));
      await http(own.url, 'POST', '/control/pay', { body: { out_trade_no: no } });
      await own.sim.whenIdle();
      const delays: number[] = [];
      let n = (await own.sim.state.notifications())[0];
      while (n.status === 'retry_scheduled') {
        delays.push(Date.parse(n.next_at!) - t0);
        await own.sim.flushRetries();
        n = (await own.sim.state.notifications())[0];
      }
      expect(delays).toEqual(
        [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600].map((s) => s * 1000),
      );
      expect(delays).toEqual(RETRY_DELAYS_MS);
      expect(n).toMatchObject({ status: 'gave_up', attempts: 16 });
      expect((await own.sim.state.deliveries()).every((d) => d.status === 503)).toBe(true);
    } finally {
      await own.close();
    }
  });
});

// ---- notification faults -------------------------------------------------------

describe('notification faults', () => {
  const payWithFault = async (fault: Record<string, unknown>) => {
    const o = await createOrder();
    expect((await ctl('POST', '/control/faults', { out_trade_no: o.no, times: 1, ...fault })).status).toBe(200);
    await ctl('POST', '/control/pay', { out_trade_no: o.no });
    await ps.sim.whenIdle();
    return o;
  };
  /** the strict merchant rejected the first delivery; the clean retry is accepted */
  const expectRejectedThenAccepted = async (no: string, firstStatus: number) => {
    expect((await deliveriesOf(no)).map((d) => d.status)).toEqual([firstStatus]);
    await ps.sim.flushRetries();
    expect((await deliveriesOf(no)).map((d) => d.status)).toEqual([firstStatus, 204]);
    const [a, b] = receiver.received.filter((r) => !String(r.headers['wechatpay-signature']).startsWith(PROBE_PREFIX));
    expect(a.body.id).toBe(b.body.id);
  };

  test('duplicate: the same notification N times, concurrently', async () => {
    const o = await payWithFault({ fault: 'duplicate', copies: 3 });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.raw.toString())).size).toBe(1);
    expect(receiver.received.every((r) => verifyWechatpay(keys, r.headers, r.raw))).toBe(true);
    expect((await deliveriesOf(o.no)).map((d) => [d.attempt, d.copy])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
  });

  test('delay: the first attempt waits ms', async () => {
    const o = await createOrder();
    await ctl('POST', '/control/faults', { fault: 'delay', ms: 150, out_trade_no: o.no });
    const t0 = Date.now();
    await ctl('POST', '/control/pay', { out_trade_no: o.no });
    expect((await notificationOf(o.no)).status).toBe('delayed');
    await waitFor(() => receiver.received.length === 1, 2000);
    expect(receiver.received[0].at - t0).toBeGreaterThanOrEqual(140);
  });

  test('tampered_signature: a byte of Wechatpay-Signature flipped', async () => {
    const o = await payWithFault({ fault: 'tampered_signature' });
    expect(verifyWechatpay(keys, receiver.received[0].headers, receiver.received[0].raw)).toBe(false);
    expect((await deliveriesOf(o.no))[0].faults).toEqual(['tampered_signature']);
    await expectRejectedThenAccepted(o.no, 401);
  });

  test('tampered_ciphertext: valid signature over a body whose ciphertext fails the GCM tag', async () => {
    const o = await payWithFault({ fault: 'tampered_ciphertext' });
    const r = receiver.received[0];
    expect(verifyWechatpay(keys, r.headers, r.raw)).toBe(true);
    expect(() => decryptResource(keys.apiV3Key, r.body)).toThrow();
    await expectRejectedThenAccepted(o.no, 400);
  });

  test('stale_timestamp: 10 minutes old, correctly signed', async () => {
    const o = await payWithFault({ fault: 'stale_timestamp' });
    const r = receiver.received[0];
    expect(verifyWechatpay(keys, r.headers, r.raw)).toBe(true);
    expect(Date.now() / 1000 - Number(r.headers['wechatpay-timestamp'])).toBeGreaterThanOrEqual(599);
    await expectRejectedThenAccepted(o.no, 401);
  });

  test('probe: an extra request whose signature starts with WECHATPAY/SIGNTEST/', async () => {
    const o = await payWithFault({ fault: 'probe' });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0].headers['wechatpay-signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
    expect(receiver.received[0].status).toBe(400);
    expect(receiver.received[1].status).toBe(204);
    const probe = (await ps.sim.state.deliveries({ out_trade_no: o.no })).find((d) => d.probe)!;
    expect(probe).toMatchObject({ status: 400, attempt: 1 });
    expect((await notificationOf(o.no)).status).toBe('acked');
  });

  test.each([
    ['wrong_mchid', (p: any) => expect(p.mchid).not.toBe(keys.mchid)],
    ['wrong_appid', (p: any) => expect(p.appid).not.toBe(APPID)],
    ['amount_mismatch', (p: any) => expect(p.amount.total).toBe(101)],
  ])('%s: correctly encrypted and signed, but the plaintext disagrees with the order', async (fault, check) => {
    const o = await payWithFault({ fault });
    const r = receiver.received[0];
    expect(verifyWechatpay(keys, r.headers, r.raw)).toBe(true);
    const plain = decryptResource(keys.apiV3Key, r.body);
    expect(plain.out_trade_no).toBe(o.no);
    check(plain);
    await expectRejectedThenAccepted(o.no, 400);
  });

  test('reverse_refund_order: refund notifications of an order held, then delivered newest first', async () => {
    const p = await paidOrder(300);
    await ctl('POST', '/control/faults', { fault: 'reverse_refund_order', out_trade_no: p.no, times: 1 });
    receiver.received.length = 0;
    for (const i of [1, 2, 3]) expect((await refund(p.no, `${p.no}-${i}`, 50, 300)).status).toBe(200);
    await ps.sim.settleRefunds(`${p.no}-1`);
    await ps.sim.settleRefunds(`${p.no}-2`);
    await ps.sim.whenIdle();
    expect(receiver.received).toHaveLength(0); // held while refund 3 is PROCESSING
    await ctl('POST', '/control/settle-refunds', { wait: true });
    expect(receiver.received.map((r) => decryptResource(keys.apiV3Key, r.body).out_refund_no)).toEqual([
      `${p.no}-3`,
      `${p.no}-2`,
      `${p.no}-1`,
    ]);
    expect(ps.sim.state.faults).toHaveLength(0); // times: 1 consumed
  });

  test('reverse_refund_order: a held notification checked while a later refund is settled but not yet queued still waits for it', async () => {
    const p = await paidOrder(300);
    await ctl('POST', '/control/faults', { fault: 'reverse_refund_order', out_trade_no: p.no, times: 1 });
    receiver.received.length = 0;
    for (const i of [1, 2]) expect((await refund(p.no, `${p.no}-${i}`, 50, 300)).status).toBe(200);
    // refund 2 settled, its outbox step (the notification) not run yet: the moment the race hit
    const { refunds } = ps.sim.state.ctx;
    await refunds.updateOne({ _id: `${p.no}-2` }, { $set: { status: 'SUCCESS', notify_id: `race-${p.no}`, notify_pending: true } });
    await ps.sim.settleRefunds(`${p.no}-1`);
    await ps.sim.whenIdle();
    // refund 1 is held until refund 2's outbox step queues its notification (here, or the simulator's own sweep
    // first); then both go out newest first. Before the fix refund 1 went out alone at once: [1, 2].
    await ps.sim.state.refunds.sweep();
    await ps.sim.whenIdle();
    expect(receiver.received.map((r) => decryptResource(keys.apiV3Key, r.body).out_refund_no)).toEqual([`${p.no}-2`, `${p.no}-1`]);
  });

  test('a fault scoped to one order leaves others alone; DELETE clears faults', async () => {
    const other = await createOrder();
    await ctl('POST', '/control/faults', { fault: 'tampered_signature', out_trade_no: 'SOMEONE_ELSE1' });
    await ctl('POST', '/control/pay', { out_trade_no: other.no });
    await ps.sim.whenIdle();
    expect((await deliveriesOf(other.no)).map((d) => d.status)).toEqual([204]);
    expect((await ctl('GET', '/control/faults')).body.faults).toHaveLength(1);
    expect((await ctl('DELETE', '/control/faults')).body.faults).toEqual([]);
  });
});

// ---- API faults ------------------------------------------------------------------

describe('API faults', () => {
  test('http_500 on jsapi: 500 SYSTEM_ERROR (signed), nothing created; the next call works', async () => {
    await ctl('POST', '/control/faults', { api: 'jsapi', fault: 'http_500', times: 1 });
    const no = tradeNo();
    const res = await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(no));
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('SYSTEM_ERROR');
    expect(verifyWechatpay(keys, res.headers, res.raw)).toBe(true);
    expect(await ps.sim.order(no)).toBeUndefined();
    expect((await payCall(ps, 'POST', '/v3/pay/transactions/jsapi', orderBody(no))).status).toBe(200);
  });

  test('http_429 on query: 429 FREQUENCY_LIMITED', async () => {
    await ctl('POST', '/control/faults', { api: 'query', fault: 'http_429', times: 1 });
    const res = await query('NOPE123456');
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('FREQUENCY_LIMITED');
  });

  test('http_429 on refund: the refund is still created, so the caller must query before retrying', async () => {
    const p = await paidOrder(100);
    await ctl('POST', '/control/faults', { api: 'refund', fault: 'http_429', times: 1 });
    const res = await refund(p.no, `${p.no}R`, 30, 100);
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('FREQUENCY_LIMITED');
    const q = await payCall(ps, 'GET', `/v3/refund/domestic/refunds/${p.no}R`);
    expect(q.status).toBe(200);
    expect(q.body.status).toBe('PROCESSING');
    const retry = await refund(p.no, `${p.no}R`, 30, 100);
    expect(retry.body.refund_id).toBe(q.body.refund_id);
    expect(await ps.sim.state.refunds.of(p.no)).toHaveLength(1);
  });

  test('hang on refund: no answer (the client times out), yet the refund exists', async () => {
    const p = await paidOrder(100);
    await ctl('POST', '/control/faults', { api: 'refund', fault: 'hang', ms: 5000, times: 1, out_trade_no: p.no });
    const started = Date.now();
    await expect(
      payCall(ps, 'POST', '/v3/refund/domestic/refunds', refundBody(p.no, `${p.no}H`, 10, 100), {
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await payCall(ps, 'GET', `/v3/refund/domestic/refunds/${p.no}H`)).body.status).toBe('PROCESSING');
  });

  test('unsigned_response and bad_response_signature', async () => {
    await ctl('POST', '/control/faults', { api: 'query', fault: 'unsigned_response', times: 1 });
    const unsigned = await query('NOPE123456');
    expect(unsigned.status).toBe(404);
    expect(unsigned.headers.get('Wechatpay-Signature')).toBeNull();
    expect(unsigned.headers.get('Wechatpay-Serial')).toBe(keys.wechatPayPublicKeyId);

    await ctl('POST', '/control/faults', { api: 'certificates', fault: 'bad_response_signature', times: 1 });
    const bad = await payCall(ps, 'GET', '/v3/certificates');
    expect(bad.status).toBe(200);
    expect(bad.headers.get('Wechatpay-Signature')).toBeTruthy();
    expect(verifyWechatpay(keys, bad.headers, bad.raw)).toBe(false);
    const good = await payCall(ps, 'GET', '/v3/certificates');
    expect(verifyWechatpay(keys, good.headers, good.raw)).toBe(true);
  });

  test('control validation: API faults need an api; stats count calls per API', async () => {
    expect((await ctl('POST', '/control/faults', { fault: 'http_500' })).status).toBe(400);
    expect((await ctl('POST', '/control/faults', { fault: 'duplicate', api: 'jsapi' })).status).toBe(400);
    expect((await ctl('POST', '/control/faults', { fault: 'nonsense' })).status).toBe(400);
    const before = (await ctl('GET', '/control/stats')).body.calls.query ?? 0;
    await query('NOPE123456');
    expect((await ctl('GET', '/control/stats')).body.calls.query).toBe(before + 1);
  });
});

// ---- payer page and console -------------------------------------------------------

describe('payer page and console', () => {
  test('renders merchant, description and amount from fen; confirm through control by prepay_id', async () => {
    const o = await createOrder({ amount: { total: 123456, currency: 'CNY' }, description: '北欧<实木>餐桌' });
    const ret = 'http://127.0.0.1:3100/#/pages-order/order/index?id=7';
    const res = await fetch(`${ps.url}/payer?prepay_id=${o.prepay_id}&return=${encodeURIComponent(ret)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('HomeClub 家居');
    expect(html).toContain('北欧&#60;实木&#62;餐桌');
    expect(html).toContain('<small>¥</small>1234.56');
    expect(html).toContain('确认支付');
    expect(html).toContain('取消');
    expect(html).toContain(JSON.stringify('http://127.0.0.1:3100/#/pages-order/order/index?id=7&payResult=ok'));
    expect(html).toContain(JSON.stringify('http://127.0.0.1:3100/#/pages-order/order/index?id=7&payResult=cancel'));

    const paid = await ctl('POST', '/control/pay', { prepay_id: o.prepay_id, action: 'confirm' });
    expect(paid.body.order.trade_state).toBe('SUCCESS');
    const again = await (await fetch(`${ps.url}/payer?prepay_id=${o.prepay_id}`)).text();
    expect(again).toContain('该订单已支付');
  });

  test('payResult goes into the hash query for hash-routed pages, else into the query string', () => {
    expect(withPayResult('http://h/#/pages/a/index', 'ok')).toBe('http://h/#/pages/a/index?payResult=ok');
    expect(withPayResult('http://h/pay?x=1', 'cancel')).toBe('http://h/pay?x=1&payResult=cancel');
    expect(withPayResult('http://h/pay', 'ok')).toBe('http://h/pay?payResult=ok');
    expect(withPayResult('/h5/#/pages/a/index?id=1', 'ok')).toBe('/h5/#/pages/a/index?id=1&payResult=ok');
    expect(safeReturnUrl('/sim/pay/')).toBe('/sim/pay/');
    expect(safeReturnUrl('//evil.example.com/')).toBeUndefined();
    expect(safeReturnUrl('javascript:alert(1)')).toBeUndefined();
  });

  test('unknown or expired prepay_id → a Chinese error page', async () => {
    const unknown = await fetch(`${ps.url}/payer?prepay_id=wx_nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('支付单不存在');
    const o = await createOrder();
    ps.sim.state.clockOffsetMs = 2 * 3600_000 + 1000;
    const expired = await fetch(`${ps.url}/payer?prepay_id=${o.prepay_id}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('已过期');
    expect((await ctl('POST', '/control/pay', { prepay_id: o.prepay_id })).body.code).toBe('PREPAY_EXPIRED');
  });

  test('the console lists orders, refunds, deliveries and faults in Chinese', async () => {
    const p = await paidOrder(100);
    await refund(p.no, `${p.no}R`, 10, 100);
    await ctl('POST', '/control/faults', { fault: 'delay', ms: 10, out_trade_no: 'ZZZZZZ' });
    const res = await fetch(`${ps.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    for (const s of ['微信支付模拟器控制台', '支付订单', '退款', '通知投递记录', '故障注入', p.no, `${p.no}R`, 'delay'])
      expect(html).toContain(s);
    const orders = (await ctl('GET', `/control/orders?out_trade_no=${p.no}`)).body.items;
    expect(orders[0]).toMatchObject({ out_trade_no: p.no, trade_state: 'SUCCESS', refunds: [`${p.no}R`] });
    expect(orders[0].payer_url).toContain(`${ps.url}/payer?prepay_id=`);
    expect((await ctl('GET', `/control/refunds?out_trade_no=${p.no}`)).body.items[0].status).toBe('PROCESSING');
  });
});

// ---- trade bill --------------------------------------------------------------------

describe('trade bill', () => {
  test('CSV rows and totals match the day’s payments and refunds (Asia/Shanghai date)', async () => {
    const day = Date.parse('2024-06-18T09:30:00+08:00');
    ps.sim.state.clockOffsetMs = day - Date.now();
    const a = await paidOrder(123, { attach: '' });
    const b = await paidOrder(10000, { description: '布艺沙发, 三人位' });
    const c = await paidOrder(250);
    await createOrder(); // unpaid: not in the bill
    expect((await refund(b.no, `${b.no}R`, 100, 10000)).status).toBe(200);
    expect((await refund(c.no, `${c.no}R`, 50, 250)).status).toBe(200);
    await ctl('POST', '/control/refund-outcome', { status: 'CLOSED', out_refund_no: `${c.no}R` }); // closed refund: not in the bill
    await ctl('POST', '/control/settle-refunds', { wait: true });
    // a payment just after midnight belongs to the next day
    ps.sim.state.clockOffsetMs = Date.parse('2024-06-19T00:00:01+08:00') - Date.now();
    await paidOrder(777);
    ps.sim.state.clockOffsetMs = Date.parse('2024-06-19T10:00:00+08:00') - Date.now();

    const res = await payCall(ps, 'GET', '/v3/bill/tradebill?bill_date=2024-06-18&bill_type=ALL');
    expect(res.status).toBe(200);
    expect(verifyWechatpay(keys, res.headers, res.raw)).toBe(true);
    expect(res.body).toEqual({
      hash_type: 'SHA1',
      hash_value: expect.stringMatching(/^[0-9a-f]{40}$/),
      download_url: expect.stringContaining(`${ps.url}/v3/billdownload/file?token=`),
    });
    const path = res.body.download_url.slice(ps.url.length);

    const unauth = await payCall(ps, 'GET', path, undefined, { noAuth: true });
    expect(unauth.status).toBe(401);
    const file = await payCall(ps, 'GET', path);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('Wechatpay-Signature')).toBeNull(); // WeChat does not sign file bodies
    expect(createHash('sha1').update(file.raw).digest('hex')).toBe(res.body.hash_value);

    const lines = file.raw.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(BILL_HEADER);
    expect(lines).toHaveLength(1 + 4 + 2);
    const rows = lines.slice(1, 5).map((l) => l.split(','));
    for (const r of rows) {
      expect(r).toHaveLength(27);
      for (const f of r) expect(f.startsWith('`')).toBe(true);
    }
    const v = (r: string[]) => r.map((f) => f.slice(1));
    const byNo = (no: string, state: string) => v(rows.find((r) => r[6] === `\`${no}` && r[9] === `\`${state}`)!);
    const ra = byNo(a.no, 'SUCCESS');
    expect(ra[0]).toBe('2024-06-18 09:30:00');
    expect(ra.slice(1, 13)).toEqual([
      APPID,
      keys.mchid,
      '0',
      '',
      a.transaction_id,
      a.no,
      OPENID,
      'JSAPI',
      'SUCCESS',
      'OTHERS',
      'CNY',
      '1.23',
    ]);
    expect(ra[22]).toBe('0.01'); // 0.738 fen → 1 fen
    expect(ra[23]).toBe('0.60%');
    expect(ra[24]).toBe('1.23');
    expect(byNo(c.no, 'SUCCESS')[22]).toBe('0.02'); // 1.5 fen rounds half up
    const rb = byNo(b.no, 'SUCCESS');
    expect(rb[12]).toBe('100.00');
    expect(rb[20]).toBe('布艺沙发， 三人位');
    expect(rb[22]).toBe('0.60');
    const refundRow = byNo(b.no, 'REFUND');
    expect(refundRow[12]).toBe('0.00');
    expect(refundRow[14]).toMatch(/^50\d+$/);
    expect(refundRow[15]).toBe(`${b.no}R`);
    expect(refundRow[16]).toBe('1.00');
    expect(refundRow[18]).toBe('ORIGINAL');
    expect(refundRow[19]).toBe('SUCCESS');
    expect(refundRow[22]).toBe('-0.01');
    expect(refundRow[25]).toBe('1.00');

    expect(lines[5]).toBe(BILL_TOTAL_HEADER);
    // 4 rows; 1.23+100.00+2.50 settled; 1.00 refunded; fees 0.01+0.60+0.02-0.01
    expect(lines[6]).toBe(['4', '103.73', '1.00', '0.00', '0.62', '103.73', '1.00'].map((f) => `\`${f}`).join(','));

    const refundsOnly = await payCall(ps, 'GET', '/v3/bill/tradebill?bill_date=2024-06-18&bill_type=REFUND');
    const refundFile = await payCall(ps, 'GET', refundsOnly.body.download_url.slice(ps.url.length));
    expect(refundFile.raw.toString().split('\r\n').filter(Boolean)).toHaveLength(4);
    const nextDay = await payCall(ps, 'GET', '/v3/bill/tradebill?bill_date=2024-06-19');
    expect(nextDay.status).toBe(200);
  });

  test('no trades → 400 NO_STATEMENT_EXIST; invalid date → 400 PARAM_ERROR; unknown token → 400', async () => {
    const none = await payCall(ps, 'GET', '/v3/bill/tradebill?bill_date=2001-01-01&bill_type=ALL');
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('NO_STATEMENT_EXIST');
    for (const q of ['bill_date=2024-02-30', 'bill_date=20240618', '', 'bill_date=2024-06-18&bill_type=NOPE']) {
      const res = await payCall(ps, 'GET', q ? `/v3/bill/tradebill?${q}` : '/v3/bill/tradebill');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PARAM_ERROR');
    }
    expect((await payCall(ps, 'GET', '/v3/billdownload/file?token=nope')).status).toBe(400);
  });
});

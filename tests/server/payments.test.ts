/**
 * WeChat Pay gateway end to end against the payment simulator and the real
 * database engine: intents, verified notifications (and every fault the
 * simulator can inject), recovery jobs, refunds, reconciliation.
 */
import { randomUUID } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { paySignMessage, verifyRsa } from '../../server/src/wechat/pay/crypto';
import { anomalyModel, intentModel, notificationModel, refundModel, type IntentDoc } from '../../server/src/payments/model';
import { startTestApp, TEST_APPID, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
const paidHookCalls: string[] = [];
const refundHookCalls: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  app.services.payments.registerPurpose('test', {
    onPaid: async (intent) => {
      paidHookCalls.push(intent.outTradeNo);
    },
    onRefunded: async (_intent, refund) => {
      refundHookCalls.push(refund.outRefundNo);
    },
  });
});
afterAll(async () => {
  await app.close();
});
afterEach(async () => {
  await http(app.sim.payUrl, 'DELETE', '/control/faults');
  await app.sim.pay.whenIdle();
});

const sim = (method: string, path: string, body?: unknown) => http(app.sim.payUrl, method, path, body === undefined ? {} : { body });
const hookCount = (no: string) => paidHookCalls.filter((x) => x === no).length;

async function newIntent(amountFen = 1999, minutes = 15) {
  return app.services.payments.createIntent({
    purpose: 'test',
    reference: randomUUID(),
    openid: 'oPayer000000000000000000001',
    amountFen,
    description: 'HomeClub 家居 优惠买单',
    expireAt: new Date(app.clock.now().getTime() + minutes * 60_000),
  });
}

async function confirm(outTradeNo: string, opts: { force?: boolean } = {}) {
  const res = await sim('POST', '/control/pay', { out_trade_no: outTradeNo, action: 'confirm', ...opts });
  expect(res.status).toBe(200);
  await app.sim.pay.whenIdle();
}

async function intentOf(outTradeNo: string): Promise<IntentDoc> {
  return (await intentModel(app.conn).findOne({ outTradeNo }).lean<IntentDoc>())!;
}

async function fault(body: Record<string, unknown>) {
  const res = await sim('POST', '/control/faults', body);
  expect(res.status).toBe(200);
}

describe('paying', () => {
  test('create → wx.requestPayment params signed by the merchant → payer confirms → verified notification → paid hook once', async () => {
    const { intent, requestPayment } = await newIntent(1999);
    expect(requestPayment.package).toBe(`prepay_id=${intent.prepayId}`);
    const merchantPublic = createPublicKey(app.sim.payKeys.merchantPrivateKey);
    expect(verifyRsa(merchantPublic, paySignMessage(TEST_APPID, requestPayment.timeStamp, requestPayment.nonceStr, requestPayment.package), requestPayment.paySign)).toBe(true);
    await confirm(intent.outTradeNo);
    const paid = await intentOf(intent.outTradeNo);
    expect(paid).toMatchObject({ state: 'SUCCESS', paidVia: 'notify', paidHook: { state: 'done' } });
    expect(paid.transactionId).toMatch(/^42/);
    expect(hookCount(intent.outTradeNo)).toBe(1);
    const deliveries = (await sim('GET', `/control/deliveries?out_trade_no=${intent.outTradeNo}`)).body.items;
    expect(deliveries.map((d: { status: unknown }) => d.status)).toEqual([204]);
  });

  test('same reference again → same intent, fresh prepay; paid intent refuses a new payment', async () => {
    const reference = randomUUID();
    const input = { purpose: 'test', reference, openid: 'oPayer000000000000000000001', amountFen: 500, description: '测试', expireAt: new Date(app.clock.now().getTime() + 900_000) };
    const a = await app.services.payments.createIntent(input);
    const b = await app.services.payments.createIntent(input);
    expect(b.intent.outTradeNo).toBe(a.intent.outTradeNo);
    expect(await intentModel(app.conn).countDocuments({ reference })).toBe(1);
    await confirm(a.intent.outTradeNo);
    await expect(app.services.payments.createIntent(input)).rejects.toMatchObject({ code: 'PAY_ORDER_PAID' });
  });

  test('10 duplicate deliveries and 20 concurrent ones: the paid hook runs once', async () => {
    for (const copies of [10, 20]) {
      const { intent } = await newIntent(300);
      await fault({ fault: 'duplicate', copies, out_trade_no: intent.outTradeNo });
      await confirm(intent.outTradeNo);
      expect(hookCount(intent.outTradeNo)).toBe(1);
      expect((await intentOf(intent.outTradeNo)).state).toBe('SUCCESS');
      const stored = await notificationModel(app.conn).findOne({ key: `TRANSACTION.SUCCESS:${intent.outTradeNo}` }).lean();
      expect(stored!.deliveries).toBe(copies);
      const statuses = (await sim('GET', `/control/deliveries?out_trade_no=${intent.outTradeNo}`)).body.items.map((d: { status: unknown }) => d.status);
      expect(statuses.filter((s: unknown) => s === 204)).toHaveLength(copies);
    }
  });

  test('a signature probe is refused (4xx) and does not disturb the genuine notification', async () => {
    const { intent } = await newIntent(778);
    await fault({ fault: 'probe', times: 1, out_trade_no: intent.outTradeNo });
    await confirm(intent.outTradeNo);
    const statuses = (await sim('GET', `/control/deliveries?out_trade_no=${intent.outTradeNo}`)).body.items.map((d: { status: unknown }) => d.status);
    expect(statuses).toContain(401);
    expect(statuses).toContain(204);
    expect(hookCount(intent.outTradeNo)).toBe(1);
  });

  test.each([
    ['tampered_signature', 401],
    ['tampered_ciphertext', 400],
    ['stale_timestamp', 401],
    ['wrong_mchid', 400],
    ['wrong_appid', 400],
  ])('%s → rejected with FAIL, nothing changes; WeChat retries and the genuine retry is accepted', async (kind, status) => {
    const { intent } = await newIntent(777);
    await fault({ fault: kind, times: 1, out_trade_no: intent.outTradeNo });
    await confirm(intent.outTradeNo);
    let deliveries = (await sim('GET', `/control/deliveries?out_trade_no=${intent.outTradeNo}`)).body.items;
    expect(deliveries[0].status).toBe(status);
    const afterBad = await intentOf(intent.outTradeNo);
    expect(afterBad.state).toBe('NOTPAY');
    expect(hookCount(intent.outTradeNo)).toBe(0);
    await app.sim.pay.flushRetries();
    await app.sim.pay.whenIdle();
    deliveries = (await sim('GET', `/control/deliveries?out_trade_no=${intent.outTradeNo}`)).body.items;
    expect(deliveries.at(-1).status).toBe(204);
    expect((await intentOf(intent.outTradeNo)).state).toBe('SUCCESS');
    expect(hookCount(intent.outTradeNo)).toBe(1);
  });

  test('an amount that differs from the intent is an anomaly and never marks it paid', async () => {
    const { intent } = await newIntent(1000);
    await fault({ fault: 'amount_mismatch', out_trade_no: intent.outTradeNo });
    await confirm(intent.outTradeNo);
    expect((await intentOf(intent.outTradeNo)).state).toBe('NOTPAY');
    const anomaly = await anomalyModel(app.conn).findOne({ kind: 'amount_mismatch', outTradeNo: intent.outTradeNo }).lean();
    expect(anomaly?.detail).toMatch(/not marked paid/);
    expect(hookCount(intent.outTradeNo)).toBe(0);
  });

  test('the notify route answers FAIL JSON for garbage and never 500', async () => {
    const res = await app.call('POST', '/api/wechat/pay/notify', { raw: 'not json', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'FAIL', message: expect.any(String) });
  });
});

describe('amounts at the boundary', () => {
  test('1 fen and Number.MAX_SAFE_INTEGER are accepted end to end', async () => {
    for (const amount of [1, Number.MAX_SAFE_INTEGER]) {
      const { intent } = await newIntent(amount);
      await confirm(intent.outTradeNo);
      const paid = await intentOf(intent.outTradeNo);
      expect(paid).toMatchObject({ state: 'SUCCESS', amountFen: amount });
    }
  });

  test.each([0, -1, 1.5, '100', Number.MAX_SAFE_INTEGER + 1, NaN])('%p is rejected with PAY_AMOUNT_INVALID and nothing is written', async (amount) => {
    const before = await intentModel(app.conn).countDocuments();
    await expect(newIntent(amount as number)).rejects.toMatchObject({ code: 'PAY_AMOUNT_INVALID' });
    expect(await intentModel(app.conn).countDocuments()).toBe(before);
  });
});

describe('recovery', () => {
  test('a missed notification is settled by the query job; a late duplicate changes nothing', async () => {
    const { intent } = await newIntent(888);
    await fault({ fault: 'delay', ms: 3_600_000, out_trade_no: intent.outTradeNo });
    await sim('POST', '/control/pay', { out_trade_no: intent.outTradeNo, action: 'confirm' });
    expect((await intentOf(intent.outTradeNo)).state).toBe('NOTPAY');
    const early = await app.services.payments.recoverPendingIntents();
    expect(early.paid).toBe(0); // too young to query
    app.clock.travel((app.config.PAY_QUERY_AFTER_MINUTES + 1) * 60_000);
    const r = await app.services.payments.recoverPendingIntents();
    expect(r.paid).toBeGreaterThanOrEqual(1);
    expect(await intentOf(intent.outTradeNo)).toMatchObject({ state: 'SUCCESS', paidVia: 'query' });
    expect(hookCount(intent.outTradeNo)).toBe(1);
    await http(app.sim.payUrl, 'DELETE', '/control/faults');
    await app.sim.pay.flushRetries();
    await app.sim.pay.whenIdle();
    expect(hookCount(intent.outTradeNo)).toBe(1);
  });

  test('an unpaid intent past its expiry is closed at WeChat and locally', async () => {
    const { intent } = await newIntent(100, 15);
    app.clock.travel(16 * 60_000);
    await app.services.payments.recoverPendingIntents();
    expect((await intentOf(intent.outTradeNo)).state).toBe('CLOSED');
    const simOrder = (await sim('GET', `/control/orders?out_trade_no=${intent.outTradeNo}`)).body.items[0];
    expect(simOrder.trade_state).toBe('CLOSED');
  });

  test('paid after we closed: recorded, never lost, refunded automatically', async () => {
    const { intent } = await newIntent(4321);
    await app.services.payments.close(intent.outTradeNo);
    expect((await intentOf(intent.outTradeNo)).state).toBe('CLOSED');
    await confirm(intent.outTradeNo, { force: true });
    const after = await intentOf(intent.outTradeNo);
    expect(after.state).toBe('CLOSED');
    expect(after.latePayment?.transactionId).toMatch(/^42/);
    expect(hookCount(intent.outTradeNo)).toBe(0);
    expect(await anomalyModel(app.conn).countDocuments({ kind: 'paid_after_close', outTradeNo: intent.outTradeNo })).toBe(1);
    const refund = await refundModel(app.conn).findOne({ outTradeNo: intent.outTradeNo }).lean();
    expect(refund).toMatchObject({ source: 'late_payment', amountFen: 4321 });
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    expect((await refundModel(app.conn).findById(refund!._id).lean())!.state).toBe('SUCCESS');
  });

  test('close races a payment (ORDERPAID): the payment is applied instead', async () => {
    const { intent } = await newIntent(250);
    await fault({ fault: 'delay', ms: 3_600_000, out_trade_no: intent.outTradeNo });
    await sim('POST', '/control/pay', { out_trade_no: intent.outTradeNo, action: 'confirm' });
    const closed = await app.services.payments.close(intent.outTradeNo);
    expect(closed.state).toBe('SUCCESS');
    expect(hookCount(intent.outTradeNo)).toBe(1);
  });

  test('a 500 on create is retried with the same request; an unsigned or badly signed response is refused', async () => {
    await fault({ fault: 'http_500', api: 'jsapi', times: 1 });
    const { intent } = await newIntent(600);
    expect(intent.prepayId).toBeTruthy();
    await fault({ fault: 'unsigned_response', api: 'query', times: 10 });
    await expect(app.wechatPay.client.query(intent.outTradeNo)).rejects.toMatchObject({ wxCode: 'UNSIGNED_RESPONSE' });
    await http(app.sim.payUrl, 'DELETE', '/control/faults');
    await fault({ fault: 'bad_response_signature', api: 'query', times: 10 });
    await expect(app.wechatPay.client.query(intent.outTradeNo)).rejects.toMatchObject({ wxCode: 'BAD_SIGNATURE' });
  });

  test('a hanging WeChat times out instead of hanging us', async () => {
    const { intent } = await newIntent(600);
    await fault({ fault: 'hang', api: 'query', times: 5 });
    const started = Date.now();
    await expect(app.wechatPay.client.query(intent.outTradeNo)).rejects.toMatchObject({ code: 'PAY_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(9000);
  }, 20000);
});

describe('refunds', () => {
  async function paidIntent(amount: number) {
    const { intent } = await newIntent(amount);
    await confirm(intent.outTradeNo);
    return intent;
  }

  test('partial refunds: PROCESSING → SUCCESS by notification, refunded hook once each, sum never above the payment', async () => {
    const intent = await paidIntent(10_000);
    const r1 = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 3000, reason: '退一部分', outRefundNo: `RF-${intent.outTradeNo}-1` });
    expect(r1.state).toBe('PROCESSING');
    await expect(app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 7001, reason: '太多' })).rejects.toMatchObject({ code: 'PAY_REFUND_EXCEEDS' });
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    expect((await app.services.payments.getRefund(r1.outRefundNo))!.state).toBe('SUCCESS');
    expect(refundHookCalls.filter((x) => x === r1.outRefundNo)).toHaveLength(1);
    // Same out_refund_no again: the same refund, no second refund at WeChat.
    const again = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 3000, reason: '退一部分', outRefundNo: r1.outRefundNo });
    expect(String(again._id)).toBe(String(r1._id));
    expect((await sim('GET', `/control/refunds?out_trade_no=${intent.outTradeNo}`)).body.items).toHaveLength(1);
  });

  test('20 concurrent refunds of 30% each: at most 3 are accepted, the sum stays ≤ the payment', async () => {
    const intent = await paidIntent(10_000);
    const results = await parallel(20, (i) =>
      app.services.payments
        .requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 3000, reason: '并发', outRefundNo: `RC-${intent.outTradeNo}-${i}` })
        .then(() => 'ok', (e) => e.code),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r !== 'ok').every((c) => c === 'PAY_REFUND_EXCEEDS')).toBe(true);
    const atWechat = (await sim('GET', `/control/refunds?out_trade_no=${intent.outTradeNo}`)).body.items;
    expect(atWechat.reduce((s: number, r: { amount: { refund: number } }) => s + r.amount.refund, 0)).toBe(9000);
    expect((await intentOf(intent.outTradeNo)).refundReservedFen).toBe(9000);
  });

  test('a CLOSED refund gives the amount back; ABNORMAL is an anomaly that can still end SUCCESS', async () => {
    const intent = await paidIntent(5000);
    await sim('POST', '/control/refund-outcome', { status: 'CLOSED', out_refund_no: `RX1-${intent.outTradeNo}` });
    const r1 = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 5000, reason: '全额', outRefundNo: `RX1-${intent.outTradeNo}` });
    await app.sim.pay.settleRefunds(r1.outRefundNo);
    await app.sim.pay.whenIdle();
    expect((await app.services.payments.getRefund(r1.outRefundNo))!.state).toBe('CLOSED');
    expect((await intentOf(intent.outTradeNo)).refundReservedFen).toBe(0);
    await sim('POST', '/control/refund-outcome', { status: 'ABNORMAL', out_refund_no: `RX2-${intent.outTradeNo}` });
    const r2 = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 5000, reason: '再退', outRefundNo: `RX2-${intent.outTradeNo}` });
    await app.sim.pay.settleRefunds(r2.outRefundNo);
    await app.sim.pay.whenIdle();
    expect((await app.services.payments.getRefund(r2.outRefundNo))!.state).toBe('ABNORMAL');
    expect(await anomalyModel(app.conn).countDocuments({ kind: 'refund_abnormal', outRefundNo: r2.outRefundNo })).toBe(1);
    await app.services.payments.applyRefund({ out_refund_no: r2.outRefundNo, refund_status: 'SUCCESS', refund_id: 'x' });
    expect((await app.services.payments.getRefund(r2.outRefundNo))!.state).toBe('SUCCESS');
  });

  test('reversed refund notifications still end in the right final states', async () => {
    const intent = await paidIntent(9000);
    await fault({ fault: 'reverse_refund_order', out_trade_no: intent.outTradeNo });
    const a = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 1000, reason: 'a' });
    const b = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 2000, reason: 'b' });
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    const order = (await sim('GET', `/control/deliveries?out_trade_no=${intent.outTradeNo}&event_type=REFUND.SUCCESS`)).body.items.map((d: { out_refund_no: string }) => d.out_refund_no);
    expect(order).toEqual([b.outRefundNo, a.outRefundNo]);
    for (const r of [a, b]) expect((await app.services.payments.getRefund(r.outRefundNo))!.state).toBe('SUCCESS');
  });

  test('a 429 on refund: query first, then retry with the same out_refund_no → exactly one refund', async () => {
    const intent = await paidIntent(2000);
    await fault({ fault: 'http_429', api: 'refund', times: 1 });
    const r = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 2000, reason: '限流' });
    expect(['PROCESSING', 'SUCCESS']).toContain(r.state);
    expect((await sim('GET', `/control/refunds?out_trade_no=${intent.outTradeNo}`)).body.items).toHaveLength(1);
  });

  test('a missed refund notification is finished by the refund job', async () => {
    const intent = await paidIntent(1500);
    await fault({ fault: 'delay', ms: 3_600_000, out_trade_no: intent.outTradeNo });
    const r = await app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 1500, reason: '漏通知' });
    await app.sim.pay.settleRefunds();
    app.clock.travel(60_000);
    await app.services.payments.recoverRefunds();
    expect((await app.services.payments.getRefund(r.outRefundNo))!.state).toBe('SUCCESS');
    expect(refundHookCalls.filter((x) => x === r.outRefundNo)).toHaveLength(1);
  });

  test('refunding an unpaid intent is refused', async () => {
    const { intent } = await newIntent(100);
    await expect(app.services.payments.requestRefund({ outTradeNo: intent.outTradeNo, amountFen: 100, reason: 'x' })).rejects.toMatchObject({ code: 'PAY_NOT_PAID' });
  });
});

describe('keys', () => {
  test('platform certificates are downloaded, decrypted and used when WeChat signs in certificate mode', async () => {
    const certs = await app.wechatPay.client.fetchCertificates();
    expect(certs[0].serial).toBe(app.sim.payKeys.platformCertSerial);
    await app.wechatPay.keys.storeCertificates(certs);
    await sim('POST', '/control/key-mode', { mode: 'certificate' });
    try {
      const { intent } = await newIntent(321);
      await confirm(intent.outTradeNo);
      expect((await intentOf(intent.outTradeNo)).state).toBe('SUCCESS');
    } finally {
      await sim('POST', '/control/key-mode', { mode: 'public_key' });
    }
  });
});

describe('reconciliation', () => {
  test('the day’s trade bill matches our records; a difference is reported to admins', async () => {
    // Its own database and simulator: the day's bill must contain exactly this test's trades.
    const outer = app;
    app = await startTestApp();
    app.services.payments.registerPurpose('test', { onPaid: async () => undefined });
    try {
      await reconcileScenario();
    } finally {
      await app.close();
      app = outer;
    }
  });
});

async function reconcileScenario() {
  {
    const a = await newIntent(1234);
    await confirm(a.intent.outTradeNo);
    const refund = await app.services.payments.requestRefund({ outTradeNo: a.intent.outTradeNo, amountFen: 234, reason: '对账' });
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    expect((await app.services.payments.getRefund(refund.outRefundNo))!.state).toBe('SUCCESS');
    const { shanghaiDate } = await import('../../server/src/platform/clock');
    const date = shanghaiDate(new Date());
    const ok = await app.services.reconciliation.run(date);
    expect(ok.differences).toEqual([]);
    expect(ok.status).toBe('matched');
    expect(ok.remote.payments).toBe(ok.local.payments);

    // Our record says a different amount: reported, not hidden.
    await intentModel(app.conn).updateOne({ outTradeNo: a.intent.outTradeNo }, { $set: { amountFen: 1235 } });
    const admin = await app.login();
    await app.setRoles(admin.member.id, ['member', 'admin']);
    const res = await app.call('POST', '/api/admin/payments/reconciliation', { token: admin.accessToken, body: { date } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('differences');
    expect(res.body.differences).toContainEqual(expect.objectContaining({ kind: 'amount_mismatch', outTradeNo: a.intent.outTradeNo, remoteFen: 1234, localFen: 1235 }));
    const stored = await app.call('GET', `/api/admin/payments/reconciliation?date=${date}`, { token: admin.accessToken });
    expect(stored.body.differences.length).toBe(res.body.differences.length);
    const anomalies = await app.call('GET', '/api/admin/payments/anomalies', { token: admin.accessToken });
    expect(anomalies.status).toBe(200);
  }
}

/** Re-check `ok` until it holds (bounded): waits for an effect, never for a fixed time. */
async function until(ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setImmediate(r));
  }
}

describe('hooks and jobs', () => {
  test('a slow paid hook does not hold the notification past WeChat’s 5 s; a failing hook is finished by the job', async () => {
    let slowRuns = 0;
    let failFirst = true;
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    app.services.payments.registerPurpose('slow', {
      onPaid: async () => {
        slowRuns += 1;
        await slowGate; // held until the test has seen the notification answered
      },
    });
    app.services.payments.registerPurpose('flaky', {
      onPaid: async () => {
        if (failFirst) {
          failFirst = false;
          throw new Error('downstream not ready');
        }
      },
    });
    const slow = await app.services.payments.createIntent({ purpose: 'slow', reference: randomUUID(), openid: 'oP1', amountFen: 100, description: '慢', expireAt: new Date(app.clock.now().getTime() + 900_000) });
    // The notification is answered (and the payment durable) while the hook is still running.
    await confirm(slow.intent.outTradeNo);
    const answered = await intentOf(slow.intent.outTradeNo);
    expect(answered.state).toBe('SUCCESS');
    expect(answered.paidHook.state).not.toBe('done');
    releaseSlow();
    await until(async () => (await intentOf(slow.intent.outTradeNo)).paidHook.state === 'done');
    expect(slowRuns).toBe(1);

    const flaky = await app.services.payments.createIntent({ purpose: 'flaky', reference: randomUUID(), openid: 'oP1', amountFen: 100, description: '失败重试', expireAt: new Date(app.clock.now().getTime() + 900_000) });
    await confirm(flaky.intent.outTradeNo);
    const pending = await intentOf(flaky.intent.outTradeNo);
    expect(pending.state).toBe('SUCCESS');
    expect(pending.paidHook).toMatchObject({ state: 'pending', lastError: 'downstream not ready' });
    // The recurring jobs run through the scheduler like in production.
    const { armRecurringJobs } = await import('../../server/src/jobs');
    await armRecurringJobs(app.services.scheduler, { now: app.clock.now(), reconcileHour: 10 });
    await app.services.scheduler.runDue();
    expect((await intentOf(flaky.intent.outTradeNo)).paidHook.state).toBe('done');
    const jobs = await app.conn.collection('jobs').find({ name: /^payments\.(recover|run-hooks)/ }).toArray();
    expect(jobs.length).toBe(3);
    expect(jobs.every((j) => j.lastError === null && j.lastRunAt)).toBe(true);
  }, 20000);
});

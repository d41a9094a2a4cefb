/**
 * 预约服务 page (weapp build): date strip (今天/明天/后天/周X), slot grid with
 * the places left (约满 cannot be chosen), the form checked before anything is
 * sent, contact prefilled from the latest booking, the reminder consent asked
 * in the tap (wx.requestSubscribeMessage before any await), one clientKey per
 * attempt (the same after an unanswered try, a new one after an answer or a
 * change), server refusals shown in Chinese (约满 re-reads the slots), 上门量尺
 * needs the address (district picker from the store's area), and the deposit
 * paid through wx.requestPayment before the detail page.
 */
import { act, fireEvent, render } from '@testing-library/react';
import BookingNewPage from '@/pages-booking/booking-new/index';
import { login, signOut } from '@/services/session';
import { requestPayment } from '@/platform/request-payment';
import { chooseAddress, redirectTo, requestSubscribeMessage, resetTaroMock, setRouterParams, showToast } from './mocks/taro';
import {
  BOOKING_ID,
  bookingView,
  fail,
  ok,
  pathOf,
  serve,
  SERVICE_IDS,
  serviceView,
  session,
  slotView,
  STORE_ID,
  storeDetail,
  member,
  type Reply,
  type SentRequest,
} from './support/http';
import type { BookingKind, MemberView, SlotsResponse, StoreDetail } from '@homeclub/shared';

jest.mock('@/platform/request-payment', () => ({
  ...jest.requireActual('@/platform/request-payment'),
  requestPayment: jest.fn(),
}));
const pay = requestPayment as jest.MockedFunction<typeof requestPayment>;

const DATES = ['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'];
const PAY_PARAMS = {
  timeStamp: '1763794800',
  nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  package: 'prepay_id=wx22101500123456789abcdef0123456789',
  signType: 'RSA' as const,
  paySign: 'c2lnbmF0dXJlLWJhc2U2NA==',
};

interface CreateBody {
  serviceId: string;
  start: string;
  name: string;
  phone: string;
  address: { city: string; district: string; detail: string } | null;
  note: string;
  reminderConsent: boolean;
  clientKey: string;
}

/** Today: 14:00 (2 left), 15:00 (full), 16:00 (3 left); tomorrow 10:00 and 11:00. */
function defaultSlots(date: string): SlotsResponse {
  const slots =
    date === '2026-11-22'
      ? [slotView(date, '14:00', 2), slotView(date, '15:00', 0), slotView(date, '16:00', 3)]
      : date === '2026-11-23'
        ? [slotView(date, '10:00', 3), slotView(date, '11:00', 1)]
        : [];
  return { date, dates: DATES, slots };
}

interface Handlers {
  /** the signed-in member (default: no phone bound) */
  member?: MemberView;
  /** GET /api/me/phone */
  phone?: () => Reply;
  detail?: StoreDetail;
  slots?: (date: string) => Reply;
  mine?: () => Reply | Promise<Reply>;
  create?: (body: CreateBody, n: number) => Reply | Promise<Reply>;
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 40; i++) await Promise.resolve();
  });
}

async function renderNew(kind: BookingKind = 'design', h: Handlers = {}) {
  let creates = 0;
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1, h.member));
    if (path === '/api/me/phone') return h.phone ? h.phone() : ok({ phone: null });
    if (path === `/api/stores/${STORE_ID}`) return ok(h.detail ?? storeDetail());
    if (path.startsWith(`/api/booking/services/${SERVICE_IDS[kind]}/slots`)) {
      const date = new URL(path, 'http://test').searchParams.get('date')!;
      return h.slots ? h.slots(date) : ok(defaultSlots(date));
    }
    if (path === '/api/bookings' && req.method === 'GET') return h.mine ? h.mine() : ok({ items: [] });
    if (path === '/api/bookings' && req.method === 'POST') {
      creates += 1;
      return h.create
        ? h.create(req.data as CreateBody, creates)
        : { status: 201, body: { booking: bookingView(), requestPayment: null } };
    }
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  setRouterParams({ serviceId: SERVICE_IDS[kind], storeId: STORE_ID });
  render(<BookingNewPage />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);
const text = (id: string) => el(id)?.textContent ?? null;
const click = (id: string) => fireEvent.click(el(id)!);
const type = (id: string, value: string) => fireEvent.change(el(id)!, { target: { value } });
const creates = (sent: SentRequest[]) =>
  sent.filter((r) => r.method === 'POST' && pathOf(r) === '/api/bookings').map((r) => r.data as CreateBody);
const slotAsks = (sent: SentRequest[]) =>
  sent.filter((r) => pathOf(r).includes('/slots')).map((r) => new URL(pathOf(r), 'http://test').searchParams.get('date'));

async function submit() {
  click('booking-submit');
  await settle();
}

async function fillDesign() {
  click('booking-slot-14:00');
  type('booking-name', '林小雨');
  type('booking-phone', '13800138000');
}

beforeEach(async () => {
  // Sunday 2026-11-22 10:00 in Shanghai
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 2, 0, 0) });
  resetTaroMock();
  pay.mockReset();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('date strip and slot grid', () => {
  test('labels, places left, 约满 cannot be chosen, another day re-reads and drops the choice', async () => {
    const sent = await renderNew();
    expect(text('booking-service-name')).toBe('设计咨询');
    expect(slotAsks(sent)).toEqual(['2026-11-22']);
    expect(sent.find((r) => pathOf(r).includes('/slots'))!.header.Authorization).toBeUndefined();
    expect(text('booking-date-2026-11-22')).toBe('今天11/22');
    expect(text('booking-date-2026-11-23')).toBe('明天11/23');
    expect(text('booking-date-2026-11-24')).toBe('后天11/24');
    expect(text('booking-date-2026-11-25')).toBe('周三11/25');
    expect(el('booking-date-2026-11-22')!.className).toContain('date-strip__item--active');

    expect(text('booking-slot-14:00')).toBe('14:00余 2');
    expect(text('booking-slot-15:00')).toBe('15:00约满');
    expect(el('booking-slot-15:00')!.className).toContain('slot--full');
    click('booking-slot-15:00');
    expect(el('booking-slot-15:00')!.className).not.toContain('slot--selected');
    expect(el('booking-chosen')).toBeNull();

    click('booking-slot-14:00');
    expect(el('booking-slot-14:00')!.className).toContain('slot--selected');
    expect(text('booking-chosen')).toBe('已选 2026-11-22 周日 14:00–15:00');

    click('booking-date-2026-11-23');
    await settle();
    expect(slotAsks(sent)).toEqual(['2026-11-22', '2026-11-23']);
    expect(el('booking-slot-14:00')).toBeNull();
    expect(text('booking-slot-11:00')).toBe('11:00余 1');
    expect(el('booking-chosen')).toBeNull();
  });

  test('today not bookable: the first bookable day is shown', async () => {
    const sent = await renderNew('design', {
      slots: (date) => ok({ date, dates: ['2026-11-23', '2026-11-24'], slots: date === '2026-11-23' ? [slotView(date, '10:00', 3)] : [] }),
    });
    expect(slotAsks(sent)).toEqual(['2026-11-22', '2026-11-23']);
    expect(el('booking-date-2026-11-22')).toBeNull();
    expect(el('booking-date-2026-11-23')!.className).toContain('date-strip__item--active');
    expect(text('booking-slot-10:00')).toBe('10:00余 3');
  });

  test('first view: today without a free place (evening, or all full) → the next day that has one', async () => {
    const sent = await renderNew('design', {
      slots: (date) =>
        ok({
          date,
          dates: DATES,
          slots: date === '2026-11-22' ? [slotView(date, '20:00', 0)] : date === '2026-11-24' ? [slotView(date, '10:00', 1)] : [],
        }),
    });
    expect(slotAsks(sent)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(el('booking-date-2026-11-24')!.className).toContain('date-strip__item--active');
    expect(text('booking-slot-10:00')).toBe('10:00余 1');
    // choosing a day by hand shows that day, even when it is empty
    click('booking-date-2026-11-23');
    await settle();
    expect(slotAsks(sent)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-23']);
    expect(text('booking-slots-empty')).toBe('当天已无可预约时段，请选择其他日期');
  });

  test('no day with a place: the last day tried says so', async () => {
    const sent = await renderNew('design', { slots: (date) => ok({ date, dates: DATES, slots: [] }) });
    expect(slotAsks(sent)).toEqual(DATES);
    expect(text('booking-slots-empty')).toBe('当天已无可预约时段，请选择其他日期');
  });
});

describe('form checks', () => {
  test('nothing chosen or typed: errors under each field, nothing sent, no consent asked', async () => {
    const sent = await renderNew();
    await submit();
    expect(text('booking-slot-error')).toBe('请选择预约时间');
    expect(text('booking-name-error')).toBe('请填写联系人姓名');
    expect(text('booking-phone-error')).toBe('请填写 11 位手机号');
    expect(text('booking-error')).toBe('请检查标红的内容');
    expect(creates(sent)).toEqual([]);
    expect(requestSubscribeMessage).not.toHaveBeenCalled();

    type('booking-phone', '1380013');
    expect(el('booking-phone-error')).toBeNull(); // cleared while typing
    await submit();
    expect(text('booking-phone-error')).toBe('请填写 11 位手机号');
    type('booking-phone', '23800138000');
    await submit();
    expect(text('booking-phone-error')).toBe('请填写 11 位手机号');
    expect(creates(sent)).toEqual([]);
  });

  test('上门量尺 needs city, district and a detailed address', async () => {
    const sent = await renderNew('measure');
    click('booking-slot-14:00');
    type('booking-name', '林小雨');
    type('booking-phone', '13800138000');
    // the city starts as the store's
    expect((el('booking-city') as HTMLInputElement).value).toBe('上海');
    type('booking-city', '');
    await submit();
    expect(text('booking-city-error')).toBe('请填写城市');
    expect(text('booking-district-error')).toBe('请选择或填写区');
    expect(text('booking-address-detail-error')).toBe('请填写详细地址（至少 4 个字）');
    expect(creates(sent)).toEqual([]);
  });
});

describe('submitting', () => {
  test('contact prefilled from my latest booking; the body; consent asked inside the tap; → the detail', async () => {
    const older = bookingView({ id: 'old', name: '旧名字', phone: '13900000000', createdAt: '2026-10-01T02:00:00.000Z' });
    const latest = bookingView({ name: '林小雨', phone: '13800138000', createdAt: '2026-11-20T02:00:00.000Z' });
    const sent = await renderNew('design', { mine: () => ok({ items: [older, latest] }) });
    expect((el('booking-name') as HTMLInputElement).value).toBe('林小雨');
    expect((el('booking-phone') as HTMLInputElement).value).toBe('13800138000');

    click('booking-slot-16:00');
    type('booking-note', '  带户型图  ');
    click('booking-submit');
    // WeChat only opens the subscription sheet from the tap itself: asked before anything was awaited
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['TPL_BOOKING_CONFIRM', 'TPL_BOOKING_REMINDER'] }));
    expect(creates(sent)).toHaveLength(0);
    await settle();

    const [body] = creates(sent);
    expect(body).toEqual({
      serviceId: SERVICE_IDS.design,
      start: '2026-11-22T08:00:00.000Z',
      name: '林小雨',
      phone: '13800138000',
      address: null,
      note: '带户型图',
      reminderConsent: true,
      clientKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    });
    expect(redirectTo).toHaveBeenCalledWith({ url: `/pages-booking/booking-detail/index?id=${BOOKING_ID}&created=1` });
    expect(pay).not.toHaveBeenCalled();
  });

  test('typed fields win over a late prefill', async () => {
    let answer!: (r: Reply) => void;
    await renderNew('design', { mine: () => new Promise<Reply>((r) => (answer = r)) });
    type('booking-name', '王先生');
    await act(async () => answer(ok({ items: [bookingView({ name: '林小雨', phone: '13800138000' })] })));
    await settle();
    expect((el('booking-name') as HTMLInputElement).value).toBe('王先生');
    expect((el('booking-phone') as HTMLInputElement).value).toBe('13800138000');
  });

  test('consent refused or unavailable → reminderConsent false, the booking still goes', async () => {
    requestSubscribeMessage.mockImplementation(() =>
      Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', TPL_BOOKING_CONFIRM: 'reject', TPL_BOOKING_REMINDER: 'reject' }),
    );
    const sent = await renderNew();
    await fillDesign();
    await submit();
    expect(creates(sent)[0].reminderConsent).toBe(false);

    requestSubscribeMessage.mockImplementation(() => Promise.reject({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' }));
    await submit();
    expect(creates(sent)[1].reminderConsent).toBe(false);
    expect(creates(sent)).toHaveLength(2);
  });

  test('one accepted template is consent', async () => {
    requestSubscribeMessage.mockImplementation(() =>
      Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', TPL_BOOKING_CONFIRM: 'accept', TPL_BOOKING_REMINDER: 'reject' }),
    );
    const sent = await renderNew();
    await fillDesign();
    await submit();
    expect(creates(sent)[0].reminderConsent).toBe(true);
  });

  test('clientKey: kept for retries of an unanswered attempt, new after a change or an answer', async () => {
    const sent = await renderNew('design', {
      create: (_body, n) => {
        if (n === 1) return Promise.reject(new Error('socket hang up'));
        if (n === 2) return fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用，请稍后再试');
        if (n === 4) return fail(409, 'BOOKING_DUPLICATE', '您已预约了该时段');
        return { status: 201, body: { booking: bookingView(), requestPayment: null } };
      },
    });
    await fillDesign();
    await submit(); // network error
    expect(text('booking-error')).toBe('网络连接失败，请检查网络后重试');
    await submit(); // 503
    expect(text('booking-error')).toBe('服务暂时不可用，请稍后再试');
    type('booking-note', '想看沙发');
    await submit(); // answered (201): a new attempt, since the form changed
    const keys = creates(sent).map((b) => b.clientKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[1]);
    expect(redirectTo).toHaveBeenCalledTimes(1);
  });

  test('a refusal ends the attempt: the same form again is a new key', async () => {
    const sent = await renderNew('design', {
      create: (_b, n) => (n === 1 ? fail(409, 'BOOKING_LIMIT', '您的预约数量已达上限，请先完成或取消已有预约') : { status: 201, body: { booking: bookingView(), requestPayment: null } }),
    });
    await fillDesign();
    await submit();
    expect(text('booking-error')).toBe('您的预约数量已达上限，请先完成或取消已有预约');
    expect(redirectTo).not.toHaveBeenCalled();
    expect(showToast).not.toHaveBeenCalled(); // shown on the page instead
    await submit();
    const keys = creates(sent).map((b) => b.clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  test('约满 meanwhile: the message under the slots, the grid re-read, the choice dropped', async () => {
    let full = false;
    const sent = await renderNew('design', {
      slots: (date) => {
        const s = defaultSlots(date);
        return ok(full ? { ...s, slots: s.slots.map((x) => (x.label === '14:00' ? { ...x, remaining: 0 } : x)) } : s);
      },
      create: () => {
        full = true;
        return fail(409, 'BOOKING_SLOT_FULL', '该时段已约满，请选择其他时间');
      },
    });
    await fillDesign();
    await submit();
    expect(text('booking-slot-error')).toBe('该时段已约满，请选择其他时间');
    expect(slotAsks(sent)).toEqual(['2026-11-22', '2026-11-22']);
    expect(text('booking-slot-14:00')).toBe('14:00约满');
    expect(el('booking-chosen')).toBeNull();
    // choosing another slot clears the message
    click('booking-slot-16:00');
    expect(el('booking-slot-error')).toBeNull();
  });

  test('server field errors land under their fields', async () => {
    await renderNew('design', {
      create: () => ({
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: '提交的内容有误', requestId: 'r1', fields: [{ path: 'body.phone', message: '手机号格式不正确' }] },
      }),
    });
    await fillDesign();
    await submit();
    expect(text('booking-phone-error')).toBe('手机号格式不正确');
    expect(text('booking-error')).toBe('提交的内容有误');
  });

  test('a double tap sends once', async () => {
    let answer!: (r: Reply) => void;
    const sent = await renderNew('design', { create: () => new Promise<Reply>((r) => (answer = r)) });
    await fillDesign();
    click('booking-submit');
    click('booking-submit');
    await settle();
    expect(creates(sent)).toHaveLength(1);
    expect((el('booking-submit') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => answer({ status: 201, body: { booking: bookingView(), requestPayment: null } }));
    await settle();
    expect(redirectTo).toHaveBeenCalledTimes(1);
  });
});

describe('上门量尺', () => {
  async function fillMeasure() {
    click('booking-slot-14:00');
    type('booking-name', '林小雨');
    type('booking-phone', '13800138000');
    fireEvent.change(document.querySelector('#booking-district-picker input[data-picker]')!, { target: { value: '1' } });
    type('booking-address-detail', '漕溪北路 100 弄 5 号 301');
  }

  test('district from the store area picker, address sent, the deposit paid → the detail confirms it', async () => {
    pay.mockResolvedValue('ok');
    const sent = await renderNew('measure', {
      create: () => ({
        status: 201,
        body: { booking: bookingView({ state: 'pending_payment', depositFen: 5000, depositState: 'unpaid' }), requestPayment: PAY_PARAMS },
      }),
    });
    expect(text('booking-submit')).toBe('提交并支付定金 ¥50');
    expect(text('booking-deposit-note')).toContain('15 分钟内完成支付');
    expect(text('booking-district')).toBe('请选择区');
    await fillMeasure();
    expect(text('booking-district')).toBe('闵行区');
    await submit();
    expect(creates(sent)[0].address).toEqual({ city: '上海', district: '闵行区', detail: '漕溪北路 100 弄 5 号 301' });
    expect(pay).toHaveBeenCalledWith(PAY_PARAMS);
    expect(redirectTo).toHaveBeenCalledWith({ url: `/pages-booking/booking-detail/index?id=${BOOKING_ID}&paying=1` });
  });

  test('payment sheet closed → the detail (pay from there within 15 minutes)', async () => {
    pay.mockResolvedValue('cancel');
    await renderNew('measure', {
      create: () => ({
        status: 201,
        body: { booking: bookingView({ state: 'pending_payment', depositFen: 5000, depositState: 'unpaid' }), requestPayment: PAY_PARAMS },
      }),
    });
    await fillMeasure();
    await submit();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消支付，请在 15 分钟内支付定金' }));
    expect(redirectTo).toHaveBeenCalledWith({ url: `/pages-booking/booking-detail/index?id=${BOOKING_ID}` });
  });

  test('outside the area: the server message under the district', async () => {
    await renderNew('measure', { create: () => fail(409, 'BOOKING_OUTSIDE_AREA', '该地址不在门店上门服务范围内') });
    await fillMeasure();
    await submit();
    expect(text('booking-district-error')).toBe('该地址不在门店上门服务范围内');
    expect(redirectTo).not.toHaveBeenCalled();
  });

  test('a store without a district list takes the district as text; the last 上门 address is prefilled', async () => {
    const detail = storeDetail({
      store: { ...storeDetail().store, city: '杭州' },
      serviceArea: { cities: ['杭州'], districts: [] },
      services: [serviceView('measure', { depositFen: 0 })],
    });
    const last = bookingView({ kind: 'measure', address: { city: '杭州', district: '西湖区', detail: '文三路 1 号' } });
    const sent = await renderNew('measure', { detail, mine: () => ok({ items: [last] }) });
    expect(document.querySelector('#booking-district-picker')).toBeNull();
    expect((el('booking-city') as HTMLInputElement).value).toBe('杭州');
    expect((el('booking-district') as HTMLInputElement).value).toBe('西湖区');
    expect((el('booking-address-detail') as HTMLInputElement).value).toBe('文三路 1 号');
    click('booking-slot-14:00');
    type('booking-district', '拱墅区');
    await submit();
    expect(creates(sent)[0].address).toEqual({ city: '杭州', district: '拱墅区', detail: '文三路 1 号' });
    expect(text('booking-submit')).toBe('提交预约');
  });
});

test('no service with that id at the store: an error, no form', async () => {
  serve((req) => (pathOf(req) === '/api/auth/login' ? ok(session(1)) : ok(storeDetail({ services: [] }))));
  await act(async () => {
    await login();
  });
  setRouterParams({ serviceId: SERVICE_IDS.design, storeId: STORE_ID });
  render(<BookingNewPage />);
  await settle();
  expect(text('booking-new-error')).toContain('该预约服务不存在或已停用');
  expect(el('booking-submit')).toBeNull();
});

describe('prefill, address book, photos and copy', () => {
  const input = (id: string) => el(id) as HTMLInputElement;

  test('the bound phone is prefilled (over the latest booking\'s), with no bind prompt', async () => {
    const sent = await renderNew('design', {
      member: member({ phoneMasked: '139****2222' }),
      phone: () => ok({ phone: '13911112222' }),
      mine: () => ok({ items: [bookingView({ name: '林小雨', phone: '13800138000' })] }),
    });
    expect(input('booking-phone').value).toBe('13911112222');
    expect(input('booking-name').value).toBe('林小雨');
    expect(el('booking-phone-bind')).toBeNull();
    expect(sent.some((r) => pathOf(r) === '/api/me/phone')).toBe(true);
  });

  test('no phone bound: the getPhoneNumber button is offered and /api/me/phone is not asked', async () => {
    const sent = await renderNew('design');
    expect(el('booking-phone-bind')).not.toBeNull();
    expect(text('bind-phone-btn')).toBe('绑定手机号');
    expect(input('booking-phone').value).toBe('');
    expect(sent.some((r) => pathOf(r) === '/api/me/phone')).toBe(false);
  });

  test('上门量尺: 从微信地址簿选择 fills the address (and the empty contact); a cancel changes nothing', async () => {
    await renderNew('measure');
    click('booking-choose-address');
    await settle();
    expect(input('booking-address-detail').value).toBe('');
    chooseAddress.mockResolvedValueOnce({ userName: '王先生', telNumber: '021-13700001111', cityName: '上海', countyName: '闵行区', detailInfo: '七莘路 100 弄 5 号 301', errMsg: 'chooseAddress:ok' });
    type('booking-name', '林小雨');
    click('booking-choose-address');
    await settle();
    expect(text('booking-district')).toBe('闵行区');
    expect(input('booking-address-detail').value).toBe('七莘路 100 弄 5 号 301');
    expect(input('booking-name').value).toBe('林小雨'); // typed: kept
    expect(input('booking-phone').value).toBe('02113700001111');
    expect(text('booking-points')).toBe('上门量尺完成后得 200 积分');
  });

  test('the store\'s photos head the form; 到店 services say 到店完成服务', async () => {
    await renderNew('design', { detail: storeDetail({ photos: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'] }) });
    expect(el('booking-photos')?.querySelectorAll('img')).toHaveLength(2);
    expect(text('booking-points')).toBe('到店完成服务得 200 积分');
    expect(el('booking-choose-address')).toBeNull();
  });
});

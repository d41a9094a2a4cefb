/** Booking helpers: form checks, the cut-off text and clock, deposit deadline, staff action rules, date labels, hours. */
import {
  canChangeNow,
  canCheckIn,
  canMarkNoShow,
  cutoffText,
  dayLabel,
  depositDeadline,
  durationText,
  fieldOfPath,
  formScope,
  hoursText,
  todayHoursText,
  validateBookingForm,
  type BookingForm,
} from '@/services/booking';
import { bookingView, chinaTime } from './support/http';

const FILLED: BookingForm = { slotStart: chinaTime('2026-11-23', '14:00'), name: '林小雨', phone: '13800138000', city: '上海', district: '徐汇区', detail: '漕溪北路 100 弄', note: '' };

describe('validateBookingForm', () => {
  test('a complete form passes for every kind', () => {
    expect(validateBookingForm(FILLED, 'design')).toEqual({});
    expect(validateBookingForm(FILLED, 'measure')).toEqual({});
  });

  test('each missing or wrong field is named', () => {
    expect(validateBookingForm({ ...FILLED, slotStart: null }, 'design')).toEqual({ slot: '请选择预约时间' });
    expect(validateBookingForm({ ...FILLED, name: '   ' }, 'design')).toEqual({ name: '请填写联系人姓名' });
    expect(validateBookingForm({ ...FILLED, name: '名'.repeat(21) }, 'design')).toEqual({ name: '姓名最多 20 个字' });
    for (const phone of ['', '1380013800', '138001380001', '23800138000', '1380013800a']) {
      expect(validateBookingForm({ ...FILLED, phone }, 'design')).toEqual({ phone: '请填写 11 位手机号' });
    }
    expect(validateBookingForm({ ...FILLED, note: 'x'.repeat(201) }, 'design')).toEqual({ note: '备注最多 200 个字' });
  });

  test('the address counts only for 上门量尺', () => {
    const noAddress = { ...FILLED, city: '', district: '', detail: '' };
    expect(validateBookingForm(noAddress, 'visit')).toEqual({});
    expect(validateBookingForm(noAddress, 'measure')).toEqual({
      city: '请填写城市',
      district: '请选择或填写区',
      detail: '请填写详细地址（至少 4 个字）',
    });
    expect(validateBookingForm({ ...FILLED, detail: '一二三' }, 'measure')).toEqual({ detail: '请填写详细地址（至少 4 个字）' });
    expect(validateBookingForm({ ...FILLED, detail: '一二三四' }, 'measure')).toEqual({});
  });

  test('server paths map to fields; the attempt scope follows what is sent', () => {
    expect(fieldOfPath('body.phone')).toBe('phone');
    expect(fieldOfPath('body.address.district')).toBe('district');
    expect(fieldOfPath('body.address')).toBe('detail');
    expect(fieldOfPath('body.clientKey')).toBeNull();
    expect(formScope('s', FILLED, 'design')).toBe(formScope('s', { ...FILLED, name: ' 林小雨 ', detail: 'ignored' }, 'design'));
    expect(formScope('s', FILLED, 'measure')).not.toBe(formScope('s', { ...FILLED, detail: '别的地址 1 号' }, 'measure'));
    expect(formScope('s', FILLED, 'design')).not.toBe(formScope('s', { ...FILLED, note: '带图' }, 'design'));
  });
});

describe('change rules', () => {
  const b = bookingView(); // 11-23 14:00, deadline 12:00
  test('the cut-off as hours or minutes', () => {
    expect(cutoffText(b)).toBe('2 小时');
    expect(cutoffText({ start: b.start, changeDeadline: new Date(Date.parse(b.start) - 90 * 60_000).toISOString() })).toBe('90 分钟');
    expect(cutoffText({ start: b.start, changeDeadline: new Date(Date.parse(b.start) - 24 * 3600_000).toISOString() })).toBe('24 小时');
  });

  test('canChange holds until the deadline, inclusive, and never against the server', () => {
    const deadline = Date.parse(b.changeDeadline);
    expect(canChangeNow(b, deadline - 1)).toBe(true);
    expect(canChangeNow(b, deadline)).toBe(true);
    expect(canChangeNow(b, deadline + 1)).toBe(false);
    expect(canChangeNow({ ...b, canChange: false }, deadline - 3600_000)).toBe(false);
  });

  test('the deposit is payable until the server’s expiry (15 minutes after booking when absent)', () => {
    expect(depositDeadline({ createdAt: '2026-11-22T02:00:00.000Z', expireAt: '2026-11-22T02:14:30.000Z' })).toBe('2026-11-22T02:14:30.000Z');
    expect(depositDeadline({ createdAt: '2026-11-22T02:00:00.000Z', expireAt: null })).toBe('2026-11-22T02:15:00.000Z');
  });
});

describe('staff actions', () => {
  const start = chinaTime('2026-11-22', '14:00');
  test('签到: booked and today (China time)', () => {
    expect(canCheckIn({ state: 'booked', start }, Date.parse(chinaTime('2026-11-22', '00:00')))).toBe(true);
    expect(canCheckIn({ state: 'booked', start }, Date.parse(chinaTime('2026-11-22', '23:59')))).toBe(true);
    expect(canCheckIn({ state: 'booked', start }, Date.parse(chinaTime('2026-11-21', '23:59')))).toBe(false);
    expect(canCheckIn({ state: 'pending_payment', start }, Date.parse(start))).toBe(false);
    expect(canCheckIn({ state: 'attended', start }, Date.parse(start))).toBe(false);
  });

  test('标记爽约: booked and the start has come', () => {
    expect(canMarkNoShow({ state: 'booked', start }, Date.parse(start) - 1)).toBe(false);
    expect(canMarkNoShow({ state: 'booked', start }, Date.parse(start))).toBe(true);
    expect(canMarkNoShow({ state: 'no_show', start }, Date.parse(start) + 1)).toBe(false);
  });
});

describe('dates and hours', () => {
  test('day labels', () => {
    expect(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-29'].map((d) => dayLabel(d, '2026-11-22'))).toEqual([
      '今天',
      '明天',
      '后天',
      '周三',
      '周日',
    ]);
    // across a month end
    expect(dayLabel('2026-12-01', '2026-11-30')).toBe('明天');
  });

  test('hours and durations', () => {
    expect(hoursText([])).toBe('休息');
    expect(hoursText([{ open: '13:00', close: '21:30' }, { open: '09:30', close: '12:00' }])).toBe('09:30–12:00、13:00–21:30');
    const week = [[], [{ open: '10:00', close: '21:00' }], [], [], [], [], []];
    expect(todayHoursText({ hours: week, closedDates: [] }, Date.parse(chinaTime('2026-11-23', '08:00')))).toBe('10:00–21:00');
    expect(todayHoursText({ hours: week, closedDates: ['2026-11-23'] }, Date.parse(chinaTime('2026-11-23', '08:00')))).toBe('休息');
    // 2026-11-23 00:30 in Shanghai is still the 22nd in UTC: the China day counts
    expect(todayHoursText({ hours: week, closedDates: [] }, Date.parse(chinaTime('2026-11-23', '00:30')))).toBe('10:00–21:00');
    expect(durationText(45)).toBe('45 分钟');
    expect(durationText(120)).toBe('2 小时');
    expect(durationText(90)).toBe('1 小时 30 分钟');
  });
});

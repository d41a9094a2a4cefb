/**
 * Subscribe messages (订阅消息): the reminder kinds HomeClub sends, the values each kind can put into a WeChat
 * template, the defaults (the template ids the simulator and the demo use), and `composeMessage` — the pure rule
 * that turns a kind's mapping (template keyword → value) and the values of one send into WeChat's `data`.
 *
 * WeChat checks each keyword's value by the keyword's type (its name without the number): thing ≤ 20 characters,
 * character_string ≤ 32 (letters, digits, symbols), phrase ≤ 5 Chinese characters, number ≤ 32 digits, time/date a
 * date-time or date, name ≤ 10, phone_number ≤ 17. Longer values are cut here, so a send is never refused for length.
 */

export const MESSAGE_KINDS = ['booking_confirm', 'booking_reminder', 'coupon_expiry'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface MessageSource {
  key: string;
  label: string;
  /** what a test send puts in */
  sample: string;
}

export interface MessageKindInfo {
  kind: MessageKind;
  label: string;
  /** when it is sent */
  when: string;
  /** the mini-program page the message opens */
  page: string;
  sources: MessageSource[];
}

const bookingSources: MessageSource[] = [
  { key: 'service', label: '预约服务', sample: '上门量尺' },
  { key: 'time', label: '预约时间', sample: '2026-12-08 10:00' },
  { key: 'store', label: '门店', sample: '徐汇旗舰店' },
  { key: 'code', label: '预约码', sample: 'B7K2Q9' },
  { key: 'tip', label: '温馨提示', sample: '预约成功，请按时到店' },
];

export const MESSAGE_CATALOG: MessageKindInfo[] = [
  { kind: 'booking_confirm', label: '预约成功通知', when: '会员预约成功后立即发送', page: 'pages-booking/booking-detail/index', sources: bookingSources },
  { kind: 'booking_reminder', label: '预约到店提醒', when: '预约前一天 18:00 与开始前 2 小时', page: 'pages-booking/booking-detail/index', sources: bookingSources },
  {
    kind: 'coupon_expiry',
    label: '优惠券到期提醒',
    when: '优惠券到期前 3 天（每张券一次）',
    page: 'pages-member/coupon-detail/index',
    sources: [
      { key: 'coupon', label: '券名称', sample: '满 1000 减 100' },
      { key: 'expiresOn', label: '到期日期', sample: '2026-12-10' },
      { key: 'tip', label: '温馨提示', sample: '您的优惠券即将过期，请尽快使用' },
    ],
  },
];

export interface MessageFieldMap {
  /** the template's keyword, e.g. thing1 */
  key: string;
  /** one of the kind's sources */
  source: string;
}

export interface MessageTemplateSetting {
  kind: MessageKind;
  enabled: boolean;
  templateId: string;
  fields: MessageFieldMap[];
}

const bookingFields = (tip: string): MessageFieldMap[] => [
  { key: 'thing1', source: 'service' },
  { key: 'time2', source: 'time' },
  { key: 'thing3', source: 'store' },
  { key: 'character_string4', source: 'code' },
  { key: 'thing5', source: tip },
];

export const DEFAULT_MESSAGE_TEMPLATES: MessageTemplateSetting[] = [
  { kind: 'booking_confirm', enabled: true, templateId: 'TPL_BOOKING_CONFIRM', fields: bookingFields('tip') },
  { kind: 'booking_reminder', enabled: true, templateId: 'TPL_BOOKING_REMINDER', fields: bookingFields('tip') },
  {
    kind: 'coupon_expiry',
    enabled: true,
    templateId: 'TPL_COUPON_EXPIRY',
    fields: [
      { key: 'thing1', source: 'coupon' },
      { key: 'time2', source: 'expiresOn' },
      { key: 'thing3', source: 'tip' },
    ],
  },
];

/** A WeChat template keyword: its type and a number (thing1, character_string4). */
export const MESSAGE_KEYWORD_PATTERN = /^(thing|character_string|phrase|number|time|date|name|phone_number|amount|letter|symbol|car_number)(\d{1,2})$/;

const LIMITS: Record<string, number> = { thing: 20, character_string: 32, phrase: 5, number: 32, name: 10, phone_number: 17, letter: 32, symbol: 5, car_number: 8, amount: 32, time: 32, date: 32 };

/** The longest value WeChat accepts for a keyword (by its type). */
export function keywordLimit(key: string): number {
  const m = MESSAGE_KEYWORD_PATTERN.exec(key);
  return m ? LIMITS[m[1]] : 20;
}

export function messageKindInfo(kind: MessageKind): MessageKindInfo {
  return MESSAGE_CATALOG.find((k) => k.kind === kind)!;
}

/** WeChat's `data` for one send: each mapped keyword gets its source's value, cut to the keyword's limit (by code point). */
export function composeMessage(fields: MessageFieldMap[], values: Record<string, string>): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const f of fields) {
    const chars = Array.from(values[f.source] ?? '');
    data[f.key] = { value: chars.slice(0, keywordLimit(f.key)).join('') };
  }
  return data;
}

/** Problems of a mapping, as [field index or -1, Chinese message] (empty when it can be saved). */
export function mappingProblems(s: MessageTemplateSetting): Array<[number, string]> {
  const info = messageKindInfo(s.kind);
  const out: Array<[number, string]> = [];
  const seen = new Set<string>();
  s.fields.forEach((f, i) => {
    if (!MESSAGE_KEYWORD_PATTERN.test(f.key)) out.push([i, '关键词应为微信模板中的字段名，如 thing1、time2']);
    else if (seen.has(f.key)) out.push([i, `关键词 ${f.key} 重复`]);
    if (!info.sources.some((x) => x.key === f.source)) out.push([i, '请选择要填入的内容']);
    seen.add(f.key);
  });
  if (!s.fields.length) out.push([-1, '至少填写一个字段']);
  return out;
}

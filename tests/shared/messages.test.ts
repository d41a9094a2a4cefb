/** The subscribe-message rules: WeChat's value limits by keyword type, the mapping checks. */
import { DEFAULT_MESSAGE_TEMPLATES, composeMessage, keywordLimit, mappingProblems } from '@homeclub/shared';

test.each([
  ['thing1', 20],
  ['thing12', 20],
  ['character_string4', 32],
  ['phrase3', 5],
  ['name2', 10],
  ['phone_number5', 17],
  ['time2', 32],
])('keyword %s takes at most %i characters', (key, limit) => expect(keywordLimit(key)).toBe(limit));

test.each([
  [[{ key: 'thing1', source: 'a' }], { a: '短' }, { thing1: { value: '短' } }],
  [[{ key: 'phrase1', source: 'a' }], { a: '已经预约成功' }, { phrase1: { value: '已经预约成' } }],
  [[{ key: 'thing1', source: 'a' }], { a: '😀'.repeat(25) }, { thing1: { value: '😀'.repeat(20) } }],
  [[{ key: 'thing1', source: 'missing' }], {}, { thing1: { value: '' } }],
  [[{ key: 'thing1', source: 'a' }, { key: 'time2', source: 'b' }], { a: 'x', b: '2026-12-08 10:00' }, { thing1: { value: 'x' }, time2: { value: '2026-12-08 10:00' } }],
])('compose %j with %j', (fields, values, data) => expect(composeMessage(fields, values as Record<string, string>)).toEqual(data));

test('the defaults are valid mappings; problems name the field', () => {
  for (const t of DEFAULT_MESSAGE_TEMPLATES) expect(mappingProblems(t)).toEqual([]);
  const base = DEFAULT_MESSAGE_TEMPLATES[2];
  expect(mappingProblems({ ...base, fields: [{ key: 'thing1', source: 'coupon' }, { key: 'thing1', source: 'tip' }] })).toEqual([[1, '关键词 thing1 重复']]);
  expect(mappingProblems({ ...base, fields: [{ key: 'Thing1', source: 'coupon' }] })).toEqual([[0, '关键词应为微信模板中的字段名，如 thing1、time2']]);
  expect(mappingProblems({ ...base, fields: [{ key: 'thing1', source: 'service' }] })).toEqual([[0, '请选择要填入的内容']]);
  expect(mappingProblems({ ...base, fields: [] })).toEqual([[-1, '至少填写一个字段']]);
});

import { orderSearch } from '@homeclub/shared';

test.each([
  ['2026120600001', { kind: 'order', number: '2026120600001' }],
  [' 2026 1206 00001 ', { kind: 'order', number: '2026120600001' }],
  ['R2026120600001', { kind: 'refund', number: 'R2026120600001' }],
  ['r2026120600001', { kind: 'refund', number: 'R2026120600001' }],
  ['13800138000', { kind: 'phone', phone: '13800138000' }],
  ['4300000001', { kind: 'card', cardNo: '4300000001' }],
  ['HC20261206A1B2C3D4E5F6G7', { kind: 'outTradeNo', outTradeNo: 'HC20261206A1B2C3D4E5F6G7' }],
  ['hc20261206a1b2c3d4e5f6g7', { kind: 'outTradeNo', outTradeNo: 'HC20261206A1B2C3D4E5F6G7' }],
])('%s → %o', (text, expected) => {
  expect(orderSearch(text)).toEqual(expected);
});

test.each(['', '陈晓', '202612060000', '20261206000011', '23800138000', 'R123', 'HC2026120', 'HC20261206A1B2C3D4E5F6G7X', '12345678901234567890'])('%p is none of them', (text) => {
  expect(orderSearch(text)).toBeNull();
});

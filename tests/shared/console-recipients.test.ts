import { parseRecipients } from '@homeclub/shared';

test.each([
  ['13900000000', [['13900000000', 'phone']]],
  ['+86 13900000000', [['13900000000', 'phone']]],
  ['8800000000', [['8800000000', 'card']]],
  ['13900000000\n13900000000', [['13900000000', 'phone'], ['13900000000', 'duplicate']]],
  ['1390000000, 23900000000；abc', [['1390000000', 'card'], ['23900000000', 'invalid'], ['abc', 'invalid']]],
  ['  \n , ', []],
  ['13900000000、8800000000\t13911112222', [['13900000000', 'phone'], ['8800000000', 'card'], ['13911112222', 'phone']]],
])('parseRecipients(%j)', (text, expected) => {
  expect(parseRecipients(text).map((r) => [r.input, r.kind])).toEqual(expected);
});

/**
 * components/Button.tsx (issue 18 item 10, the insertBefore NotFoundError after the payment overlay): on H5 Taro's
 * button web component must never be asked to insert its own spinner — `loading` becomes the CSS class
 * `btn--loading`; the mini-program keeps the native `loading`.
 */
import { render } from '@testing-library/react';
import { Button } from '@/components/Button';

const given: Record<string, unknown>[] = [];
jest.mock('@tarojs/components', () => ({
  Button: (props: Record<string, unknown>) => {
    given.push(props);
    return null;
  },
}));

const env = process.env.TARO_ENV;
afterEach(() => {
  process.env.TARO_ENV = env;
  given.length = 0;
});

test.each<[NonNullable<typeof process.env.TARO_ENV>, boolean, Record<string, unknown>, string[]]>([
  ['h5', true, { className: 'btn btn--primary btn--loading' }, ['loading']],
  ['h5', false, { className: 'btn btn--primary' }, ['loading']],
  ['weapp', true, { className: 'btn btn--primary', loading: true }, []],
])('%s, loading=%s', (platform, loading, expected, absent) => {
  process.env.TARO_ENV = platform;
  render(
    <Button className='btn btn--primary' loading={loading} disabled={loading}>
      确认支付 ¥403.20
    </Button>,
  );
  const props = given.at(-1)!;
  expect(props).toMatchObject({ ...expected, disabled: loading, children: '确认支付 ¥403.20' });
  for (const key of absent) expect(props).not.toHaveProperty(key);
});

/**
 * Taro's Button with `loading` made safe on H5. There, Taro's button is a Stencil web component that draws its
 * spinner by inserting an <i> before its slot marker; React replaces a button's text (a changing single-string child
 * such as 「确认支付 ¥403.20」) by setting textContent, which removes that marker, and the next `loading` toggle fails
 * with "NotFoundError: Failed to execute 'insertBefore' on 'Node'" (seen after the payment overlay). On H5 the
 * spinner is therefore drawn by CSS (`.btn--loading`, app.css) and the web component is never asked to insert one.
 * The mini-program keeps the native `loading`.
 *
 * A disabled button never calls onClick: Taro's H5 button only stops its click's propagation, and React's handler
 * still ran (a greyed 「积分不足」 opened the exchange dialog). browser-shell.h5.ts stops such clicks for every
 * button; this guard holds on every platform.
 */
import { Button as TaroButton } from '@tarojs/components';
import type { ComponentProps } from 'react';

export function Button(props: ComponentProps<typeof TaroButton>) {
  const { onClick, disabled } = props;
  const guarded: typeof onClick =
    onClick &&
    ((event) => {
      if (!disabled) onClick(event);
    });
  if (process.env.TARO_ENV !== 'h5') return <TaroButton {...props} onClick={guarded} />;
  const { loading, className, ...rest } = props;
  return <TaroButton {...rest} onClick={guarded} className={loading ? `${className ?? ''} btn--loading` : className} />;
}

/**
 * Jest stand-in for @tarojs/components (mapped in jest.config.js): each
 * component becomes a plain DOM element, passing id/className/style/onClick
 * through. Input reports Taro-style `{ detail: { value } }` events. A Button with
 * openType="getPhoneNumber" calls onGetPhoneNumber on click with the detail set
 * by setPhoneNumberDetail() (what WeChat would hand the page).
 */
import { createElement, type CSSProperties, type ReactNode } from 'react';

interface BaseProps {
  id?: string;
  className?: string;
  style?: CSSProperties | string;
  children?: ReactNode;
  onClick?: (e: unknown) => void;
}

function base(props: BaseProps) {
  return {
    id: props.id,
    className: props.className,
    style: typeof props.style === 'string' ? undefined : props.style,
    onClick: props.onClick,
  };
}

function element(tag: string, displayName: string) {
  const Component = (props: BaseProps) => createElement(tag, base(props), props.children);
  Component.displayName = displayName;
  return Component;
}

export const View = element('div', 'View');
export const Text = element('span', 'Text');
export const ScrollView = element('div', 'ScrollView');
export const Swiper = element('div', 'Swiper');
export const SwiperItem = element('div', 'SwiperItem');
export const Form = element('form', 'Form');
export const Label = element('label', 'Label');

export function Image(props: BaseProps & { src?: string; mode?: string }) {
  return createElement('img', { ...base(props), src: props.src, alt: '' });
}

let phoneNumberDetail: Record<string, unknown> = { errMsg: 'getPhoneNumber:ok', code: 'wx-phone-code' };
export function setPhoneNumberDetail(detail: Record<string, unknown>): void {
  phoneNumberDetail = detail;
}

interface ButtonProps extends BaseProps {
  openType?: string;
  disabled?: boolean;
  loading?: boolean;
  onGetPhoneNumber?: (e: { detail: Record<string, unknown> }) => void;
}

export function Button(props: ButtonProps) {
  const onClick = (e: unknown) => {
    props.onClick?.(e);
    if (props.openType === 'getPhoneNumber') props.onGetPhoneNumber?.({ detail: phoneNumberDetail });
  };
  return createElement(
    'button',
    { ...base(props), type: 'button', disabled: props.disabled, 'data-open-type': props.openType, onClick },
    props.children,
  );
}

interface InputProps extends BaseProps {
  value?: string;
  type?: string;
  placeholder?: string;
  maxlength?: number;
  disabled?: boolean;
  onInput?: (e: { detail: { value: string } }) => void;
}

export function Input(props: InputProps) {
  return createElement('input', {
    ...base(props),
    value: props.value ?? '',
    type: props.type === 'number' ? 'tel' : 'text',
    placeholder: props.placeholder,
    maxLength: props.maxlength,
    disabled: props.disabled,
    onChange: (e: { target: { value: string } }) => props.onInput?.({ detail: { value: e.target.value } }),
  });
}

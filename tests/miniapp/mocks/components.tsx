/**
 * Jest stand-in for @tarojs/components (mapped in jest.config.js): each
 * component becomes a plain DOM element, passing id/className/style/onClick
 * through. Input reports Taro-style `{ detail: { value } }` events. A Button with
 * openType="getPhoneNumber" calls onGetPhoneNumber on click with the detail set
 * by setPhoneNumberDetail() (what WeChat would hand the page). A Picker renders
 * its children plus a hidden <input data-picker> standing for the wheel:
 * fireEvent.change on it with a value fires onChange with `{ detail: { value } }`
 * (a number for mode="selector", like WeChat). A Slider is an <input type="range">:
 * fireEvent.change on it fires onChange with `{ detail: { value: number } }`.
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

interface PickerProps extends BaseProps {
  mode?: string;
  value?: unknown;
  range?: unknown[];
  start?: string;
  end?: string;
  disabled?: boolean;
  onChange?: (e: { detail: { value: unknown } }) => void;
}

export function Picker(props: PickerProps) {
  const mode = props.mode ?? 'selector';
  return createElement(
    'div',
    {
      ...base(props),
      'data-picker-mode': mode,
      'data-picker-range': Array.isArray(props.range) ? props.range.join('|') : undefined,
      'data-picker-start': props.start,
      'data-picker-end': props.end,
    },
    props.children,
    createElement('input', {
      'data-picker': mode,
      type: 'text',
      hidden: true,
      disabled: props.disabled,
      defaultValue: '',
      onChange: (e: { target: { value: string } }) => {
        if (props.disabled) return;
        const raw = e.target.value;
        props.onChange?.({ detail: { value: mode === 'selector' ? Number(raw) : raw } });
      },
    }),
  );
}

interface SliderProps extends BaseProps {
  min?: number;
  max?: number;
  step?: number;
  value?: number;
  disabled?: boolean;
  onChange?: (e: { detail: { value: number } }) => void;
  onChanging?: (e: { detail: { value: number } }) => void;
}

export function Slider(props: SliderProps) {
  return createElement('input', {
    ...base(props),
    type: 'range',
    min: props.min ?? 0,
    max: props.max ?? 100,
    step: props.step ?? 1,
    value: props.value ?? 0,
    disabled: props.disabled,
    onChange: (e: { target: { value: string } }) => props.onChange?.({ detail: { value: Number(e.target.value) } }),
  });
}

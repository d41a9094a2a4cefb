/**
 * 「绑定手机号」 — WeChat version: the getPhoneNumber open-type button; its
 * one-time `detail.code` goes to POST /api/auth/phone.
 * The H5 demo build resolves phone-bind.h5.tsx instead.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button } from '../components/Button';
import type { ButtonProps, CommonEventFunction } from '@tarojs/components';
import { bindPhone } from '../services/session';

export function PhoneBindButton() {
  const [busy, setBusy] = useState(false);

  const onGetPhoneNumber: CommonEventFunction<ButtonProps.onGetPhoneNumberEventDetail> = (e) => {
    const code = e.detail.code;
    if (!code) {
      void Taro.showToast({ title: '未授权手机号', icon: 'none' });
      return;
    }
    setBusy(true);
    bindPhone(code)
      .catch(() => undefined) // toasted by the API client
      .finally(() => setBusy(false));
  };

  return (
    <Button
      id='bind-phone-btn'
      className='btn btn--primary btn--small'
      openType='getPhoneNumber'
      loading={busy}
      disabled={busy}
      onGetPhoneNumber={onGetPhoneNumber}
    >
      绑定手机号
    </Button>
  );
}

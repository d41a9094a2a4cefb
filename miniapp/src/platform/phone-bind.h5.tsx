/**
 * 「绑定手机号」 — H5 demo version: there is no getPhoneNumber in a browser, so a
 * small form takes an 11-digit mobile (prefilled with a random 138…), mints a
 * phone code from the simulator (/sim/wx/control/phone-code) and then calls
 * POST /api/auth/phone exactly like the mini-program does with its code.
 */
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../components/Button';
import { bindPhone } from '../services/session';
import { showErrorToast } from '../services/api';
import { randomDemoPhone, simPhoneCode } from './sim.h5';
import './demo.h5.css';

const MOBILE = /^1\d{10}$/;

export function PhoneBindButton() {
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const valid = MOBILE.test(phone);

  const openForm = () => {
    setPhone(randomDemoPhone());
    setOpen(true);
  };

  const submit = async () => {
    if (!valid || busy) return;
    setBusy(true);
    try {
      const { code } = await simPhoneCode(phone).catch((err: unknown) => {
        showErrorToast(err);
        throw err;
      });
      await bindPhone(code); // its failures are toasted by the API client
      setOpen(false);
    } catch {
      // already shown
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='phone-bind'>
      <Button id='bind-phone-btn' className='btn btn--primary btn--small' onClick={openForm}>
        绑定手机号
      </Button>
      {open ? (
        <View className='modal'>
          <View className='modal__mask' onClick={() => !busy && setOpen(false)} />
          <View className='modal__panel'>
            <Text className='modal__title'>绑定手机号</Text>
            <Text className='modal__hint'>演示环境：输入任意 11 位手机号，模拟微信手机号授权。</Text>
            <Input
              id='phone-input'
              className='input'
              type='number'
              maxlength={11}
              placeholder='请输入 11 位手机号'
              value={phone}
              onInput={(e) => setPhone(e.detail.value.trim())}
            />
            {!valid && phone ? <Text className='modal__error'>请输入正确的 11 位手机号</Text> : null}
            <View className='modal__actions'>
              <Button className='btn btn--plain' disabled={busy} onClick={() => setOpen(false)}>
                取消
              </Button>
              <Button
                id='phone-submit'
                className='btn btn--primary'
                disabled={!valid || busy}
                loading={busy}
                onClick={() => void submit()}
              >
                确认绑定
              </Button>
            </View>
          </View>
        </View>
      ) : null}
    </View>
  );
}

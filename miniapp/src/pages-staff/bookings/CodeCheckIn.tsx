/** 今日预约's 到店签到 card: scan (weapp camera; H5 typed) or type the 10-digit booking code, and what the check-in gave. */
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { BOOKING_STATE_TEXT, timeRangeText } from '../../services/booking';
import { MemberCodeScanner } from '../../platform/member-code-scanner';
import type { CodeState } from '../../hooks/useStaffBookings';

interface Props {
  code: CodeState;
  codeInput: string;
  setCodeInput: (text: string) => void;
  checkInByCode: (raw: string, invalidMessage: string) => Promise<void>;
}

export function CodeCheckIn({ code, codeInput, setCodeInput, checkInByCode }: Props) {
  return (
    <View className='card staff-code'>
      <Text className='staff-code__title'>到店签到</Text>
      <Text className='staff-code__desc'>请顾客打开「预约详情」出示到店码，扫码或输入 10 位预约码签到。</Text>
      <MemberCodeScanner
        id='staff-booking-scan'
        what='预约码'
        digits={10}
        disabled={code.status === 'loading'}
        onCode={(text) => {
          setCodeInput(text.replace(/\s+/g, ''));
          void checkInByCode(text, '未识别到预约码，请扫描顾客预约详情中的到店码');
        }}
      />
      <Input
        id='staff-booking-code-input'
        className='input'
        type='number'
        maxlength={14}
        placeholder='输入 10 位预约码'
        value={codeInput}
        onInput={(e) => setCodeInput(e.detail.value)}
      />
      <Button
        id='staff-booking-code-submit'
        className='btn btn--plain btn--block'
        disabled={code.status === 'loading' || codeInput.trim() === ''}
        loading={code.status === 'loading'}
        onClick={() => void checkInByCode(codeInput, '请输入 10 位数字预约码')}
      >
        签到
      </Button>
      {code.status === 'error' ? (
        <View className='staff-code__error' id='staff-booking-code-error'>
          <Text>{code.message}</Text>
        </View>
      ) : null}
      {code.status === 'ready' ? (
        <View className='staff-booking-result' id='staff-booking-code-result'>
          <Text className='staff-booking-result__title'>
            {code.booking.state === 'attended' ? '签到成功' : BOOKING_STATE_TEXT[code.booking.state]}
          </Text>
          <Text className='staff-booking__line'>
            {code.booking.memberNickname}（{code.booking.name} {code.booking.phone}）
          </Text>
          <Text className='staff-booking__line'>
            {code.booking.serviceName} · {timeRangeText(code.booking.start, code.booking.end)}
          </Text>
        </View>
      ) : null}
    </View>
  );
}

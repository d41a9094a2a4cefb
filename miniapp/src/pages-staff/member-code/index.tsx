/**
 * Staff subpackage: 扫码识别会员. The customer shows the rotating member code;
 * staff scan it (weapp camera) or type/paste its 18 digits, and
 * POST /api/staff/member-code/resolve answers the member's card summary.
 * Server errors (expired code, another chain's code…) are shown in Chinese.
 */
import { useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { MemberCodeResolveResponse } from '@homeclub/shared';
import { call } from '../../services/api';
import { formatPoints, groupDigits } from '../../services/membership';
import { LoadingState } from '../../components/StateView';
import { StaffMemberHead } from '../../components/StaffMemberHead';
import { MemberCodeScanner } from '../../platform/member-code-scanner';
import '../styles.css';

type Resolve =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; member: MemberCodeResolveResponse };

const MEMBER_CODE = /^\d{18}$/;

export default function StaffMemberCodePage() {
  const [input, setInput] = useState('');
  const [state, setState] = useState<Resolve>({ status: 'idle' });
  const latest = useRef(0);

  const resolve = async (raw: string, invalidMessage: string) => {
    const code = raw.replace(/\s+/g, '');
    if (!MEMBER_CODE.test(code)) {
      setState({ status: 'error', message: invalidMessage });
      return;
    }
    const seq = ++latest.current;
    setState({ status: 'loading' });
    try {
      const member = await call('staffResolveMemberCode', { body: { code }, toast: false });
      if (seq === latest.current) setState({ status: 'ready', member });
    } catch (err) {
      if (seq === latest.current) {
        setState({ status: 'error', message: err instanceof Error ? err.message : '识别失败，请重试' });
      }
    }
  };

  const onScanned = (text: string) => {
    setInput(text.replace(/\s+/g, ''));
    void resolve(text, '未识别到会员码，请扫描顾客会员码页面的条形码或二维码');
  };

  const busy = state.status === 'loading';

  return (
    <View className='page page--staff'>
      <View className='card staff-code'>
        <Text className='staff-code__title'>识别会员</Text>
        <Text className='staff-code__desc'>请顾客打开「会员」页出示会员码，会员码每分钟自动刷新。</Text>
        <MemberCodeScanner onCode={onScanned} disabled={busy} />
        <Input
          id='staff-code-input'
          className='input'
          type='text'
          maxlength={24}
          placeholder='输入 18 位会员码'
          value={input}
          onInput={(e) => setInput(e.detail.value)}
        />
        <Button
          id='staff-code-submit'
          className='btn btn--plain btn--block'
          disabled={busy || input.trim() === ''}
          loading={busy}
          onClick={() => void resolve(input, '请输入 18 位数字会员码')}
        >
          识别会员
        </Button>
      </View>

      {state.status === 'loading' ? <LoadingState text='正在识别…' /> : null}
      {state.status === 'error' ? (
        <View className='card staff-code__error' id='staff-code-error'>
          <Text>{state.message}</Text>
        </View>
      ) : null}
      {state.status === 'ready' ? <MemberResult member={state.member} /> : null}
    </View>
  );
}

function MemberResult({ member }: { member: MemberCodeResolveResponse }) {
  return (
    <View className='card staff-member' id='staff-member-result'>
      <StaffMemberHead member={member} nameId='staff-member-nickname' tierId='staff-member-tier'>
        <Text className='staff-member__line' id='staff-member-phone'>
          {member.phoneMasked ?? '未绑定手机号'}
        </Text>
        <Text className='staff-member__line'>卡号 {groupDigits(member.cardNo)}</Text>
      </StaffMemberHead>
      <View className='staff-member__stats'>
        <View className='stat'>
          <Text className='stat__value' id='staff-member-points'>
            {formatPoints(member.availablePoints)}
          </Text>
          <Text className='stat__label'>可用积分</Text>
        </View>
        <View className='stat'>
          <Text className='stat__value' id='staff-member-coupons'>
            {member.usableCoupons}
          </Text>
          <Text className='stat__label'>可用优惠券（张）</Text>
        </View>
      </View>
    </View>
  );
}

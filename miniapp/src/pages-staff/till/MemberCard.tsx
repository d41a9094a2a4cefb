/** 收银: the scanned shopper's card (with 更换) and the time left for an order awaiting WeChat Pay. */
import { Text, View } from '@tarojs/components';
import type { MemberCodeResolveResponse } from '@homeclub/shared';
import { Button } from '../../components/Button';
import { formatPoints, groupDigits } from '../../services/membership';
import { timeLeft } from '../../services/orders';
import { useSecondClock } from '../../hooks/useSecondClock';
import { StaffMemberHead } from '../../components/StaffMemberHead';

export function MemberCard({ member, onChange }: { member: MemberCodeResolveResponse; onChange?: () => void }) {
  return (
    <View className='card staff-member' id='till-member'>
      <StaffMemberHead
        member={member}
        nameId='till-member-name'
        tierId='till-member-tier'
        action={
          onChange ? (
            <Button id='till-member-change' className='btn btn--plain btn--small till-member__change' onClick={onChange}>
              更换
            </Button>
          ) : null
        }
      >
        <Text className='staff-member__line'>
          {member.phoneMasked ?? '未绑定手机号'} · 卡号 {groupDigits(member.cardNo)}
        </Text>
        <Text className='staff-member__line'>
          可用积分 <Text id='till-member-points'>{formatPoints(member.availablePoints)}</Text>
        </Text>
      </StaffMemberHead>
    </View>
  );
}

export function WaitingLeft({ expireAt }: { expireAt: string }) {
  const now = useSecondClock();
  const left = timeLeft(expireAt, now);
  return (
    <Text className='pay-hint' id='till-waiting-left'>
      {left ? `${left} 内未支付将自动关闭` : '已超过支付时限，正在确认订单状态…'}
    </Text>
  );
}

/** 邀请有礼 for a member who is not a partner yet: hero, reward rules, the terms, and join / pending / rejected / why not. */
import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { ReferralMe } from '../../hooks/useInvite';

interface TermsProps {
  me: ReferralMe;
  joining: boolean;
  joinError: string | null;
  onJoin: () => void;
}

export function TermsCard({ me, title }: { me: ReferralMe; title: string }) {
  return (
    <View className='card invite-terms-card'>
      <Text className='invite-section__title'>{title}</Text>
      <Text className='invite-terms__version'>协议版本 {me.termsVersion}</Text>
      <ScrollView scrollY className='invite-terms' id='invite-terms'>
        <Text className='invite-terms__text'>{me.termsText}</Text>
      </ScrollView>
    </View>
  );
}

/** Agreeing to the terms (joining, or a new version): the last attempt's error above the button. */
export function AgreeButton(props: { id: string; className: string; joining: boolean; joinError: string | null; onJoin: () => void; children: string }) {
  return (
    <>
      {props.joinError ? (
        <View className='form-alert' id='invite-join-error'>
          <Text>{props.joinError}</Text>
        </View>
      ) : null}
      <Button id={props.id} className={props.className} loading={props.joining} disabled={props.joining} onClick={props.onJoin}>
        {props.children}
      </Button>
    </>
  );
}

export function JoinSection({ me, joining, joinError, onJoin }: TermsProps) {
  const partner = me.partner;
  return (
    <>
      <View className='card invite-hero'>
        <Text className='invite-hero__title'>邀请有礼</Text>
        <Text className='invite-hero__desc'>成为 HomeClub 合伙人，邀请好友注册会员，好友消费你得奖励。</Text>
      </View>
      <View className='card' id='invite-summary'>
        <Text className='invite-section__title'>奖励规则</Text>
        <Text className='invite-summary__text'>{me.rewardSummary}</Text>
      </View>
      <TermsCard me={me} title='合伙人协议' />
      {partner?.status === 'pending' ? (
        <View className='notice invite-status' id='invite-applied'>
          <Text>申请已提交，等待审核。审核通过后即可邀请好友。</Text>
        </View>
      ) : partner?.status === 'rejected' ? (
        <View className='notice notice--muted invite-status' id='invite-rejected'>
          <Text>很抱歉，您的合伙人申请未通过。如有疑问请联系门店。</Text>
        </View>
      ) : !me.eligible ? (
        <View className='notice notice--muted invite-status' id='invite-ineligible'>
          <Text>{me.ineligibleReason ?? '您暂时不能成为合伙人'}</Text>
        </View>
      ) : (
        <View className='invite-join'>
          <AgreeButton id='invite-join' className='btn btn--primary btn--block' joining={joining} joinError={joinError} onJoin={onJoin}>
            同意协议并成为合伙人
          </AgreeButton>
          {me.eligibility === 'application' ? (
            <Text className='invite-join__hint'>提交后由品牌审核，通过后即可邀请好友</Text>
          ) : null}
        </View>
      )}
    </>
  );
}

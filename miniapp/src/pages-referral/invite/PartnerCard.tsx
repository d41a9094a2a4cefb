/** The partner's header on 邀请有礼: my invite code (copy), the reward rules, 分享给好友 and 生成海报 (or 暂停中). */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { InviteShare } from '../../services/referrals';
import { InviteShareButton } from '../../platform/invite-share';
import { InvitePoster } from '../../platform/invite-poster';
import type { PosterLoad, ReferralMe } from '../../hooks/useInvite';

interface PartnerProps {
  me: ReferralMe;
  share: InviteShare | null;
  poster: PosterLoad;
  onPoster: () => void;
}

export function PartnerCard({ me, share, poster, onPoster }: PartnerProps) {
  const code = me.partner?.code ?? '';
  const copy = () => {
    void Taro.setClipboardData({ data: code }).catch(() => undefined);
  };
  return (
    <>
      <View className='card invite-code-card'>
        <Text className='invite-code-card__label'>我的邀请码</Text>
        <View className='invite-code-card__row'>
          <Text className='invite-code-card__code' id='invite-code'>
            {code}
          </Text>
          <Button id='invite-copy' className='btn btn--plain btn--small' onClick={copy}>
            复制
          </Button>
        </View>
        <Text className='invite-code-card__summary' id='invite-summary'>
          {me.rewardSummary}
        </Text>
      </View>
      {!me.active ? (
        <View className='notice notice--muted' id='invite-paused'>
          <Text>邀请活动暂停中，暂不能邀请新好友；已有奖励照常结算。</Text>
        </View>
      ) : share ? (
        <View className='card invite-actions'>
          <InviteShareButton share={share} />
          <Button
            id='invite-poster'
            className='btn btn--plain invite-actions__btn'
            loading={poster.status === 'loading'}
            disabled={poster.status === 'loading'}
            onClick={onPoster}
          >
            生成海报
          </Button>
          {poster.status === 'error' ? (
            <Text className='invite-poster__hint invite-poster__hint--error' id='invite-poster-error'>
              {poster.message}
            </Text>
          ) : null}
          {poster.status === 'ready' ? <InvitePoster poster={poster.data} /> : null}
        </View>
      ) : null}
    </>
  );
}

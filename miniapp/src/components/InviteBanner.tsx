/**
 * Landing of an invite (mounted on 首页 when it was opened with `?inviter=CODE`
 * or a poster's `scene=i%3DCODE`, see inviterFromLaunch): GET /api/invites/:code
 * needs no login, so the friend sees who invites them and the welcome coupon
 * before the silent login finishes. An invalid or expired invite gets a short
 * note; a network failure shows nothing (the page works without the banner).
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ResponseOf } from '@homeclub/shared';
import { isApiError } from '../services/api';
import { fetchInviteLanding } from '../services/referrals';
import { normalizeInviteCode } from '../services/invite';
import { useSession } from '../services/session';
import './InviteBanner.css';

export { inviterFromLaunch } from '../services/invite';

type Landing = ResponseOf<'inviteLanding'>;
type Load = { status: 'loading' } | { status: 'hidden' } | { status: 'invalid' } | { status: 'ready'; landing: Landing };

/** Answers that mean "this invite does not work" (rather than "could not ask"). */
const INVALID_CODES = new Set(['REFERRAL_CODE_UNKNOWN', 'VALIDATION_FAILED', 'NOT_FOUND']);

export function InviteBanner({ code }: { code: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const { member, isNew } = useSession();

  useEffect(() => {
    const normalized = normalizeInviteCode(code);
    if (!normalized) {
      setLoad({ status: 'invalid' });
      return;
    }
    let live = true;
    setLoad({ status: 'loading' });
    fetchInviteLanding(normalized).then(
      (landing) => live && setLoad(landing.valid ? { status: 'ready', landing } : { status: 'invalid' }),
      (err: unknown) => live && setLoad({ status: isApiError(err) && INVALID_CODES.has(err.code) ? 'invalid' : 'hidden' }),
    );
    return () => {
      live = false;
    };
  }, [code]);

  if (load.status === 'invalid') {
    return (
      <View className='notice notice--muted invite-banner-invalid' id='invite-banner-invalid'>
        <Text>该邀请已失效，您仍可直接注册成为 HomeClub 家居会员。</Text>
      </View>
    );
  }
  if (load.status !== 'ready') return null;

  const { inviterNickname, welcomeCoupon } = load.landing;
  // someone already registered before this launch is not a new member: no 「注册即享」, no gift promise
  const registered = !!member && !isNew;
  const who = inviterNickname || '您的好友';
  return (
    <View className='card invite-banner' id='invite-banner'>
      <View className='invite-banner__head'>
        <View className='invite-banner__avatar'>
          <Text>{Array.from(who)[0] ?? '友'}</Text>
        </View>
        <View className='invite-banner__main'>
          <Text className='invite-banner__title' id='invite-banner-title'>
            {who} 邀请你加入 HomeClub 家居会员
          </Text>
          <Text className='invite-banner__desc' id='invite-banner-desc'>
            {registered ? '你已是会员，邀请好友也能得奖励，去「邀请有礼」看看' : '注册会员即享专属优惠券、积分好礼与到店设计服务'}
          </Text>
        </View>
      </View>
      {welcomeCoupon && !registered ? (
        <View className='invite-banner__coupon' id='invite-banner-coupon'>
          <Text className='invite-banner__coupon-tag'>见面礼</Text>
          <View className='invite-banner__coupon-main'>
            <Text className='invite-banner__coupon-name'>{welcomeCoupon.name}</Text>
            {welcomeCoupon.description ? (
              <Text className='invite-banner__coupon-desc'>{welcomeCoupon.description}</Text>
            ) : null}
            <Text className='invite-banner__coupon-note'>新会员注册后自动发放到「我的优惠券」</Text>
          </View>
        </View>
      ) : null}
    </View>
  );
}

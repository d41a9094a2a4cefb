/**
 * 邀请有礼 (from 首页 and 我的). GET /api/referrals/me decides what shows:
 * - not a partner: the programme terms (scrollable), the reward rules and
 *   「同意协议并成为合伙人」 (POST /api/referrals/join); with applications the
 *   partner is pending → 「申请已提交，等待审核」; not eligible → the reason.
 * - partner: my invite code (copy), 「分享给好友」 (weapp share card with
 *   `/pages/index/index?inviter=CODE`; H5: the link to copy), 「生成海报」 (poster
 *   with the mini-program code, saved to the album), and the dashboard
 *   (GET /api/referrals/dashboard): totals, invited friends (masked) with their
 *   status, rewards pending/settled/cancelled with dates and claw-backs, and the
 *   monthly leaderboard (GET /api/referrals/leaderboard). Amounts are points or
 *   fen (cash) as the chain's programme says.
 */
import { Text, View } from '@tarojs/components';
import { PageGate } from '../../components/PageGate';
import { useInvite, type ReferralMe } from '../../hooks/useInvite';
import { AgreeButton, TermsCard, JoinSection } from './JoinSection';
import { PartnerCard } from './PartnerCard';
import { Dashboard } from './Dashboard';
import './index.css';

export default function InvitePage() {
  const { me, loadMe, dash, loadDashboard, isPartner, partner, share, joining, joinError, join, poster, makePoster } = useInvite();

  return (
    <PageGate load={me} errorId='invite-error' onRetry={() => void loadMe()}>
      {() => (me.status === 'ready' ? renderInvite(me.data) : null)}
    </PageGate>
  );

  function renderInvite(data: ReferralMe) {
    if (!isPartner) {
      return (
        <View className='page page--invite'>
          <JoinSection me={data} joining={joining} joinError={joinError} onJoin={() => void join()} />
        </View>
      );
    }

    const termsOutdated = !!partner && partner.termsVersion !== data.termsVersion;
    return (
      <View className='page page--invite'>
        <PartnerCard me={data} share={share} poster={poster} onPoster={() => void makePoster()} />
        {termsOutdated ? (
          <>
            <View className='notice' id='invite-terms-updated'>
              <Text>合伙人协议已更新，请阅读并同意新协议。</Text>
            </View>
            <TermsCard me={data} title='新版合伙人协议' />
            <AgreeButton
              id='invite-terms-accept'
              className='btn btn--primary btn--block invite-terms-accept'
              joining={joining}
              joinError={joinError}
              onJoin={() => void join()}
            >
              同意新协议
            </AgreeButton>
          </>
        ) : null}
        <Dashboard load={dash} onRetry={() => void loadDashboard()} />
      </View>
    );
  }
}

/**
 * Staff subpackage: the guide's share card and poster. The card opens
 * `/pages/index/index?guide=CODE`, the poster's mini-program code carries scene
 * `g=CODE` (GET /api/staff/guide/poster-code); a shopper who opens either is
 * bound to this guide by the chain's rules.
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { ResponseOf } from '@homeclub/shared';
import { fetchGuideMe, fetchGuidePoster } from '../../services/guides';
import { InviteShareButton, useInviteShare } from '../../platform/invite-share';
import { InvitePoster } from '../../platform/invite-poster';
import { ErrorState, LoadingState } from '../../components/StateView';
import '../../pages-referral/invite/index.css';
import '../styles.css';

type Me = ResponseOf<'guideMe'>;
type Poster = ResponseOf<'guidePoster'>;

export default function GuideSharePage() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [poster, setPoster] = useState<Poster | null>(null);
  const [busy, setBusy] = useState(false);
  const share = me ? { title: `${me.nickname}（${me.storeName}）是您的专属导购，到店享专属服务`, path: me.sharePath } : null;
  useInviteShare(share);

  useEffect(() => {
    fetchGuideMe().then(setMe, (err: unknown) => setError(err instanceof Error ? err.message : '加载失败'));
  }, []);

  const makePoster = async () => {
    setBusy(true);
    try {
      setPoster(await fetchGuidePoster());
    } catch (err) {
      setError(err instanceof Error ? err.message : '海报生成失败');
    } finally {
      setBusy(false);
    }
  };

  if (error && !me)
    return (
      <View className="page">
        <ErrorState message={error} />
      </View>
    );
  if (!me || !share)
    return (
      <View className="page">
        <LoadingState />
      </View>
    );
  return (
    <View className="page page--staff">
      <View className="card invite-code-card">
        <Text className="invite-code-card__label">我的导购码</Text>
        <Text className="invite-code-card__code" id="guide-code">
          {me.code}
        </Text>
        <Text className="invite-code-card__summary">
          顾客打开您分享的名片或扫描海报上的小程序码，即成为您的专属客户；之后的到店和消费计入您的业绩。
        </Text>
      </View>
      <View className="card invite-actions">
        <InviteShareButton share={share} />
        <Button
          id="guide-poster"
          className="btn btn--plain invite-actions__btn"
          loading={busy}
          disabled={busy}
          onClick={() => void makePoster()}
        >
          生成海报
        </Button>
        {error ? <Text className="invite-poster__hint invite-poster__hint--error">{error}</Text> : null}
        {poster ? <InvitePoster poster={poster} /> : null}
      </View>
    </View>
  );
}

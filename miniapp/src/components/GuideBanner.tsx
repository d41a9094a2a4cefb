/**
 * Opened from a guide's share card or code (`?guide=CODE` / `scene=g%3DCODE`):
 * once signed in, bind to that guide (POST /api/guides/bind — the server decides
 * by the chain's rules) and say who the exclusive guide is. Already served by
 * another guide, or a bad code: nothing is shown (the page works without it).
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { bindGuide } from '../services/guides';
import { useSession } from '../services/session';

type Shown = { nickname: string; storeName: string } | null;

export function GuideBanner({ code }: { code: string }) {
  const { member } = useSession();
  const [guide, setGuide] = useState<Shown>(null);
  const memberId = member?.id;

  useEffect(() => {
    if (!memberId) return;
    let live = true;
    bindGuide(code).then(
      (r) =>
        live &&
        setGuide(r.guide && (r.reason === 'bound' || r.reason === 'renewed' || r.reason === 'already_yours') ? r.guide : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [code, memberId]);

  if (!guide) return null;
  return (
    <View className="notice guide-banner" id="guide-banner">
      <Text>
        您的专属导购：{guide.nickname}（{guide.storeName}），到店或有疑问随时找 Ta
      </Text>
    </View>
  );
}

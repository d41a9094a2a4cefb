/** 首页 shortcut grid (领券, 到店预约, 上门量尺, 会员码, 优惠买单, 邀请有礼, as the operator published them). */
import { Text, View } from '@tarojs/components';
import type { HomeView } from '@homeclub/shared';
import { open, SHORTCUT_ICONS, shortcutTarget } from '../../services/home';

export function HomeShortcuts({ shortcuts, storeId }: { shortcuts: HomeView['shortcuts']; storeId: string | null }) {
  if (shortcuts.length === 0) return null;
  return (
    <View className='card home-grid' id='home-shortcuts'>
      {shortcuts.map((s) => (
        <View className='home-grid__item' key={s.key} id={`home-shortcut-${s.key}`} onClick={() => open(shortcutTarget(s.key, storeId))}>
          <Text className={`home-grid__icon home-grid__icon--${s.key}`}>{SHORTCUT_ICONS[s.key]}</Text>
          <Text className='home-grid__label'>{s.label}</Text>
        </View>
      ))}
    </View>
  );
}

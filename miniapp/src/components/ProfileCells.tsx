/**
 * 我的 → 会员资料 cells: 生日 (a date picker; set once after confirming, then only
 * shown), 常去门店 (the chain's stores) and 所在城市 (the cities of those stores).
 * Reads GET /api/member/card and GET /api/stores; saves with
 * POST /api/member/birthday and PATCH /api/member/profile (both answer the card).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import type { MemberCard, StoreView } from '@homeclub/shared';
import { call } from '../services/api';
import { todayInChina } from '../services/membership';
import { ErrorState, LoadingState } from './StateView';

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** stores: null when they failed to load (the cells then offer a retry) */
  | { status: 'ready'; card: MemberCard; stores: StoreView[] | null };

export const BIRTHDAY_CONFIRM = '生日设置后不可修改，确定吗？';
/** The server's rule (membership/birthday.calc.ts), said where the birthday is set. */
export const BIRTHDAY_RULE = '生日礼每年一次：生日当月设置，当年礼遇立即发放；其他月份设置的，在生日月自动发放。';

export function ProfileCells({ memberId }: { memberId: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [saving, setSaving] = useState(false);
  const latest = useRef(0);

  const load = useCallback(async (quiet: boolean) => {
    const seq = ++latest.current;
    if (!quiet) setState({ status: 'loading' });
    const [card, stores] = await Promise.allSettled([
      call('memberCard', { toast: false }),
      call('stores', { toast: false }).then((res) => res.items),
    ]);
    if (seq !== latest.current) return;
    if (card.status === 'fulfilled') {
      setState({ status: 'ready', card: card.value, stores: stores.status === 'fulfilled' ? stores.value : null });
    } else if (!quiet) {
      setState({ status: 'error', message: card.reason instanceof Error ? card.reason.message : '会员资料加载失败' });
    }
  }, []);

  useEffect(() => {
    void load(false);
  }, [memberId, load]);

  useDidShow(() => {
    if (state.status === 'ready') void load(true);
  });

  const applyCard = (card: MemberCard) => {
    latest.current++; // a reload in flight must not overwrite what was just saved
    setState((prev) => (prev.status === 'ready' ? { ...prev, card } : { status: 'ready', card, stores: null }));
  };

  const save = async (work: () => Promise<MemberCard>, done: string) => {
    setSaving(true);
    try {
      applyCard(await work());
      void Taro.showToast({ title: done, icon: 'success' });
    } catch {
      // the API client has shown the server's message; show what the server has now
      void load(true);
    } finally {
      setSaving(false);
    }
  };

  const chooseBirthday = async (birthday: string) => {
    if (!birthday || saving) return;
    const { confirm } = await Taro.showModal({
      title: `生日：${birthday}`,
      content: BIRTHDAY_CONFIRM,
      confirmText: '确定',
      cancelText: '再想想',
      confirmColor: '#07c160',
    });
    if (!confirm) return;
    const thisMonth = birthday.slice(5, 7) === todayInChina().slice(5, 7);
    await save(() => call('memberBirthday', { body: { birthday } }), thisMonth ? '生日礼已发放' : '生日已设置');
  };

  if (state.status === 'loading') {
    return (
      <View className='card'>
        <LoadingState text='会员资料加载中…' />
      </View>
    );
  }
  if (state.status === 'error') {
    return (
      <View className='card'>
        <ErrorState id='mine-profile-error' message={state.message} onRetry={() => void load(false)} />
      </View>
    );
  }

  const { card, stores } = state;
  const storeIndex = stores ? stores.findIndex((s) => s.id === card.preferredStoreId) : -1;
  const cities = stores ? Array.from(new Set([...(card.homeCity ? [card.homeCity] : []), ...stores.map((s) => s.city)])) : [];
  const cityIndex = card.homeCity ? cities.indexOf(card.homeCity) : -1;
  const preferredName = storeIndex >= 0 && stores ? stores[storeIndex].name : null;

  const chooseStore = (index: number) => {
    const store = stores?.[index];
    if (!store || store.id === card.preferredStoreId || saving) return;
    void save(() => call('memberProfile', { body: { preferredStoreId: store.id } }), '已保存');
  };

  const chooseCity = (index: number) => {
    const city = cities[index];
    if (!city || city === card.homeCity || saving) return;
    void save(() => call('memberProfile', { body: { homeCity: city } }), '已保存');
  };

  const storesMissing = (
    <View className='cell' onClick={() => void load(true)}>
      <Text className='cell__title'>门店加载失败</Text>
      <Text className='cell__value'>点击重试</Text>
    </View>
  );

  return (
    <View className='card cells' id='mine-profile'>
      {card.birthday ? (
        <View className='cell cell--static' id='mine-birthday'>
          <Text className='cell__title'>生日</Text>
          <Text className='cell__value' id='mine-birthday-value'>
            {card.birthday}
          </Text>
        </View>
      ) : (
        <Picker
          id='mine-birthday'
          className='cell-picker'
          mode='date'
          value='1990-01-01'
          start='1920-01-01'
          end={todayInChina()}
          disabled={saving}
          onChange={(e) => void chooseBirthday(e.detail.value)}
        >
          <View className='cell'>
            <Text className='cell__title'>生日</Text>
            <View className='cell__right'>
              <Text className='cell__value cell__value--placeholder'>设置生日，享生日礼遇</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </View>
          <Text className='cell__desc cell__desc--rule' id='mine-birthday-rule'>
            {BIRTHDAY_RULE}
          </Text>
        </Picker>
      )}

      {stores ? (
        <Picker
          id='mine-store'
          className='cell-picker'
          mode='selector'
          range={stores.map((s) => s.name)}
          value={Math.max(storeIndex, 0)}
          disabled={saving || stores.length === 0}
          onChange={(e) => chooseStore(Number(e.detail.value))}
        >
          <View className='cell'>
            <Text className='cell__title'>常去门店</Text>
            <View className='cell__right'>
              <Text className={`cell__value${preferredName ? '' : ' cell__value--placeholder'}`} id='mine-store-value'>
                {preferredName ?? '未设置'}
              </Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </View>
        </Picker>
      ) : (
        storesMissing
      )}

      {stores ? (
        <Picker
          id='mine-city'
          className='cell-picker'
          mode='selector'
          range={cities}
          value={Math.max(cityIndex, 0)}
          disabled={saving || cities.length === 0}
          onChange={(e) => chooseCity(Number(e.detail.value))}
        >
          <View className='cell'>
            <Text className='cell__title'>所在城市</Text>
            <View className='cell__right'>
              <Text className={`cell__value${card.homeCity ? '' : ' cell__value--placeholder'}`} id='mine-city-value'>
                {card.homeCity ?? '未设置'}
              </Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </View>
        </Picker>
      ) : null}
    </View>
  );
}

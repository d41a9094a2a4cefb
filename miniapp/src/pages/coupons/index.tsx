/**
 * 领券 tab: the claim centre (GET /api/coupons/center) as coupon cards with
 * value, threshold, validity, remaining stock and a claim button.
 * 「立即领取」 → POST /api/coupons/claim; points-exchange templates
 * (「500 积分兑换」, after a confirmation) → POST /api/coupons/exchange with a
 * clientKey made once per attempt and reused when that attempt is retried
 * after a network error. A claimed coupon updates its card at once (「再领一张」
 * while under the per-member limit, else 「已领取」) and the expiry reminder is
 * offered (platform/expiry-reminder: WeChat subscription, nothing on H5).
 * A refusal (out of stock, limit, window, tier) turns the button grey.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { call, isApiError, showErrorToast } from '../../services/api';
import { useSession } from '../../services/session';
import { formatPoints } from '../../services/membership';
import {
  AttemptKeys,
  afterClaim,
  BLOCKING_REASONS,
  claimButton,
  isPointsExchange,
  stockPercent,
  templateValidityText,
  type CenterItem,
} from '../../services/coupons';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { PageGate } from '../../components/PageGate';
import { CouponCard } from '../../components/CouponCard';
import { askExpiryReminder } from '../../platform/expiry-reminder';

type CenterState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: CenterItem[] };

function StockBar({ item }: { item: CenterItem }) {
  const percent = stockPercent(item.remaining, item.template.totalStock);
  if (percent === null) return null;
  return (
    <View className='stock' id={`stock-${item.template.id}`}>
      <View className='stock__bar'>
        <View className='stock__fill' style={{ width: `${percent}%` }} />
      </View>
      <Text className='stock__text'>{percent > 0 ? `剩余 ${percent}%` : '已抢光'}</Text>
    </View>
  );
}

interface CenterCardProps {
  item: CenterItem;
  /** the member's available points (null until read) */
  available: number | null;
  busy: boolean;
  onClaim: (item: CenterItem) => void;
}

function CenterCard({ item, available, busy, onClaim }: CenterCardProps) {
  const { template } = item;
  const button = claimButton(item, Date.now(), available);
  const exchange = isPointsExchange(template);
  return (
    <CouponCard
      id={`center-${template.id}`}
      name={template.name}
      face={template}
      validity={templateValidityText(template.validity)}
      tags={exchange ? ['积分兑换'] : []}
    >
      <View className='coupon__actions'>
        <StockBar item={item} />
        <Button
          id={`claim-${template.id}`}
          className={`btn btn--small coupon__claim ${button.disabled ? 'btn--plain' : 'btn--primary'}`}
          disabled={button.disabled || busy}
          loading={busy}
          onClick={() => onClaim(item)}
        >
          {button.label}
        </Button>
      </View>
    </CouponCard>
  );
}

export default function CouponsPage() {
  const { member } = useSession();
  const memberId = member?.id;
  const [state, setState] = useState<CenterState>({ status: 'loading' });
  const [busy, setBusy] = useState<ReadonlySet<string>>(() => new Set());
  const busyRef = useRef(new Set<string>());
  const latest = useRef(0);
  const exchangeKeys = useRef(new AttemptKeys());
  const [available, setAvailable] = useState<number | null>(null);
  const readPoints = useCallback(() => {
    call('memberPoints', { toast: false }).then(
      (p) => setAvailable(p.available),
      () => undefined, // unknown: the exchange stays possible and the server decides
    );
  }, []);

  /** quiet: keep what is shown while reloading, and keep it if the reload fails. */
  const load = useCallback(async (quiet: boolean) => {
    const seq = ++latest.current;
    if (!quiet) setState({ status: 'loading' });
    try {
      const res = await call('couponCenter', { toast: false });
      if (seq === latest.current) setState({ status: 'ready', items: res.items });
    } catch (err) {
      if (seq === latest.current && !quiet) {
        setState({ status: 'error', message: err instanceof Error ? err.message : '领券中心加载失败' });
      }
    }
  }, []);

  useEffect(() => {
    if (memberId) {
      void load(false);
      readPoints();
    }
  }, [memberId, load, readPoints]);

  useDidShow(() => {
    if (state.status === 'ready') {
      void load(true);
      readPoints();
    }
  });

  const updateItem = (templateId: string, update: (item: CenterItem) => CenterItem) => {
    latest.current++; // a reload in flight must not undo what the claim just showed
    setState((prev) =>
      prev.status === 'ready'
        ? { ...prev, items: prev.items.map((it) => (it.template.id === templateId ? update(it) : it)) }
        : prev,
    );
  };

  const setItemBusy = (templateId: string, on: boolean) => {
    if (on) busyRef.current.add(templateId);
    else busyRef.current.delete(templateId);
    setBusy(new Set(busyRef.current));
  };

  const claim = async (item: CenterItem) => {
    const { template } = item;
    if (busyRef.current.has(template.id)) return;
    const exchange = isPointsExchange(template);
    setItemBusy(template.id, true);
    try {
      if (exchange) {
        const { confirm } = await Taro.showModal({
          title: '积分兑换',
          content: `使用 ${formatPoints(template.pointsCost ?? 0)} 积分兑换「${template.name}」？`,
          confirmText: '兑换',
          cancelText: '再想想',
          confirmColor: '#07c160',
        });
        if (!confirm) return;
      }
      const clientKey = exchange ? exchangeKeys.current.keyFor(template.id) : '';
      try {
        if (exchange) {
          await call('couponExchange', { body: { templateId: template.id, clientKey } });
        } else {
          await call('couponClaim', { body: { templateId: template.id, claimedByMe: item.claimedByMe } });
        }
      } catch (err) {
        // the API client has toasted the server's message
        if (exchange) exchangeKeys.current.settle(template.id, err);
        if (isApiError(err) && BLOCKING_REASONS.has(err.code)) {
          updateItem(template.id, (it) => ({ ...it, canClaim: false, reason: err.code }));
        }
        return;
      }
      if (exchange) {
        exchangeKeys.current.settle(template.id);
        readPoints();
      }
      updateItem(template.id, afterClaim);
      void Taro.showToast({ title: exchange ? '兑换成功' : '领取成功', icon: 'success' });
      askExpiryReminder();
    } catch (err) {
      showErrorToast(err);
    } finally {
      setItemBusy(template.id, false);
    }
  };

  return <PageGate>{renderCenter}</PageGate>;

  function renderCenter() {
    const items = state.status === 'ready' ? state.items : [];
    const free = items.filter((it) => !isPointsExchange(it.template));
    const points = items.filter((it) => isPointsExchange(it.template));
    const renderCard = (item: CenterItem) => (
      <CenterCard key={item.template.id} item={item} available={available} busy={busy.has(item.template.id)} onClaim={(it) => void claim(it)} />
    );

    return (
      <View className='page page--coupons' id='coupon-center'>
        <View className='center-head'>
          <View>
            <Text className='center-head__title'>领券中心</Text>
            <Text className='center-head__desc'>领取后在「我的优惠券」查看，到店出示券码核销</Text>
          </View>
          <Text
            className='center-head__link'
            id='center-my-coupons'
            onClick={() => void Taro.navigateTo({ url: '/pages-member/my-coupons/index' })}
          >
            我的券 ›
          </Text>
        </View>

        {state.status === 'loading' ? (
          <View className='card'>
            <LoadingState text='优惠券加载中…' />
          </View>
        ) : null}
        {state.status === 'error' ? (
          <View className='card'>
            <ErrorState id='coupon-center-error' message={state.message} onRetry={() => void load(false)} />
          </View>
        ) : null}
        {state.status === 'ready' && items.length === 0 ? (
          <View className='card'>
            <EmptyState
              id='coupon-center-empty'
              icon='券'
              title='暂时没有可领的优惠券'
              description='新的满减券和品类折扣券上线后会出现在这里，记得常来看看。'
            />
          </View>
        ) : null}

        {free.length > 0 ? <View className='coupon-list'>{free.map(renderCard)}</View> : null}
        {points.length > 0 ? (
          <>
            <View className='section-title'>
              <Text>积分兑换</Text>
            </View>
            <View className='coupon-list' id='coupon-center-points'>
              {points.map(renderCard)}
            </View>
          </>
        ) : null}
      </View>
    );
  }
}

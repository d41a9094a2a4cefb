/**
 * 优惠券详情 (?id=<couponId>): the coupon card, and for an available coupon
 * 去使用 (优惠买单 at a store where it applies, UseAtStore.tsx) and its rotating in-store code (GET /api/coupons/:id/code-secret, then the same
 * TOTP code as the member code: barcode + QR + digits + countdown), then the
 * usage rules: threshold, stores (names from GET /api/stores), points,
 * refunds, validity, description. While the code is shown the coupon is
 * re-read every few seconds, so a verification at the till shows up here.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CouponView, ResponseOf, StoreView } from '@homeclub/shared';
import { call } from '../../services/api';
import { useSession } from '../../services/session';
import { formatDateTime, groupDigits } from '../../services/membership';
import {
  COUPON_TYPE_LABELS,
  couponValidityText,
  isExpiringSoon,
  loadStores,
  storesText,
  thresholdText,
} from '../../services/coupons';
import { ErrorState, LoadingState } from '../../components/StateView';
import { PageGate } from '../../components/PageGate';
import { CouponCard } from '../../components/CouponCard';
import { RotatingCode } from '../../components/MemberCode';
import { UseAtStore } from './UseAtStore';
import '../styles.css';

/** How often the coupon is re-read while its code is shown. */
export const COUPON_POLL_MS = 5000;

type Detail = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; coupon: CouponView };
type Secret = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; secret: ResponseOf<'myCouponCodeSecret'> };

function CouponCodePanel({ couponId }: { couponId: string }) {
  const [state, setState] = useState<Secret>({ status: 'loading' });

  const load = useCallback(
    async (isCurrent: () => boolean) => {
      try {
        const secret = await call('myCouponCodeSecret', { params: { couponId }, toast: false });
        if (isCurrent()) setState({ status: 'ready', secret });
      } catch (err) {
        if (isCurrent()) setState({ status: 'error', message: err instanceof Error ? err.message : '券码加载失败' });
      }
    },
    [couponId],
  );

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    void load(() => current);
    return () => {
      current = false;
    };
  }, [load]);

  const retry = () => {
    setState({ status: 'loading' });
    void load(() => true);
  };

  return (
    <View className='card member-code' id='coupon-code'>
      <Text className='member-code__title'>券码</Text>
      {state.status === 'loading' ? <LoadingState text='券码加载中…' /> : null}
      {state.status === 'error' ? <ErrorState id='coupon-code-error' message={state.message} onRetry={retry} /> : null}
      {state.status === 'ready' ? (
        <RotatingCode
          idPrefix='coupon'
          source={{ chainPrefix: state.secret.chainPrefix, number: state.secret.couponNo, secret: state.secret.secret }}
          hint='结账时向店员出示，核销后自动失效'
        />
      ) : null}
    </View>
  );
}

function Rule({ id, title, children }: { id?: string; title: string; children: string }) {
  return (
    <View className='rule'>
      <Text className='rule__title'>{title}</Text>
      <Text className='rule__text' id={id}>
        {children}
      </Text>
    </View>
  );
}

function StatusNotice({ coupon }: { coupon: CouponView }) {
  if (coupon.state === 'used') {
    return (
      <View className='notice notice--muted' id='coupon-status'>
        <Text>{coupon.usedAt ? `已于 ${formatDateTime(coupon.usedAt)} 使用` : '该券已使用'}</Text>
      </View>
    );
  }
  if (coupon.state === 'expired') {
    return (
      <View className='notice notice--muted' id='coupon-status'>
        <Text>该券已于 {formatDateTime(coupon.validTo)} 过期</Text>
      </View>
    );
  }
  if (coupon.state === 'locked') {
    return (
      <View className='notice' id='coupon-status'>
        <Text>该券正在一笔订单中使用，订单完成或取消后才能再次出示</Text>
      </View>
    );
  }
  return null;
}

export default function CouponDetailPage() {
  const { params } = useRouter();
  const couponId = params.id ?? '';
  const { member } = useSession();
  const memberId = member?.id;
  const [state, setState] = useState<Detail>(() =>
    couponId ? { status: 'loading' } : { status: 'error', message: '优惠券不存在' },
  );
  const [stores, setStores] = useState<StoreView[] | null>(null);
  const [shown, setShown] = useState(true);
  const latest = useRef(0);
  /** the state last shown, to notice the coupon being verified while its code is up */
  const shownState = useRef<CouponView['state'] | null>(null);

  /** quiet: keep what is shown while re-reading, and keep it if that fails. */
  const load = useCallback(
    async (quiet: boolean) => {
      if (!couponId) return;
      const seq = ++latest.current;
      if (!quiet) setState({ status: 'loading' });
      try {
        const coupon = await call('myCoupon', { params: { couponId }, toast: false });
        if (seq !== latest.current) return;
        if (quiet && shownState.current === 'available' && coupon.state === 'used') {
          void Taro.showToast({ title: '优惠券已核销', icon: 'success' });
        }
        shownState.current = coupon.state;
        setState({ status: 'ready', coupon });
      } catch (err) {
        if (seq === latest.current && !quiet) {
          setState({ status: 'error', message: err instanceof Error ? err.message : '优惠券加载失败' });
        }
      }
    },
    [couponId],
  );

  useEffect(() => {
    if (memberId) void load(false);
  }, [memberId, load]);

  useDidShow(() => {
    setShown(true);
    if (state.status === 'ready') void load(true);
  });
  useDidHide(() => setShown(false));

  const coupon = state.status === 'ready' ? state.coupon : null;
  const needsStores = !!coupon && coupon.terms.storeIds.length > 0;
  const active = !!coupon && (coupon.state === 'available' || coupon.state === 'locked');

  useEffect(() => {
    if (!needsStores) return undefined;
    let current = true;
    loadStores()
      .then((items) => {
        if (current) setStores(items);
      })
      .catch(() => undefined); // the rule then says how many stores
    return () => {
      current = false;
    };
  }, [needsStores]);

  useEffect(() => {
    if (!active || !shown) return undefined;
    const timer = setInterval(() => void load(true), COUPON_POLL_MS);
    return () => clearInterval(timer);
  }, [active, shown, load]);

  return (
    <PageGate
      missing={couponId ? null : '优惠券不存在'}
      load={state}
      loadingText='优惠券加载中…'
      errorId='coupon-detail-error'
      onRetry={() => void load(false)}
    >
      {() => (coupon ? renderCoupon(coupon) : null)}
    </PageGate>
  );

  function renderCoupon(coupon: CouponView) {
    const { terms } = coupon;
    const tags = coupon.state === 'locked' ? ['使用中'] : isExpiringSoon(coupon) ? ['即将过期'] : [];
    const stamp = coupon.state === 'used' ? '已使用' : coupon.state === 'expired' ? '已过期' : undefined;

    return (
      <View className='page page--coupon-detail' id='coupon-detail'>
        <CouponCard
          id={`coupon-card-${coupon.id}`}
          name={terms.name}
          face={terms}
          validity={couponValidityText(coupon)}
          tags={tags}
          stamp={stamp}
        />
        <StatusNotice coupon={coupon} />
        {coupon.state === 'available' ? <UseAtStore coupon={coupon} /> : null}
        {coupon.state === 'available' ? <CouponCodePanel key={coupon.id} couponId={coupon.id} /> : null}

        <View className='card rules' id='coupon-rules'>
          <Text className='rules__title'>使用规则</Text>
          <Rule title='券类型'>{COUPON_TYPE_LABELS[terms.type]}</Rule>
          <Rule id='coupon-rule-threshold' title='使用门槛'>
            {thresholdText(terms)}
          </Rule>
          {terms.type === 'exchange' && terms.exchangeItem ? (
            <Rule id='coupon-rule-item' title='兑换内容'>
              {terms.exchangeItem}
            </Rule>
          ) : null}
          <Rule id='coupon-rule-stores' title='适用门店'>
            {storesText(terms.storeIds, stores)}
          </Rule>
          <Rule id='coupon-rule-points' title='积分抵现'>
            {terms.allowPoints ? '可与积分抵现同时使用' : '不可与积分抵现同时使用'}
          </Rule>
          <Rule id='coupon-rule-refund' title='退款'>
            {terms.refundReturn ? '订单退款后，优惠券退回账户' : '订单退款后，优惠券不退回'}
          </Rule>
          <Rule id='coupon-rule-validity' title='有效期'>
            {couponValidityText(coupon)}
          </Rule>
          {terms.description ? (
            <Rule id='coupon-rule-description' title='使用说明'>
              {terms.description}
            </Rule>
          ) : null}
          <Rule title='券号'>{groupDigits(coupon.couponNo)}</Rule>
          <Rule title='领取时间'>{formatDateTime(coupon.claimedAt)}</Rule>
        </View>
      </View>
    );
  }
}

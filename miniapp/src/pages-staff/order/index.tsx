/**
 * Staff subpackage: 订单详情 (?id=<orderId>). GET /api/staff/orders/:id is the
 * receipt: store, member, bill, coupon, points, cash, lines and refunds with
 * their state. An unpaid order can be cancelled (POST …/cancel). A paid order
 * can be refunded (POST …/refunds): 按金额 (yuan, at most what is left), 按商品
 * (lines not yet refunded) or 全额 (whatever is left), with a reason, after a
 * confirmation. Each refund attempt has one refundKey, reused when it is
 * retried after an answer we did not see, so a retry refunds once. After a
 * refund the order is read again (and again while a refund is in flight, for
 * a while) to show 退款中 / 已退款 / 退款失败.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { formatFen, type OrderRefundRequest, type StaffOrderView } from '@homeclub/shared';
import { call } from '../../services/api';
import { useSession } from '../../services/session';
import { ORDER_POLL_MAX_MS, ORDER_POLL_MS, parseAmount, sanitizeAmountText } from '../../services/checkout';
import { mayHaveReachedServer, newAttemptKey } from '../../services/coupons';
import {
  isRefundInFlight,
  lineName,
  orderTagKind,
  orderTagText,
  REFUND_REASONS,
  refundOptions,
  REFUND_VIA_TEXT,
} from '../../services/orders';
import { ErrorState, LoadingState } from '../../components/StateView';
import { OrderLines, OrderReceipt, OrderRefunds } from '../../components/OrderReceipt';
import '../styles.css';

type Detail = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; order: StaffOrderView };
type Mode = 'amount' | 'lines' | 'full';

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

const needsWatch = (o: StaffOrderView) => o.state === 'pending_payment' || o.refunds.some(isRefundInFlight);

/** What a refund form asks for: the request body (without the key) and the cash it gives back. */
type Planned = { ok: true; body: Omit<OrderRefundRequest, 'refundKey'>; cashFen: number; summary: string } | { ok: false; message: string };

export default function StaffOrderPage() {
  const { params } = useRouter();
  const orderId = params.id ?? '';
  const { member } = useSession();
  const memberId = member?.id;

  const [detail, setDetail] = useState<Detail>({ status: 'loading' });
  const [timedOut, setTimedOut] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const [mode, setMode] = useState<Mode | null>(null);
  const [amountText, setAmountText] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [reasonId, setReasonId] = useState<string>(REFUND_REASONS[0].id);
  const [otherReason, setOtherReason] = useState('');
  const [refunding, setRefunding] = useState(false);
  const [refundError, setRefundError] = useState<string | null>(null);

  const run = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busy = useRef(false);
  /** the refund attempt whose answer we have not seen: a retry sends the same key */
  const attempt = useRef<string | null>(null);

  /** Read the order; keep reading while it is unpaid or a refund is in flight (until the deadline). */
  const poll = useCallback(
    (deadline: number) => {
      const mine = ++run.current;
      if (timer.current) clearTimeout(timer.current);
      const tick = async () => {
        if (mine !== run.current) return;
        try {
          const order = await call('staffOrder', { params: { orderId }, toast: false });
          if (mine !== run.current) return;
          setDetail({ status: 'ready', order });
          if (!needsWatch(order)) {
            setTimedOut(false);
            return;
          }
        } catch (err) {
          if (mine !== run.current) return;
          setDetail((prev) => (prev.status === 'ready' ? prev : { status: 'error', message: errorText(err, '订单加载失败') }));
        }
        if (!(Date.now() + ORDER_POLL_MS <= deadline)) {
          setTimedOut(true);
          return;
        }
        timer.current = setTimeout(() => void tick(), ORDER_POLL_MS);
      };
      setTimedOut(false);
      void tick();
    },
    [orderId],
  );

  const stop = useCallback(() => {
    run.current++;
    if (timer.current) clearTimeout(timer.current);
  }, []);

  useEffect(() => {
    if (!memberId || !orderId) return undefined;
    poll(Date.now() + ORDER_POLL_MAX_MS);
    return stop;
  }, [memberId, orderId, poll, stop]);

  const refresh = () => {
    setDetail((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    poll(Date.now() + ORDER_POLL_MAX_MS);
  };

  const order = detail.status === 'ready' ? detail.order : null;
  const options = useMemo(() => (order ? refundOptions(order) : null), [order]);
  const modes: Mode[] = options?.open
    ? [...(options.maxAmountFen > 0 ? (['amount'] as const) : []), ...(options.lines.length ? (['lines'] as const) : []), 'full']
    : [];
  const activeMode: Mode | null = mode && modes.includes(mode) ? mode : (modes[0] ?? null);

  const reason = (): string => {
    if (reasonId === 'other') return otherReason.trim() || '其他';
    return REFUND_REASONS.find((r) => r.id === reasonId)?.label ?? '其他';
  };

  const plan = (o: StaffOrderView): Planned => {
    const opts = refundOptions(o);
    const why = reason();
    if (why.length < 2 || why.length > 80) return { ok: false, message: '退款原因请填写 2–80 个字' };
    const viaWechat = o.settlement === 'wechat';
    if (activeMode === 'amount') {
      const a = parseAmount(amountText);
      if (a.error) return { ok: false, message: a.error };
      if (a.fen === null) return { ok: false, message: '请输入退款金额' };
      if (a.fen > opts.maxAmountFen) return { ok: false, message: `退款金额不能超过可退金额 ${formatFen(opts.maxAmountFen)}` };
      return { ok: true, body: { amountFen: a.fen, reason: why }, cashFen: a.fen, summary: `退款 ${formatFen(a.fen)}` };
    }
    if (activeMode === 'lines') {
      const lines = opts.lines.filter((l) => picked.includes(l.id));
      if (lines.length === 0) return { ok: false, message: '请选择要退款的商品' };
      const cash = lines.reduce((s, l) => s + l.cashFen, 0);
      if (o.cashFen > 0 && cash > opts.maxAmountFen) {
        return { ok: false, message: `所选商品的金额 ${formatFen(cash)} 超过可退金额 ${formatFen(opts.maxAmountFen)}` };
      }
      if (viaWechat && cash <= 0) return { ok: false, message: '所选商品已由优惠全额抵扣，没有可退的现金' };
      const names = lines.map((l) => lineName(l, o.lines.indexOf(l))).join('、');
      return { ok: true, body: { lineIds: lines.map((l) => l.id), reason: why }, cashFen: cash, summary: `退 ${lines.length} 件商品（${names}），退款 ${formatFen(cash)}` };
    }
    const cash = opts.maxAmountFen;
    return { ok: true, body: { full: true, reason: why }, cashFen: cash, summary: `全额退款 ${formatFen(cash)}` };
  };

  const submitRefund = async () => {
    if (busy.current || !order) return;
    const planned = plan(order);
    if (!planned.ok) {
      setRefundError(planned.message);
      return;
    }
    busy.current = true;
    try {
      const via = REFUND_VIA_TEXT[order.settlement === 'wechat' ? 'wechat' : planned.cashFen > 0 ? 'other' : 'none'];
      const { confirm } = await Taro.showModal({
        title: '确认退款',
        content: `${planned.summary}，${via}。顾客用掉的积分按比例退回，本单获得的积分和成长值按比例扣回。`,
        confirmText: '确认退款',
        cancelText: '再想想',
        confirmColor: '#fa5151',
      });
      if (!confirm) return;
      setRefunding(true);
      setRefundError(null);
      const refundKey = attempt.current ?? newAttemptKey();
      attempt.current = refundKey;
      try {
        const res = await call('staffRefundOrder', {
          params: { orderId: order.id },
          body: { ...planned.body, refundKey } as OrderRefundRequest,
          toast: false,
        });
        attempt.current = null;
        setAmountText('');
        setPicked([]);
        setOtherReason('');
        setMode(null);
        const title = res.state === 'SUCCESS' ? '退款成功' : res.state === 'PROCESSING' || res.state === 'CREATED' ? '退款处理中' : '退款失败';
        void Taro.showToast({ title, icon: res.state === 'SUCCESS' ? 'success' : 'none' });
        poll(Date.now() + ORDER_POLL_MAX_MS);
      } catch (err) {
        if (attempt.current === refundKey && !mayHaveReachedServer(err)) attempt.current = null;
        const retry = attempt.current === refundKey ? '（可再次点击「确认退款」重试，不会重复退款）' : '';
        setRefundError(`${errorText(err, '退款失败，请重试')}${retry}`);
      }
    } finally {
      busy.current = false;
      setRefunding(false);
    }
  };

  const cancelOrder = async () => {
    if (cancelling || !order) return;
    const { confirm } = await Taro.showModal({
      title: '取消订单',
      content: '取消后顾客将无法支付该订单，优惠券和积分退回顾客账户。确定取消吗？',
      confirmText: '取消订单',
      cancelText: '不取消',
      confirmColor: '#fa5151',
    });
    if (!confirm) return;
    setCancelling(true);
    setActionError(null);
    try {
      const after = await call('staffCancelOrder', { params: { orderId: order.id }, toast: false });
      stop();
      setDetail({ status: 'ready', order: after });
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (err) {
      setActionError(errorText(err, '取消失败，请重试'));
      poll(Date.now() + ORDER_POLL_MAX_MS);
    } finally {
      setCancelling(false);
    }
  };

  if (!orderId) {
    return (
      <View className='page'>
        <View className='card'>
          <ErrorState message='缺少订单信息' />
        </View>
      </View>
    );
  }

  if (!member || detail.status === 'loading') {
    return (
      <View className='page'>
        <LoadingState text={member ? '订单加载中…' : '正在登录…'} />
      </View>
    );
  }

  if (detail.status === 'error' || !order) {
    return (
      <View className='page'>
        <View className='card'>
          <ErrorState id='staff-order-error' message={detail.status === 'error' ? detail.message : '订单加载失败'} onRetry={refresh} />
        </View>
      </View>
    );
  }

  const pending = order.state === 'pending_payment';

  return (
    <View className='page page--staff page--staff-order' id='staff-order-page'>
      <View className={`card order-result order-result--${order.state}`}>
        <Text className={`order-tag order-tag--${orderTagKind(order)}`} id='staff-order-state' data-state={order.state}>
          {orderTagText(order, 'staff')}
        </Text>
        <Text className='order-result__amount' id='staff-order-cash'>
          {formatFen(order.cashFen)}
        </Text>
        {pending ? <Text className='pay-hint'>顾客尚未支付，可提醒顾客在小程序「我的订单」中支付</Text> : null}
        {timedOut ? (
          <View className='state-action'>
            <Button id='staff-order-refresh' className='btn btn--plain btn--small' onClick={refresh}>
              刷新
            </Button>
          </View>
        ) : null}
      </View>

      <OrderReceipt order={order} member={order.member} idPrefix='staff-order' />
      <OrderLines order={order} idPrefix='staff-order' />
      <OrderRefunds order={order} idPrefix='staff-order' />

      {actionError ? (
        <View className='card staff-code__error' id='staff-order-action-error'>
          <Text>{actionError}</Text>
        </View>
      ) : null}

      {pending ? (
        <View className='pay-submit-bar'>
          <Button
            id='staff-order-cancel'
            className='btn btn--plain btn--block'
            disabled={cancelling}
            loading={cancelling}
            onClick={() => void cancelOrder()}
          >
            取消订单
          </Button>
        </View>
      ) : null}

      {options?.open && activeMode ? (
        <View className='card refund-form' id='staff-order-refund'>
          <Text className='refund-form__title'>退款</Text>
          <View className='tabs refund-form__modes'>
            {modes.map((m) => (
              <Text
                key={m}
                id={`staff-order-refund-mode-${m}`}
                className={`tabs__item${m === activeMode ? ' tabs__item--active' : ''}`}
                onClick={() => {
                  setMode(m);
                  setRefundError(null);
                }}
              >
                {m === 'amount' ? '按金额' : m === 'lines' ? '按商品' : '全额'}
              </Text>
            ))}
          </View>

          {activeMode === 'amount' ? (
            <View className='refund-form__section'>
              <View className='pay-amount__row'>
                <Text className='pay-amount__symbol'>¥</Text>
                <Input
                  id='staff-order-refund-amount'
                  className='pay-amount__input'
                  type='digit'
                  placeholder='退款金额'
                  value={amountText}
                  onInput={(e) => {
                    const text = sanitizeAmountText(e.detail.value);
                    setAmountText(text);
                    setRefundError(null);
                    return text;
                  }}
                />
              </View>
              <Text className='pay-hint' id='staff-order-refundable'>
                最多可退 {formatFen(options.maxAmountFen)}
              </Text>
            </View>
          ) : null}

          {activeMode === 'lines' ? (
            <View className='refund-form__section' id='staff-order-refund-lines'>
              {options.lines.map((l) => {
                const on = picked.includes(l.id);
                return (
                  <View
                    key={l.id}
                    id={`staff-order-refund-line-${l.id}`}
                    className={`pay-coupon${on ? ' pay-coupon--selected' : ''}`}
                    data-checked={on ? 'true' : 'false'}
                    onClick={() => {
                      setPicked((prev) => (prev.includes(l.id) ? prev.filter((x) => x !== l.id) : [...prev, l.id]));
                      setRefundError(null);
                    }}
                  >
                    <View className='pay-coupon__main'>
                      <Text className='pay-coupon__name'>{lineName(l, order.lines.indexOf(l))}</Text>
                      <Text className='pay-coupon__desc'>
                        {formatFen(l.amountFen)} · 退现金 {formatFen(l.cashFen)}
                      </Text>
                    </View>
                    <Text className='pay-coupon__check'>{on ? '✓' : ''}</Text>
                  </View>
                );
              })}
            </View>
          ) : null}

          {activeMode === 'full' ? (
            <View className='refund-form__section'>
              <Text className='pay-hint' id='staff-order-refund-full'>
                {options.maxAmountFen > 0 ? `退还剩余全部 ${formatFen(options.maxAmountFen)}` : '本单未付现金：退回全部优惠券和积分'}
              </Text>
            </View>
          ) : null}

          <Text className='pay-section__title refund-form__label'>退款原因</Text>
          <View className='refund-form__reasons'>
            {REFUND_REASONS.map((r) => (
              <Text
                key={r.id}
                id={`staff-order-refund-reason-${r.id}`}
                className={`chip${r.id === reasonId ? ' chip--active' : ''}`}
                onClick={() => setReasonId(r.id)}
              >
                {r.label}
              </Text>
            ))}
          </View>
          {reasonId === 'other' ? (
            <Input
              id='staff-order-refund-reason-text'
              className='input'
              type='text'
              maxlength={80}
              placeholder='请填写退款原因'
              value={otherReason}
              onInput={(e) => setOtherReason(e.detail.value)}
            />
          ) : null}

          {refundError ? (
            <Text className='till-error-text' id='staff-order-refund-error'>
              {refundError}
            </Text>
          ) : null}
          <Button
            id='staff-order-refund-submit'
            className='btn btn--primary btn--block refund-form__submit'
            disabled={refunding}
            loading={refunding}
            onClick={() => void submitRefund()}
          >
            确认退款
          </Button>
        </View>
      ) : null}
    </View>
  );
}

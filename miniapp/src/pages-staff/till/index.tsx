/**
 * Staff subpackage: 收银. The clerk scans the shopper's member code (weapp
 * camera, or the 18 digits typed/pasted in H5) → POST /api/staff/member-code/
 * resolve gives the member and a `memberToken` (proof of the scan, 15 minutes,
 * this clerk only). Then the bill: one amount, or item lines (name + amount,
 * added and removed; the bill is their sum). Every change re-prices it with
 * POST /api/staff/till/quote after a short pause (a reply for older inputs is
 * dropped): the best coupon is preselected, points go up to the quote's
 * maxPoints (switch → as many as allowed, slider → fewer).
 *
 * Two ways to settle, both POST /api/staff/till/orders with one clientKey per
 * checkout attempt (kept while the attempt may have reached the server, so a
 * retry or a double tap can only ever make one order):
 * - 「顾客微信支付」 (settlement wechat): the order appears unpaid in the
 *   shopper's 「我的订单」; this page re-reads it until it is paid, expired or
 *   cancelled, and the clerk may cancel it.
 * - 「现金/刷卡已收」 (settlement other), after a confirmation: paid at once.
 * A paid order shows its receipt and 「下一位顾客」. Server errors are shown in
 * Chinese on the page.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Slider, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import {
  formatFen,
  type MemberCodeResolveResponse,
  type QuoteResponse,
  type StaffOrderView,
  type StaffView,
} from '@homeclub/shared';
import { call, isApiError } from '../../services/api';
import { hasRole, useSession } from '../../services/session';
import { formatPoints, groupDigits } from '../../services/membership';
import { couponReasonText, QUOTE_DEBOUNCE_MS, sanitizeAmountText } from '../../services/checkout';
import { mayHaveReachedServer, newAttemptKey } from '../../services/coupons';
import { timeLeft, TILL_POLL_GRACE_MS, TILL_POLL_MS } from '../../services/orders';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { OrderLines, OrderReceipt } from '../../components/OrderReceipt';
import { useSecondClock } from '../../components/useSecondClock';
import { StaffMemberHead } from '../../components/StaffMemberHead';
import { MemberCodeScanner } from '../../platform/member-code-scanner';
import { billOf, choiceKey, fetchQuote, pointsParam, type CouponChoice, type LineDraft, type PointsChoice, type QuoteBase } from '../../services/till';
import '../styles.css';

const MEMBER_CODE = /^\d{18}$/;
const TOKEN_INVALID = 'TILL_MEMBER_TOKEN_INVALID';

type StoreLoad = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; staff: StaffView };
type Resolve = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string };


type QuoteState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'error'; key: string; message: string; code: string | null }
  | { status: 'ready'; key: string; quote: QuoteResponse };


type Phase = { kind: 'bill' } | { kind: 'order'; order: StaffOrderView };

const minus = (fen: number) => (fen > 0 ? `−${formatFen(fen)}` : formatFen(0));

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}


function MemberCard({ member, onChange }: { member: MemberCodeResolveResponse; onChange?: () => void }) {
  return (
    <View className='card staff-member' id='till-member'>
      <StaffMemberHead
        member={member}
        nameId='till-member-name'
        tierId='till-member-tier'
        action={
          onChange ? (
            <Button id='till-member-change' className='btn btn--plain btn--small till-member__change' onClick={onChange}>
              更换
            </Button>
          ) : null
        }
      >
        <Text className='staff-member__line'>
          {member.phoneMasked ?? '未绑定手机号'} · 卡号 {groupDigits(member.cardNo)}
        </Text>
        <Text className='staff-member__line'>
          可用积分 <Text id='till-member-points'>{formatPoints(member.availablePoints)}</Text>
        </Text>
      </StaffMemberHead>
    </View>
  );
}

function WaitingLeft({ expireAt }: { expireAt: string }) {
  const now = useSecondClock();
  const left = timeLeft(expireAt, now);
  return (
    <Text className='pay-hint' id='till-waiting-left'>
      {left ? `${left} 内未支付将自动关闭` : '已超过支付时限，正在确认订单状态…'}
    </Text>
  );
}

const firstLine = (): LineDraft => ({ id: 'L1', name: '', amountText: '' });

export default function StaffTillPage() {
  const { member: me } = useSession();
  const meId = me?.id;
  const adminWithoutStore = !!me && hasRole(me, 'admin') && !me.staffStoreId;

  const [store, setStore] = useState<StoreLoad>({ status: 'loading' });
  const [scanInput, setScanInput] = useState('');
  const [resolve, setResolve] = useState<Resolve>({ status: 'idle' });
  const [shopper, setShopper] = useState<MemberCodeResolveResponse | null>(null);

  const [linesMode, setLinesMode] = useState(false);
  const [amountText, setAmountText] = useState('');
  const [drafts, setDrafts] = useState<LineDraft[]>(() => [firstLine()]);
  /** line ids L1, L2, … in the order lines are added (never reused within a checkout) */
  const lineSeq = useRef(1);
  const newLine = (): LineDraft => ({ id: `L${++lineSeq.current}`, name: '', amountText: '' });
  const [choice, setChoice] = useState<CouponChoice>({ mode: 'auto' });
  const [points, setPoints] = useState<PointsChoice>('off');
  const [quote, setQuote] = useState<QuoteState>({ status: 'idle' });

  const [phase, setPhase] = useState<Phase>({ kind: 'bill' });
  const [submitting, setSubmitting] = useState<'wechat' | 'other' | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** the last refusal said the scan is no longer valid: offer 重新扫码 */
  const [tokenExpired, setTokenExpired] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [pollRun, setPollRun] = useState(0);
  const [pollStopped, setPollStopped] = useState(false);

  const busy = useRef(false);
  /** the key of the checkout attempt whose answer we have not seen */
  const attempt = useRef<string | null>(null);
  const resolveSeq = useRef(0);
  const quoteSeq = useRef(0);

  const storeId = store.status === 'ready' ? store.staff.store.id : null;

  const loadStore = useCallback(async () => {
    setStore({ status: 'loading' });
    try {
      setStore({ status: 'ready', staff: await call('staffMe', { toast: false }) });
    } catch (err) {
      setStore({ status: 'error', message: errorText(err, '门店信息加载失败') });
    }
  }, []);

  useEffect(() => {
    if (meId && !adminWithoutStore) void loadStore();
  }, [meId, adminWithoutStore, loadStore]);

  // ---------------------------------------------------------------- bill and quote

  const bill = useMemo(() => billOf(linesMode, amountText, drafts), [linesMode, amountText, drafts]);
  const billFen = bill.fen;
  const billKey = bill.lines ? JSON.stringify(bill.lines) : String(billFen);
  const memberToken = shopper?.memberToken ?? null;
  const inputKey =
    billFen === null || !memberToken ? null : `${memberToken}|${billKey}|${choiceKey(choice)}|${String(pointsParam(points))}`;

  useEffect(() => {
    const mine = ++quoteSeq.current;
    if (!storeId || !memberToken || billFen === null || inputKey === null || phase.kind !== 'bill') {
      if (phase.kind === 'bill') setQuote({ status: 'idle' });
      return undefined;
    }
    const base: QuoteBase = { storeId, memberToken, billFen, ...(bill.lines ? { lines: bill.lines } : {}) };
    setQuote((prev) => (prev.status === 'ready' ? prev : { status: 'loading', key: inputKey }));
    const timer = setTimeout(() => {
      fetchQuote(base, choice, points, () => mine !== quoteSeq.current).then(
        (q) => {
          if (mine === quoteSeq.current) setQuote({ status: 'ready', key: inputKey, quote: q });
        },
        (err: unknown) => {
          if (mine === quoteSeq.current) {
            setQuote({
              status: 'error',
              key: inputKey,
              message: errorText(err, '价格计算失败'),
              code: isApiError(err) ? err.code : null,
            });
          }
        },
      );
    }, QUOTE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // bill, choice and points are represented by inputKey
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storeId, inputKey, phase.kind]);

  /** A new bill: the best coupon for it, and all allowed points if points are on. */
  const billChanged = () => {
    setChoice({ mode: 'auto' });
    setPoints((p) => (typeof p === 'number' ? 'max' : p));
    setError(null);
  };

  const onAmount = (raw: string): string => {
    const text = sanitizeAmountText(raw);
    if (text !== amountText) {
      setAmountText(text);
      billChanged();
    }
    return text;
  };

  const editLine = (id: string, patch: Partial<LineDraft>) => {
    setDrafts((prev) => prev.map((d) => (d.id === id ? { ...d, ...patch } : d)));
    billChanged();
  };

  const last = quote.status === 'ready' ? quote.quote : null;
  const fresh = quote.status === 'ready' && quote.key === inputKey ? quote.quote : null;
  const quoteError = quote.status === 'error' && quote.key === inputKey ? quote : null;
  const selectedCoupon = choice.mode === 'picked' ? choice.id : (last?.couponId ?? null);

  const pickCoupon = (id: string | null) => {
    setChoice({ mode: 'picked', id });
    setPoints((p) => (typeof p === 'number' ? 'max' : p));
  };

  // ---------------------------------------------------------------- member

  const resolveCode = async (raw: string, invalidMessage: string) => {
    const code = raw.replace(/\s+/g, '');
    if (!MEMBER_CODE.test(code)) {
      setResolve({ status: 'error', message: invalidMessage });
      return;
    }
    const seq = ++resolveSeq.current;
    setResolve({ status: 'loading' });
    try {
      const found = await call('staffResolveMemberCode', { body: { code }, toast: false });
      if (seq !== resolveSeq.current) return;
      setShopper(found);
      setResolve({ status: 'idle' });
      setScanInput('');
      setChoice({ mode: 'auto' });
      setPoints('off');
      setError(null);
      attempt.current = null; // a new shopper: a new checkout
    } catch (err) {
      if (seq === resolveSeq.current) setResolve({ status: 'error', message: errorText(err, '识别失败，请重试') });
    }
  };

  const onScanned = (text: string) => {
    setScanInput(text.replace(/\s+/g, ''));
    void resolveCode(text, '未识别到会员码，请扫描顾客「会员」页的条形码或二维码');
  };

  const changeShopper = () => {
    resolveSeq.current++;
    setTokenExpired(false);
    setShopper(null);
    setResolve({ status: 'idle' });
    setQuote({ status: 'idle' });
    setError(null);
    attempt.current = null;
  };

  const nextCustomer = () => {
    changeShopper();
    setScanInput('');
    setLinesMode(false);
    setAmountText('');
    lineSeq.current = 1;
    setDrafts([firstLine()]);
    setChoice({ mode: 'auto' });
    setPoints('off');
    setPhase({ kind: 'bill' });
    setPollStopped(false);
  };

  // ---------------------------------------------------------------- settle

  const showOrder = (order: StaffOrderView) => {
    setPhase({ kind: 'order', order });
    setPollStopped(false);
    if (order.state === 'paid') void Taro.showToast({ title: '收款成功', icon: 'success' });
  };

  const submit = async (settlement: 'wechat' | 'other') => {
    if (busy.current || !fresh || billFen === null || !shopper || !storeId) return;
    busy.current = true;
    try {
      if (settlement === 'other') {
        const { confirm } = await Taro.showModal({
          title: '确认收款',
          content:
            fresh.cashFen > 0
              ? `请确认已收到顾客现金/刷卡 ${formatFen(fresh.cashFen)}，确认后订单即完成。`
              : '本单由优惠券和积分全额抵扣，顾客无需付款。确认完成收银吗？',
          confirmText: '确认',
          cancelText: '取消',
        });
        if (!confirm) return;
      }
      setSubmitting(settlement);
      setError(null);
      const clientKey = attempt.current ?? newAttemptKey();
      attempt.current = clientKey;
      try {
        const { order } = await call('staffTillOrder', {
          body: {
            storeId,
            memberToken: shopper.memberToken,
            billFen,
            couponId: fresh.couponId,
            points: fresh.pointsUsed,
            ...(bill.lines ? { lines: bill.lines } : {}),
            settlement,
            clientKey,
          },
          toast: false,
        });
        attempt.current = null;
        showOrder(order);
      } catch (err) {
        if (attempt.current === clientKey && !mayHaveReachedServer(err)) attempt.current = null;
        const retry = attempt.current === clientKey ? '（可再次点击重试，不会重复下单）' : '';
        setError(`${errorText(err, '下单失败，请重试')}${retry}`);
        setTokenExpired(isApiError(err) && err.code === TOKEN_INVALID);
      }
    } finally {
      busy.current = false;
      setSubmitting(null);
    }
  };

  // ---------------------------------------------------------------- waiting for the shopper

  const orderId = phase.kind === 'order' ? phase.order.id : null;
  const pending = phase.kind === 'order' && phase.order.state === 'pending_payment';
  const expireAt = phase.kind === 'order' ? phase.order.expireAt : null;

  useEffect(() => {
    if (!orderId || !pending || !expireAt) return undefined;
    const deadline = Date.parse(expireAt) + TILL_POLL_GRACE_MS;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const order = await call('staffOrder', { params: { orderId }, toast: false });
        if (stopped) return;
        setPhase((prev) => (prev.kind === 'order' && prev.order.id === orderId ? { kind: 'order', order } : prev));
        if (order.state !== 'pending_payment') {
          if (order.state === 'paid') void Taro.showToast({ title: '顾客已支付', icon: 'success' });
          return;
        }
      } catch {
        if (stopped) return; // keep the last answer; try again
      }
      if (!(Date.now() + TILL_POLL_MS <= deadline)) {
        setPollStopped(true);
        return;
      }
      timer = setTimeout(() => void tick(), TILL_POLL_MS);
    };
    setPollStopped(false);
    timer = setTimeout(() => void tick(), pollRun > 0 ? 0 : TILL_POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [orderId, pending, expireAt, pollRun]);

  const cancelOrder = async (order: StaffOrderView) => {
    if (cancelling) return;
    const { confirm } = await Taro.showModal({
      title: '取消订单',
      content: '取消后顾客将无法支付该订单，已选的优惠券和积分退回顾客账户。确定取消吗？',
      confirmText: '取消订单',
      cancelText: '不取消',
      confirmColor: '#fa5151',
    });
    if (!confirm) return;
    setCancelling(true);
    setError(null);
    try {
      const after = await call('staffCancelOrder', { params: { orderId: order.id }, toast: false });
      setPhase({ kind: 'order', order: after });
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (err) {
      setError(errorText(err, '取消失败，请重试'));
      // paid or closed meanwhile: show what it is now
      try {
        const now = await call('staffOrder', { params: { orderId: order.id }, toast: false });
        setPhase((prev) => (prev.kind === 'order' && prev.order.id === now.id ? { kind: 'order', order: now } : prev));
      } catch {
        // keep what we have
      }
    } finally {
      setCancelling(false);
    }
  };

  const restart = () => {
    setPhase({ kind: 'bill' });
    setError(null);
    setPollStopped(false);
    attempt.current = null;
  };

  // ---------------------------------------------------------------- render

  if (!me) {
    return (
      <View className='page'>
        <LoadingState text='正在登录…' />
      </View>
    );
  }

  if (adminWithoutStore) {
    return (
      <View className='page'>
        <View className='card'>
          <EmptyState
            id='till-no-store'
            icon='收'
            title='您是管理员，暂未归属门店'
            description='收银记在门店名下。管理员可以在后台把自己设为某家门店的员工后再使用。'
          />
        </View>
      </View>
    );
  }

  if (store.status !== 'ready') {
    return (
      <View className='page page--staff'>
        {store.status === 'loading' ? <LoadingState text='门店信息加载中…' /> : null}
        {store.status === 'error' ? (
          <View className='card'>
            <ErrorState id='till-store-error' message={store.message} onRetry={() => void loadStore()} />
          </View>
        ) : null}
      </View>
    );
  }

  const errorCard = error ? (
    <View className='card staff-code__error' id='till-error'>
      <Text>{error}</Text>
      {tokenExpired && phase.kind === 'bill' ? (
        <View className='state-action till-error__action'>
          <Button id='till-error-rescan' className='btn btn--plain btn--small' onClick={changeShopper}>
            重新扫码
          </Button>
        </View>
      ) : null}
    </View>
  ) : null;

  if (phase.kind === 'order') {
    const { order } = phase;
    const paid = order.state === 'paid' || order.state === 'refunded';
    if (paid) {
      return (
        <View className='page page--staff page--till'>
          <View className='card order-result order-result--paid' id='till-done'>
            <Text className='order-result__title' id='till-done-title'>
              收款成功
            </Text>
            <Text className='order-result__amount' id='till-done-cash'>
              {formatFen(order.cashFen)}
            </Text>
            {order.pointsEarned > 0 ? (
              <Text className='order-result__points'>顾客获得 {formatPoints(order.pointsEarned)} 积分</Text>
            ) : null}
          </View>
          <OrderReceipt order={order} member={order.member} idPrefix='till-receipt' />
          <OrderLines order={order} idPrefix='till-receipt' />
          <View className='pay-submit-bar'>
            <Button id='till-next' className='btn btn--primary btn--block' onClick={nextCustomer}>
              下一位顾客
            </Button>
            <Button
              id='till-receipt-detail'
              className='btn btn--plain btn--block till-secondary'
              onClick={() => void Taro.navigateTo({ url: `/pages-staff/order/index?id=${encodeURIComponent(order.id)}` })}
            >
              查看订单
            </Button>
          </View>
        </View>
      );
    }
    const waiting = order.state === 'pending_payment';
    return (
      <View className='page page--staff page--till'>
        <View className={`card order-result order-result--${order.state}`} id='till-waiting'>
          <Text className='order-result__title' id='till-waiting-state' data-state={order.state}>
            {waiting ? '等待顾客支付' : order.state === 'cancelled' ? '订单已取消' : '订单已过期'}
          </Text>
          <Text className='order-result__amount' id='till-waiting-cash'>
            {formatFen(order.cashFen)}
          </Text>
          {waiting ? (
            <>
              <Text className='till-waiting__text' id='till-waiting-text'>
                已发送到顾客手机，请顾客在小程序「我的订单」中支付
              </Text>
              <WaitingLeft expireAt={order.expireAt} />
            </>
          ) : (
            <Text className='pay-hint' id='till-waiting-text'>
              {order.state === 'cancelled'
                ? '该订单已作废，优惠券和积分已退回顾客账户'
                : '顾客未在规定时间内支付，优惠券和积分已退回顾客账户'}
            </Text>
          )}
        </View>
        <OrderReceipt order={order} member={order.member} idPrefix='till-order' />
        {errorCard}
        <View className='pay-submit-bar'>
          {waiting ? (
            <>
              {pollStopped ? (
                <Button
                  id='till-refresh'
                  className='btn btn--primary btn--block'
                  onClick={() => setPollRun((n) => n + 1)}
                >
                  刷新支付状态
                </Button>
              ) : null}
              <Button
                id='till-cancel-order'
                className='btn btn--plain btn--block till-secondary'
                disabled={cancelling}
                loading={cancelling}
                onClick={() => void cancelOrder(order)}
              >
                取消订单
              </Button>
            </>
          ) : (
            <>
              <Button id='till-restart' className='btn btn--primary btn--block' onClick={restart}>
                重新收银
              </Button>
              <Button id='till-next' className='btn btn--plain btn--block till-secondary' onClick={nextCustomer}>
                下一位顾客
              </Button>
            </>
          )}
        </View>
      </View>
    );
  }

  const maxPoints = last?.maxPoints ?? 0;
  const pointsOn = points !== 'off';
  const busyScan = resolve.status === 'loading';
  const cashFen = fresh?.cashFen ?? null;
  const linesTotal = bill.lines ? bill.lines.reduce((s, l) => s + l.amountFen, 0) : null;

  return (
    <View className='page page--staff page--till' id='till-page'>
      <View className='card till-store' id='till-store'>
        <Text className='staff-store__label'>收银门店</Text>
        <Text className='till-store__name'>{store.staff.store.name}</Text>
      </View>

      {!shopper ? (
        <View className='card staff-code' id='till-scan-card'>
          <Text className='staff-code__title'>第一步：识别会员</Text>
          <Text className='staff-code__desc'>请顾客打开「会员」页出示会员码，扫码后为其结账、用券和积分抵现。</Text>
          <MemberCodeScanner onCode={onScanned} disabled={busyScan} id='till-scan' />
          <Input
            id='till-scan-input'
            className='input'
            type='text'
            maxlength={24}
            placeholder='输入 18 位会员码'
            value={scanInput}
            onInput={(e) => setScanInput(e.detail.value)}
          />
          <Button
            id='till-scan-submit'
            className='btn btn--plain btn--block'
            disabled={busyScan || scanInput.trim() === ''}
            loading={busyScan}
            onClick={() => void resolveCode(scanInput, '请输入 18 位数字会员码')}
          >
            识别会员
          </Button>
          {resolve.status === 'error' ? (
            <Text className='till-error-text' id='till-scan-error'>
              {resolve.message}
            </Text>
          ) : null}
        </View>
      ) : (
        <>
          <MemberCard member={shopper} onChange={changeShopper} />

          <View className='card pay-amount' id='till-bill-card'>
            <View className='till-bill__head'>
              <Text className='pay-amount__label'>{linesMode ? '商品明细' : '消费金额'}</Text>
              <Text
                className='till-link'
                id='till-lines-toggle'
                onClick={() => {
                  setLinesMode((v) => !v);
                  billChanged();
                }}
              >
                {linesMode ? '改为按总额' : '按商品录入'}
              </Text>
            </View>
            {linesMode ? (
              <View id='till-lines'>
                {drafts.map((d, i) => (
                  <View className='till-line' key={d.id} id={`till-line-${d.id}`}>
                    <Input
                      id={`till-line-name-${d.id}`}
                      className='till-line__name'
                      type='text'
                      maxlength={40}
                      placeholder={`商品 ${i + 1} 名称（可选）`}
                      value={d.name}
                      onInput={(e) => editLine(d.id, { name: e.detail.value })}
                    />
                    <Text className='till-line__symbol'>¥</Text>
                    <Input
                      id={`till-line-amount-${d.id}`}
                      className='till-line__amount'
                      type='digit'
                      placeholder='金额'
                      value={d.amountText}
                      onInput={(e) => {
                        const text = sanitizeAmountText(e.detail.value);
                        editLine(d.id, { amountText: text });
                        return text;
                      }}
                    />
                    <Text
                      className={`till-line__remove${drafts.length > 1 ? '' : ' till-line__remove--disabled'}`}
                      id={`till-line-remove-${d.id}`}
                      onClick={() => {
                        if (drafts.length <= 1) return;
                        setDrafts((prev) => prev.filter((x) => x.id !== d.id));
                        billChanged();
                      }}
                    >
                      删除
                    </Text>
                  </View>
                ))}
                <View className='till-bill__foot'>
                  <Text
                    className='till-link'
                    id='till-line-add'
                    onClick={() => {
                      if (drafts.length >= 200) return;
                      const line = newLine();
                      setDrafts((prev) => [...prev, line]);
                      billChanged();
                    }}
                  >
                    ＋ 添加商品
                  </Text>
                  <Text className='till-lines__total' id='till-lines-total'>
                    合计 {linesTotal === null ? '—' : formatFen(linesTotal)}
                  </Text>
                </View>
              </View>
            ) : (
              <View className='pay-amount__row'>
                <Text className='pay-amount__symbol'>¥</Text>
                <Input
                  id='till-amount'
                  className='pay-amount__input'
                  type='digit'
                  placeholder='输入消费金额'
                  value={amountText}
                  onInput={(e) => onAmount(e.detail.value)}
                />
              </View>
            )}
            {bill.error ? (
              <Text className='pay-amount__error' id='till-amount-error'>
                {bill.error}
              </Text>
            ) : null}
          </View>

          <View className='card pay-coupons' id='till-coupons'>
            <Text className='pay-section__title'>优惠券</Text>
            {billFen === null || !last ? (
              <Text className='pay-hint'>{billFen === null ? '输入金额后选择优惠券' : '优惠券加载中…'}</Text>
            ) : (
              <>
                {last.usableCoupons.length === 0 ? <Text className='pay-hint'>该会员暂无本店可用的优惠券</Text> : null}
                {last.usableCoupons.map((c) => (
                  <View
                    key={c.id}
                    id={`till-coupon-${c.id}`}
                    className={`pay-coupon${c.applicable ? '' : ' pay-coupon--disabled'}${selectedCoupon === c.id ? ' pay-coupon--selected' : ''}`}
                    onClick={() => {
                      if (c.applicable && selectedCoupon !== c.id) pickCoupon(c.id);
                    }}
                  >
                    <View className='pay-coupon__main'>
                      <Text className='pay-coupon__name'>{c.name}</Text>
                      <Text className='pay-coupon__desc'>
                        {c.applicable ? `可减 ${formatFen(c.discountFen)}` : couponReasonText(c.reason)}
                      </Text>
                    </View>
                    <Text className='pay-coupon__check'>{selectedCoupon === c.id ? '✓' : ''}</Text>
                  </View>
                ))}
                <View
                  id='till-coupon-none'
                  className={`pay-coupon${selectedCoupon === null ? ' pay-coupon--selected' : ''}`}
                  onClick={() => {
                    if (selectedCoupon !== null || choice.mode === 'auto') pickCoupon(null);
                  }}
                >
                  <View className='pay-coupon__main'>
                    <Text className='pay-coupon__name'>不使用优惠券</Text>
                  </View>
                  <Text className='pay-coupon__check'>{selectedCoupon === null ? '✓' : ''}</Text>
                </View>
              </>
            )}
          </View>

          <View className='card till-points' id='till-points'>
            <View className='pay-points'>
              <View className='pay-points__main'>
                <Text className='pay-section__title'>使用积分抵扣</Text>
                <Text className='pay-hint' id='till-points-hint'>
                  {last
                    ? maxPoints > 0
                      ? `本单最多可用 ${formatPoints(maxPoints)} 积分`
                      : '本单暂无可抵扣的积分'
                    : `顾客可用 ${formatPoints(shopper.availablePoints)} 积分`}
                </Text>
              </View>
              <View
                id='till-points-switch'
                className={`pay-switch${pointsOn ? ' pay-switch--on' : ''}`}
                data-checked={pointsOn ? 'true' : 'false'}
                onClick={() => setPoints((p) => (p === 'off' ? 'max' : 'off'))}
              >
                <View className='pay-switch__knob' />
              </View>
            </View>
            {pointsOn && last && maxPoints > 0 ? (
              <View className='till-points__slider'>
                <Slider
                  id='till-points-slider'
                  min={0}
                  max={maxPoints}
                  step={1}
                  value={Math.min(last.pointsUsed, maxPoints)}
                  activeColor='#07c160'
                  blockSize={24}
                  onChange={(e) => {
                    const v = Math.max(0, Math.min(maxPoints, Math.round(Number(e.detail.value) || 0)));
                    setPoints(v);
                  }}
                />
                <Text className='pay-hint' id='till-points-value'>
                  使用 {formatPoints(last.pointsUsed)} 积分，抵 {formatFen(last.pointsValueFen)}
                </Text>
              </View>
            ) : null}
          </View>

          {billFen !== null ? (
            <View className='card pay-breakdown' id='till-breakdown'>
              {quoteError ? (
                <View className='state state--error' id='till-quote-error'>
                  <Text className='state__title'>{quoteError.message}</Text>
                  {quoteError.code === TOKEN_INVALID ? (
                    <Button id='till-rescan' className='btn btn--plain btn--small' onClick={changeShopper}>
                      重新扫码
                    </Button>
                  ) : null}
                </View>
              ) : last ? (
                <>
                  <View className='pay-line'>
                    <Text>账单金额</Text>
                    <Text id='till-bill'>{formatFen(last.billFen)}</Text>
                  </View>
                  <View className='pay-line'>
                    <Text>优惠券</Text>
                    <Text id='till-coupon-discount'>{minus(last.couponDiscountFen)}</Text>
                  </View>
                  <View className='pay-line'>
                    <Text>积分抵扣{last.pointsUsed > 0 ? `（${formatPoints(last.pointsUsed)} 积分）` : ''}</Text>
                    <Text id='till-points-discount'>{minus(last.pointsValueFen)}</Text>
                  </View>
                  <View className='pay-line pay-line--total'>
                    <Text>应收</Text>
                    <Text id='till-cash'>{formatFen(last.cashFen)}</Text>
                  </View>
                  <Text className='pay-hint' id='till-points-earned'>
                    {last.pointsEarned > 0 ? `付款后顾客获得 ${formatPoints(last.pointsEarned)} 积分` : '本单不产生积分'}
                  </Text>
                </>
              ) : (
                <LoadingState text='正在计算优惠…' />
              )}
            </View>
          ) : null}

          {errorCard}

          <View className='pay-submit-bar till-actions'>
            {cashFen !== 0 ? (
              <Button
                id='till-pay-wechat'
                className='btn btn--primary btn--block'
                disabled={!fresh || submitting !== null}
                loading={submitting === 'wechat'}
                onClick={() => void submit('wechat')}
              >
                {cashFen === null ? '顾客微信支付' : `顾客微信支付 ${formatFen(cashFen)}`}
              </Button>
            ) : null}
            <Button
              id='till-pay-other'
              className='btn btn--plain btn--block till-secondary'
              disabled={!fresh || submitting !== null}
              loading={submitting === 'other'}
              onClick={() => void submit('other')}
            >
              {cashFen === 0 ? '确认收银（无需付款）' : '现金/刷卡已收'}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}

/**
 * 收银's state and actions (pages-staff/till): the scan, the bill, the quote after a pause, the checkout attempt
 * with its clientKey, and the order's polling. The page only renders what this returns.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import {
  formatFen,
  type MemberCodeResolveResponse,
  type QuoteResponse,
  type StaffOrderView,
  type StaffView,
} from '@homeclub/shared';
import { call, isApiError } from '../services/api';
import { hasRole, useSession } from '../services/session';
import { QUOTE_DEBOUNCE_MS, sanitizeAmountText } from '../services/checkout';
import { mayHaveReachedServer, newAttemptKey } from '../services/coupons';
import { cancelTillOrder, errorText, useTillOrderPoll, type TillPhase } from './useTillOrder';
import { billOf, choiceKey, fetchQuote, pointsParam, type CouponChoice, type LineDraft, type PointsChoice, type QuoteBase } from '../services/till';

const MEMBER_CODE = /^\d{18}$/;
export const TOKEN_INVALID = 'TILL_MEMBER_TOKEN_INVALID';

type StoreLoad = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; staff: StaffView };
type Resolve = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string };

type QuoteState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'error'; key: string; message: string; code: string | null }
  | { status: 'ready'; key: string; quote: QuoteResponse };

const firstLine = (): LineDraft => ({ id: 'L1', name: '', amountText: '' });

export function useTill() {
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

  const [phase, setPhase] = useState<TillPhase>({ kind: 'bill' });
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

  useTillOrderPoll(orderId, pending, expireAt, pollRun, setPhase, setPollStopped);

  const cancelOrder = async (order: StaffOrderView) => {
    if (cancelling) return;
    await cancelTillOrder(order, setCancelling, setError, setPhase);
  };

  const restart = () => {
    setPhase({ kind: 'bill' });
    setError(null);
    setPollStopped(false);
    attempt.current = null;
  };

  return { store, scanInput, setScanInput, resolve, shopper, linesMode, setLinesMode, amountText, drafts, setDrafts, newLine, choice, points, setPoints, phase, submitting, error, tokenExpired, cancelling, setPollRun, pollStopped, loadStore, bill, billFen, billChanged, onAmount, editLine, last, fresh, quoteError, selectedCoupon, pickCoupon, resolveCode, onScanned, changeShopper, nextCustomer, submit, cancelOrder, restart };
}

/**
 * The staff refund form's state and submission: mode (按金额 / 按商品 / 全额, only those the order still allows),
 * amount, picked lines, reason; 「确认退款」 plans the refund (refund-plan.ts), asks for confirmation and sends it with
 * one refundKey per attempt, reused when it is retried after an answer we did not see (so a retry refunds once).
 * `onSent` runs after the server took it (the page re-reads the order to follow 退款中 → 已退款).
 */
import { useMemo, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { OrderRefundRequest, StaffOrderView } from '@homeclub/shared';
import { call } from '../services/api';
import { mayHaveReachedServer, newAttemptKey } from '../services/coupons';
import { REFUND_REASONS, refundOptions, REFUND_VIA_TEXT } from '../services/orders';
import { planRefund, type RefundMode } from '../services/refund-plan';

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

export function useRefundForm(order: StaffOrderView | null, onSent: () => void) {
  const [mode, setMode] = useState<RefundMode | null>(null);
  const [amountText, setAmountText] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [reasonId, setReasonId] = useState<string>(REFUND_REASONS[0].id);
  const [otherReason, setOtherReason] = useState('');
  const [refunding, setRefunding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  /** the refund attempt whose answer we have not seen: a retry sends the same key */
  const attempt = useRef<string | null>(null);

  const options = useMemo(() => (order ? refundOptions(order) : null), [order]);
  const modes: RefundMode[] = options?.open
    ? [...(options.maxAmountFen > 0 ? (['amount'] as const) : []), ...(options.lines.length ? (['lines'] as const) : []), 'full']
    : [];
  const activeMode: RefundMode | null = mode && modes.includes(mode) ? mode : (modes[0] ?? null);

  const reason = (): string => {
    if (reasonId === 'other') return otherReason.trim() || '其他';
    return REFUND_REASONS.find((r) => r.id === reasonId)?.label ?? '其他';
  };

  const submit = async () => {
    if (busy.current || !order || !activeMode) return;
    const planned = planRefund(order, { mode: activeMode, amountText, picked, reason: reason() });
    if (!planned.ok) {
      setError(planned.message);
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
      setError(null);
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
        onSent();
      } catch (err) {
        if (attempt.current === refundKey && !mayHaveReachedServer(err)) attempt.current = null;
        const retry = attempt.current === refundKey ? '（可再次点击「确认退款」重试，不会重复退款）' : '';
        setError(`${errorText(err, '退款失败，请重试')}${retry}`);
      }
    } finally {
      busy.current = false;
      setRefunding(false);
    }
  };

  return {
    options,
    modes,
    activeMode,
    pickMode: (m: RefundMode) => {
      setMode(m);
      setError(null);
    },
    amountText,
    setAmount: (text: string) => {
      setAmountText(text);
      setError(null);
    },
    picked,
    toggleLine: (id: string) => {
      setPicked((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id]));
      setError(null);
    },
    reasonId,
    setReasonId,
    otherReason,
    setOtherReason,
    refunding,
    error,
    submit,
  };
}

export type RefundForm = ReturnType<typeof useRefundForm>;

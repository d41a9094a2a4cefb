/**
 * 优惠买单 (?storeId=): the payer types the bill amount (yuan text → integer
 * fen), picks a coupon (the best one is preselected; inapplicable ones are
 * greyed with the reason) and may use points ('max'). Every change re-quotes
 * POST /api/checkout/quote after a short pause, and the breakdown shows the
 * server's answer. 「确认支付」 → POST /api/orders with a clientKey made once
 * per checkout attempt (the same key when the attempt is retried after a
 * network error, or after the payment sheet was cancelled: the server then
 * resumes the same order), then wx.requestPayment unless coupon + points
 * covered the bill. The result page (`&paying=1`) asks the server whether it was paid.
 * `&couponId=` (from a coupon's 去使用) preselects that coupon whenever it applies to the amount (quote.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { formatFen, type ResponseOf } from '@homeclub/shared';
import { call, showErrorToast } from '../../services/api';
import { useSession } from '../../services/session';
import { AttemptKeys, loadStores } from '../../services/coupons';
import { formatPoints } from '../../services/membership';
import { couponReasonText, parseAmount, pointsValueFen, QUOTE_DEBOUNCE_MS, sanitizeAmountText } from '../../services/checkout';
import { PageGate } from '../../components/PageGate';
import { openPayment } from '../../platform/open-payment';
import { Breakdown } from './Breakdown';
import { choiceKey, fetchQuote, type CouponChoice, type QuoteState } from './quote';
import '../styles.css';


export default function PayPage() {
  const { params } = useRouter();
  const storeId = params.storeId ?? '';
  /** opened from a coupon's 去使用: that coupon is used whenever it applies to the amount */
  const start: CouponChoice = params.couponId ? { mode: 'prefer', id: params.couponId } : { mode: 'auto' };
  const { member } = useSession();
  const memberId = member?.id;

  const [storeName, setStoreName] = useState<string | null>(null);
  const [amountText, setAmountText] = useState('');
  const [choice, setChoice] = useState<CouponChoice>(start);
  const [usePoints, setUsePoints] = useState(false);
  const [quote, setQuote] = useState<QuoteState>({ status: 'idle' });
  const [submitting, setSubmitting] = useState(false);
  const busy = useRef(false);
  const keys = useRef(new AttemptKeys());
  const seq = useRef(0);

  const amount = useMemo(() => parseAmount(amountText), [amountText]);
  const billFen = amount.fen;
  const inputKey = billFen === null ? null : `${billFen}|${choiceKey(choice)}|${usePoints ? 'max' : 0}`;

  useEffect(() => {
    let current = true;
    loadStores()
      .then((stores) => {
        if (current) setStoreName(stores.find((s) => s.id === storeId)?.name ?? null);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [storeId]);

  // live quote, debounced; a reply for older inputs is dropped
  useEffect(() => {
    const mine = ++seq.current;
    if (!memberId || !storeId || billFen === null || inputKey === null) {
      setQuote({ status: 'idle' });
      return undefined;
    }
    setQuote((prev) => (prev.status === 'ready' ? prev : { status: 'loading', key: inputKey }));
    const timer = setTimeout(() => {
      setQuote((prev) => (prev.status === 'ready' ? prev : { status: 'loading', key: inputKey }));
      fetchQuote(storeId, billFen, choice, usePoints).then(
        (q) => {
          if (mine === seq.current) setQuote({ status: 'ready', key: inputKey, quote: q });
        },
        (err: unknown) => {
          if (mine === seq.current) {
            setQuote({ status: 'error', key: inputKey, message: err instanceof Error ? err.message : '价格计算失败' });
          }
        },
      );
    }, QUOTE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // choice is represented by inputKey
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [memberId, storeId, inputKey]);

  const onAmount = (raw: string): string => {
    const text = sanitizeAmountText(raw);
    if (text !== amountText) {
      setAmountText(text);
      setChoice(start); // the best (or the preferred) coupon for the new amount
    }
    return text;
  };

  const last = quote.status === 'ready' ? quote.quote : null;
  const fresh = quote.status === 'ready' && quote.key === inputKey ? quote.quote : null;
  const selectedCoupon = choice.mode === 'picked' ? choice.id : (last?.couponId ?? null);
  const preferredMissed = choice.mode === 'prefer' && !!fresh && fresh.couponId !== choice.id;

  const submit = async () => {
    if (busy.current || !fresh || billFen === null) return;
    busy.current = true;
    setSubmitting(true);
    const body = { storeId, billFen, couponId: fresh.couponId, points: fresh.pointsUsed };
    const scope = `${storeId}|${billFen}|${fresh.couponId ?? '-'}|${fresh.pointsUsed}`;
    const clientKey = keys.current.keyFor(scope);
    try {
      let res: ResponseOf<'createOrder'>;
      try {
        res = await call('createOrder', { body: { ...body, clientKey } }); // failures are toasted
      } catch (err) {
        keys.current.settle(scope, err);
        return;
      }
      const orderUrl = `/pages-order/order/index?id=${encodeURIComponent(res.order.id)}&paying=1`;
      const done = () => {
        keys.current.settle(scope);
        void Taro.redirectTo({ url: orderUrl });
      };
      if (!res.requestPayment) {
        done();
        return;
      }
      // Cancelled or failed: the order stays pending; the next tap resumes it with the same key.
      if (!(await openPayment(res.requestPayment))) return;
      done();
    } catch (err) {
      showErrorToast(err);
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  };

  return (
    <PageGate missing={storeId ? null : '缺少门店信息，请从首页选择门店'} errorId="pay-error">
      {renderPay}
    </PageGate>
  );

  function renderPay() {
    const maxPoints = last?.maxPoints ?? 0;
    const cashFen = fresh?.cashFen ?? null;
    const quoteError = quote.status === 'error' && quote.key === inputKey ? quote.message : null;

    return (
      <View className="page page--pay" id="pay-page">
        <View className="card pay-store">
          <Text className="pay-store__label">付款给</Text>
          <Text className="pay-store__name" id="pay-store-name">
            {storeName ?? '门店'}
          </Text>
        </View>

        <View className="card pay-amount">
          <Text className="pay-amount__label">消费金额</Text>
          <View className="pay-amount__row">
            <Text className="pay-amount__symbol">¥</Text>
            <Input
              id="pay-amount-input"
              className="pay-amount__input"
              type="digit"
              placeholder="询问店员后输入"
              value={amountText}
              onInput={(e) => onAmount(e.detail.value)}
            />
          </View>
          {amount.error ? (
            <Text className="pay-amount__error" id="pay-amount-error">
              {amount.error}
            </Text>
          ) : null}
        </View>

        <View className="card pay-coupons" id="pay-coupons">
          <Text className="pay-section__title">优惠券</Text>
          {billFen === null || !last ? (
            <Text className="pay-hint">{billFen === null ? '输入金额后选择优惠券' : '优惠券加载中…'}</Text>
          ) : (
            <>
              {last.usableCoupons.length === 0 ? <Text className="pay-hint">暂无本店可用的优惠券</Text> : null}
              {preferredMissed ? (
                <Text className="pay-hint" id="pay-coupon-preferred-missed">
                  所选优惠券不适用于当前金额，已为您选择其他优惠
                </Text>
              ) : null}
              {last.usableCoupons.map((c) => (
                <View
                  key={c.id}
                  id={`pay-coupon-${c.id}`}
                  className={`pay-coupon${c.applicable ? '' : ' pay-coupon--disabled'}${selectedCoupon === c.id ? ' pay-coupon--selected' : ''}`}
                  onClick={() => {
                    if (c.applicable && selectedCoupon !== c.id) setChoice({ mode: 'picked', id: c.id });
                  }}
                >
                  <View className="pay-coupon__main">
                    <Text className="pay-coupon__name">{c.name}</Text>
                    <Text className="pay-coupon__desc">
                      {c.applicable ? `可减 ${formatFen(c.discountFen)}` : couponReasonText(c.reason)}
                    </Text>
                  </View>
                  <Text className="pay-coupon__check">{selectedCoupon === c.id ? '✓' : ''}</Text>
                </View>
              ))}
              <View
                id="pay-coupon-none"
                className={`pay-coupon${selectedCoupon === null ? ' pay-coupon--selected' : ''}`}
                onClick={() => {
                  if (selectedCoupon !== null || choice.mode !== 'picked') setChoice({ mode: 'picked', id: null });
                }}
              >
                <View className="pay-coupon__main">
                  <Text className="pay-coupon__name">不使用优惠券</Text>
                </View>
                <Text className="pay-coupon__check">{selectedCoupon === null ? '✓' : ''}</Text>
              </View>
            </>
          )}
        </View>

        <View className="card pay-points">
          <View className="pay-points__main">
            <Text className="pay-section__title">使用积分抵扣</Text>
            <Text className="pay-hint" id="pay-points-hint">
              {last
                ? maxPoints > 0
                  ? `可用 ${formatPoints(maxPoints)} 积分，抵 ${formatFen(pointsValueFen(maxPoints))}`
                  : '暂无可抵扣的积分'
                : '100 积分抵 ¥1，最多抵扣实付的一半'}
            </Text>
          </View>
          <View
            id="pay-points-switch"
            className={`pay-switch${usePoints ? ' pay-switch--on' : ''}`}
            data-checked={usePoints ? 'true' : 'false'}
            onClick={() => setUsePoints((v) => !v)}
          >
            <View className="pay-switch__knob" />
          </View>
        </View>

        {billFen !== null ? <Breakdown quote={last} error={quoteError} /> : null}

        <View className="pay-submit-bar">
          <Button
            id="pay-submit"
            className="btn btn--primary btn--block"
            disabled={!fresh || submitting}
            loading={submitting}
            onClick={() => void submit()}
          >
            {cashFen === null ? '确认支付' : `确认支付 ${formatFen(cashFen)}`}
          </Button>
        </View>
      </View>
    );
  }
}

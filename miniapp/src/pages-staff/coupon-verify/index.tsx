/**
 * Staff subpackage: 扫码核销. The customer shows a coupon's rotating code; staff
 * scan it (weapp camera) or type/paste its 18 digits, and
 * POST /api/staff/coupons/verify uses the coupon up. Each attempt carries an
 * idempotency key; submitting the same code again after a network error is
 * the same attempt (same key), so a lost answer never verifies twice. The
 * result card offers 「撤销核销」 until `undoableUntil` (10 minutes); below,
 * today's verifications at this store. Server errors are shown in Chinese.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { VerificationView } from '@homeclub/shared';
import { call } from '../../services/api';
import { formatDateTime } from '../../services/membership';
import { mayHaveReachedServer, newAttemptKey } from '../../services/coupons';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { useSecondClock } from '../../hooks/useSecondClock';
import { MemberCodeScanner } from '../../platform/member-code-scanner';
import '../styles.css';

type Verify =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; verification: VerificationView };

type Today = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: VerificationView[] };

const COUPON_CODE = /^\d{18}$/;

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

/** 「09:41」 left of the undo window, or null when it has closed. */
function undoLeft(v: VerificationView, now: number): string | null {
  const until = Date.parse(v.undoableUntil);
  if (v.undoneAt || Number.isNaN(until) || until <= now) return null;
  const seconds = Math.ceil((until - now) / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

interface ResultProps {
  verification: VerificationView;
  undoing: boolean;
  undoError: string | null;
  onUndo: () => void;
}

function VerifyResult({ verification: v, undoing, undoError, onUndo }: ResultProps) {
  const now = useSecondClock();
  const left = undoLeft(v, now);
  return (
    <View className={`card verify-result${v.undoneAt ? ' verify-result--undone' : ''}`} id='verify-result'>
      <Text className='verify-result__status' id='verify-status'>
        {v.undoneAt ? '已撤销核销' : '核销成功'}
      </Text>
      <Text className='verify-result__name' id='verify-coupon-name'>
        {v.couponName}
      </Text>
      <View className='verify-result__line'>
        <Text className='verify-result__label'>顾客</Text>
        <Text id='verify-member'>{v.memberNickname}</Text>
      </View>
      <View className='verify-result__line'>
        <Text className='verify-result__label'>核销时间</Text>
        <Text id='verify-time'>{formatDateTime(v.at)}</Text>
      </View>
      {v.undoneAt ? (
        <View className='verify-result__line'>
          <Text className='verify-result__label'>撤销时间</Text>
          <Text>{formatDateTime(v.undoneAt)}</Text>
        </View>
      ) : (
        <>
          <Button
            id='verify-undo'
            className='btn btn--plain btn--block verify-result__undo'
            disabled={!left || undoing}
            loading={undoing}
            onClick={onUndo}
          >
            撤销核销
          </Button>
          <Text className='verify-result__hint' id='verify-undo-hint'>
            {left ? `${left} 内可撤销（核销错误时使用）` : '已超过 10 分钟，不能撤销'}
          </Text>
        </>
      )}
      {undoError ? (
        <Text className='verify-result__error' id='verify-undo-error'>
          {undoError}
        </Text>
      ) : null}
    </View>
  );
}

function TodayList({ today, onRetry }: { today: Today; onRetry: () => void }) {
  return (
    <View className='card verify-list' id='verify-list'>
      <Text className='verify-list__title'>
        今日核销{today.status === 'ready' ? ` · ${today.items.filter((v) => !v.undoneAt).length} 张` : ''}
      </Text>
      {today.status === 'loading' ? <LoadingState text='今日核销加载中…' /> : null}
      {today.status === 'error' ? <ErrorState id='verify-list-error' message={today.message} onRetry={onRetry} /> : null}
      {today.status === 'ready' && today.items.length === 0 ? (
        <EmptyState id='verify-list-empty' icon='核' title='今天还没有核销记录' />
      ) : null}
      {today.status === 'ready'
        ? today.items.map((v) => (
            <View className='verify-item' key={v.id} id={`verification-${v.id}`}>
              <View className='verify-item__main'>
                <Text className='verify-item__name'>{v.couponName}</Text>
                <Text className='verify-item__who'>
                  {v.memberNickname} · {formatDateTime(v.at).slice(11)}
                </Text>
              </View>
              {v.undoneAt ? <Text className='verify-item__tag'>已撤销</Text> : <Text className='verify-item__ok'>已核销</Text>}
            </View>
          ))
        : null}
    </View>
  );
}

export default function StaffCouponVerifyPage() {
  const [input, setInput] = useState('');
  const [state, setState] = useState<Verify>({ status: 'idle' });
  const [undoing, setUndoing] = useState(false);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [today, setToday] = useState<Today>({ status: 'loading' });
  const latest = useRef(0);
  const todaySeq = useRef(0);
  /** the attempt whose answer we have not seen: same code again = same key */
  const attempt = useRef<{ code: string; key: string } | null>(null);

  const loadToday = useCallback(async (quiet: boolean) => {
    const seq = ++todaySeq.current;
    if (!quiet) setToday({ status: 'loading' });
    try {
      const res = await call('staffVerifications', { toast: false });
      if (seq === todaySeq.current) setToday({ status: 'ready', items: res.items });
    } catch (err) {
      if (seq === todaySeq.current && !quiet) setToday({ status: 'error', message: errorText(err, '今日核销加载失败') });
    }
  }, []);

  useEffect(() => {
    void loadToday(false);
  }, [loadToday]);

  const verify = async (raw: string, invalidMessage: string) => {
    const code = raw.replace(/\s+/g, '');
    if (!COUPON_CODE.test(code)) {
      setState({ status: 'error', message: invalidMessage });
      return;
    }
    const key = attempt.current?.code === code ? attempt.current.key : newAttemptKey();
    attempt.current = { code, key };
    const seq = ++latest.current;
    setState({ status: 'loading' });
    setUndoError(null);
    try {
      const verification = await call('staffVerifyCoupon', { body: { code, idempotencyKey: key }, toast: false });
      if (attempt.current?.key === key) attempt.current = null;
      if (seq !== latest.current) return;
      setState({ status: 'ready', verification });
      setInput('');
      void Taro.showToast({ title: '核销成功', icon: 'success' });
      void loadToday(true);
    } catch (err) {
      if (attempt.current?.key === key && !mayHaveReachedServer(err)) attempt.current = null;
      if (seq === latest.current) {
        const retry = attempt.current?.key === key ? '（可再次点击「核销」重试，不会重复核销）' : '';
        setState({ status: 'error', message: `${errorText(err, '核销失败，请重试')}${retry}` });
      }
    }
  };

  const undo = async (v: VerificationView) => {
    if (undoing) return;
    const { confirm } = await Taro.showModal({
      title: '撤销核销',
      content: `撤销后「${v.couponName}」将退回顾客账户，确定撤销吗？`,
      confirmText: '撤销',
      cancelText: '不撤销',
      confirmColor: '#fa5151',
    });
    if (!confirm) return;
    setUndoing(true);
    setUndoError(null);
    try {
      const undone = await call('staffUndoVerification', { params: { verificationId: v.id }, toast: false });
      setState((prev) =>
        prev.status === 'ready' && prev.verification.id === undone.id ? { status: 'ready', verification: undone } : prev,
      );
      void Taro.showToast({ title: '已撤销核销', icon: 'success' });
      void loadToday(true);
    } catch (err) {
      setUndoError(errorText(err, '撤销失败，请重试'));
    } finally {
      setUndoing(false);
    }
  };

  const onScanned = (text: string) => {
    setInput(text.replace(/\s+/g, ''));
    void verify(text, '未识别到券码，请扫描顾客优惠券详情页的条形码或二维码');
  };

  const busy = state.status === 'loading';

  return (
    <View className='page page--staff'>
      <View className='card staff-code'>
        <Text className='staff-code__title'>扫码核销</Text>
        <Text className='staff-code__desc'>请顾客打开「我的优惠券」中要使用的券，出示券码；券码每分钟自动刷新。</Text>
        <MemberCodeScanner onCode={onScanned} disabled={busy} what='券码' id='verify-scan' />
        <Input
          id='verify-code-input'
          className='input'
          type='text'
          maxlength={24}
          placeholder='输入 18 位券码'
          value={input}
          onInput={(e) => setInput(e.detail.value)}
        />
        <Button
          id='verify-submit'
          className='btn btn--plain btn--block'
          disabled={busy || input.trim() === ''}
          loading={busy}
          onClick={() => void verify(input, '请输入 18 位数字券码')}
        >
          核销
        </Button>
      </View>

      {state.status === 'loading' ? <LoadingState text='正在核销…' /> : null}
      {state.status === 'error' ? (
        <View className='card staff-code__error' id='verify-error'>
          <Text>{state.message}</Text>
        </View>
      ) : null}
      {state.status === 'ready' ? (
        <VerifyResult
          verification={state.verification}
          undoing={undoing}
          undoError={undoError}
          onUndo={() => void undo(state.verification)}
        />
      ) : null}

      <TodayList today={today} onRetry={() => void loadToday(false)} />
    </View>
  );
}

/**
 * Staff subpackage: one of the guide's customers (GET /api/staff/guide/customers/:id,
 * audited on the server): masked phone, stage and RFM group, binding history,
 * credited orders and the guide's notes (add one with 添加备注).
 */
import { useCallback, useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { ResponseOf } from '@homeclub/shared';
import { addGuideNote, fetchGuideCustomer, SOURCE_LABELS } from '../../services/guides';
import { formatDate, formatDateTime, formatYuan } from '../../services/membership';
import { ErrorState, LoadingState } from '../../components/StateView';
import '../styles.css';

type Detail = ResponseOf<'guideCustomer'>;
type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; c: Detail };

export default function GuideCustomerPage() {
  const memberId = useRouter().params.memberId ?? '';
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setLoad({ status: 'ready', c: await fetchGuideCustomer(memberId) });
    } catch (err) {
      setLoad({ status: 'error', message: err instanceof Error ? err.message : '加载失败' });
    }
  }, [memberId]);
  useEffect(() => void refresh(), [refresh]);

  const save = async () => {
    if (busy || !note.trim()) return;
    setBusy(true);
    try {
      await addGuideNote(memberId, note.trim());
      setNote('');
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  if (load.status === 'loading')
    return (
      <View className="page">
        <LoadingState />
      </View>
    );
  if (load.status === 'error')
    return (
      <View className="page">
        <ErrorState message={load.message} onRetry={() => void refresh()} />
      </View>
    );
  const { c } = load;
  return (
    <View className="page page--staff">
      <View className="card" id="guide-customer-card">
        <Text className="staff-store__name">{c.nickname}</Text>
        <Text className="staff-store__line" id="guide-customer-phone">
          {c.phoneMasked ?? '未绑定手机'}
        </Text>
        <Text className="staff-store__line">
          {[c.stage, c.rfmGroup, c.birthdayThisMonth ? '本月生日' : null].filter(Boolean).join(' · ') || '暂无标签'}
        </Text>
        <Text className="staff-store__line">
          成为专属客户 {formatDate(c.boundAt)}（{SOURCE_LABELS[c.source]}）
        </Text>
        {c.lastVisitAt ? <Text className="staff-store__line">最近到店 {formatDate(c.lastVisitAt)}</Text> : null}
        {c.nextBookingAt ? <Text className="staff-store__line">下次预约 {formatDateTime(c.nextBookingAt)}</Text> : null}
      </View>
      <View className="card">
        <Text className="staff-store__label">跟进备注</Text>
        <Textarea
          id="guide-note-input"
          className="guide-note__input"
          value={note}
          maxlength={500}
          placeholder="记录顾客需求，例如：客厅 30 平，想看布艺沙发"
          onInput={(e) => setNote(e.detail.value)}
        />
        <Button id="guide-note-save" className="btn btn--primary btn--block" loading={busy} onClick={() => void save()}>
          添加备注
        </Button>
        {c.notes.map((n) => (
          <Text key={n.id} className="staff-member__line guide-note">
            {formatDateTime(n.at)} {n.byNickname}：{n.text}
          </Text>
        ))}
      </View>
      <View className="card">
        <Text className="staff-store__label">消费记录（计入导购业绩）</Text>
        {c.orders.length === 0 ? <Text className="staff-member__line">暂无</Text> : null}
        {c.orders.map((o) => (
          <Text key={o.orderId} className="staff-member__line">
            {formatDateTime(o.paidAt)} 实付 {formatYuan(o.cashFen)}
            {o.refundedFen ? `，已退 ${formatYuan(o.refundedFen)}` : ''}
          </Text>
        ))}
      </View>
      <View className="card">
        <Text className="staff-store__label">导购变更记录</Text>
        {c.history.map((h) => (
          <Text key={h.seq} className="staff-member__line">
            {formatDateTime(h.at)} {h.fromGuideNickname ? `${h.fromGuideNickname} → ` : ''}
            {h.guideNickname}（{SOURCE_LABELS[h.source]}）
          </Text>
        ))}
      </View>
    </View>
  );
}

/**
 * 预约服务 (?serviceId=&storeId=): GET /api/stores/:storeId gives the service
 * (name, duration, deposit) and the store (city, 上门 area); the date strip and
 * slot grid (SlotPicker) show the places left, 约满 cannot be chosen. The form:
 * store photos, 姓名, 手机号 (the bound phone, else the latest booking's —
 * useBookingPrefill; 绑定手机号 when none is bound, ContactFields), for 上门量尺 the
 * address (AddressFields: 城市 defaulting to the store's, 区 from the store's
 * districts when it lists them, else typed, 详细地址; 从微信地址簿选择 on weapp),
 * 备注 and the reminder consent. Attendance points are said by service kind.
 *
 * 「提交预约」 checks the form first (errors under each field, nothing sent),
 * then asks the reminder consent synchronously in the tap (WeChat's sheet; the
 * H5 checkbox) and POSTs /api/bookings with a clientKey made once per attempt:
 * the same form sent again after an unanswered try (network error, 5xx) carries
 * the same key, so the server answers the booking it may already have made;
 * any change to the form, or an answer, starts a new attempt. Server refusals
 * show their Chinese message (约满 / 不可预约 also re-read the slots).
 * With a deposit the answer carries wx.requestPayment parameters: paid → the
 * detail page confirms the payment with the server (`&paying=1`); cancelled or
 * failed → the detail page, where 「支付定金」 stays open for 15 minutes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { MemberView, ResponseOf, ServiceView, StoreDetail } from '@homeclub/shared';
import { call, showErrorToast } from '../../services/api';
import { useSession } from '../../services/session';
import { AttemptKeys } from '../../services/coupons';
import { formatYuan } from '../../services/membership';
import {
  DEPOSIT_PAY_MINUTES,
  formScope,
  timeRangeText,
  validateBookingForm,
  type BookingForm,
  type FormErrors,
} from '../../services/booking';
import { useBookingPrefill, type BookingFields } from '../../hooks/useBookingPrefill';
import { PageGate } from '../../components/PageGate';
import { SlotPicker, type SlotView } from '../../components/SlotPicker';
import { requestPayment } from '../../platform/request-payment';
import { askBookingReminder, ReminderConsentField } from '../../platform/booking-reminder';
import { FieldError } from './FieldError';
import { DepositNotice, Summary } from './Summary';
import { refusalOf } from './refusal';
import { ContactFields } from './ContactFields';
import { AddressFields, applyChosenAddress } from './AddressFields';
import '../styles.css';

type Load =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; detail: StoreDetail; service: ServiceView };

type Fields = BookingFields;
const EMPTY: Fields = { name: '', phone: '', city: '', district: '', detail: '', note: '' };

/** The city a 上门 address starts with: the store's, when the store serves it. */
function defaultCity(detail: StoreDetail): string {
  const { cities } = detail.serviceArea;
  if (cities.length === 0 || cities.includes(detail.store.city)) return detail.store.city;
  return cities[0];
}

export default function BookingNewPage() {
  const { params } = useRouter();
  const serviceId = params.serviceId ?? '';
  const storeId = params.storeId ?? '';
  const { member } = useSession();
  const memberId = member?.id;

  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [slot, setSlot] = useState<SlotView | null>(null);
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [reminder, setReminder] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const busy = useRef(false);
  const keys = useRef(new AttemptKeys());
  /** fields the shopper typed in: a late prefill never overwrites them */
  const touched = useRef(new Set<keyof Fields>());

  const fetchDetail = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      const detail = await call('storeDetail', { params: { storeId }, toast: false });
      const service = detail.services.find((s) => s.id === serviceId);
      if (!service) {
        setLoad({ status: 'error', message: '该预约服务不存在或已停用' });
        return;
      }
      setLoad({ status: 'ready', detail, service });
      if (service.kind === 'measure') {
        setFields((prev) => (prev.city ? prev : { ...prev, city: defaultCity(detail) }));
      }
    } catch (err) {
      setLoad({ status: 'error', message: err instanceof Error ? err.message : '加载失败' });
    }
  }, [storeId, serviceId]);

  useEffect(() => {
    if (storeId && serviceId) void fetchDetail();
  }, [storeId, serviceId, fetchDetail]);

  useBookingPrefill(memberId, member?.phoneMasked, touched, setFields);

  const setField = (key: keyof Fields, value: string) => {
    touched.current.add(key);
    setFields((prev) => (prev[key] === value ? prev : { ...prev, [key]: value }));
    setErrors((prev) => (prev[key] ? { ...prev, [key]: undefined } : prev));
    setFormError(null);
  };

  const chooseAddress = (address: Parameters<typeof applyChosenAddress>[1]) => {
    for (const key of ['city', 'district', 'detail'] as const) touched.current.add(key);
    setFields((prev) => applyChosenAddress(prev, address));
    setErrors((prev) => ({ ...prev, city: undefined, district: undefined, detail: undefined }));
    setFormError(null);
  };

  const chooseSlot = (s: SlotView | null) => {
    setSlot(s);
    if (s) {
      setErrors((prev) => (prev.slot ? { ...prev, slot: undefined } : prev));
      setFormError(null);
    }
  };

  const showRefusal = (err: unknown) => {
    const r = refusalOf(err);
    if (r.slotGone) {
      setSlot(null);
      setReloadKey((k) => k + 1);
    }
    setErrors((prev) => ({ ...prev, ...r.errors }));
    setFormError(r.message);
  };

  const send = async (service: ServiceView, form: BookingForm, consent: Promise<boolean>) => {
    const scope = formScope(serviceId, form, service.kind);
    const clientKey = keys.current.keyFor(scope);
    try {
      const reminderConsent = await consent;
      const body = {
        serviceId,
        start: form.slotStart!,
        name: form.name.trim(),
        phone: form.phone.trim(),
        address:
          service.kind === 'measure'
            ? { city: form.city.trim(), district: form.district.trim(), detail: form.detail.trim() }
            : null,
        note: form.note.trim(),
        reminderConsent,
        clientKey,
      };
      let res: ResponseOf<'createBooking'>;
      try {
        res = await call('createBooking', { body, toast: false });
      } catch (err) {
        keys.current.settle(scope, err);
        showRefusal(err);
        return;
      }
      keys.current.settle(scope);
      const detailUrl = (extra: string) => `/pages-booking/booking-detail/index?id=${encodeURIComponent(res.booking.id)}${extra}`;
      if (!res.requestPayment) {
        void Taro.redirectTo({ url: detailUrl('&created=1') });
        return;
      }
      let result;
      try {
        result = await requestPayment(res.requestPayment);
      } catch {
        void Taro.showToast({ title: '支付失败，请在预约详情中重新支付', icon: 'none' });
        void Taro.redirectTo({ url: detailUrl('') });
        return;
      }
      if (result === 'cancel') {
        void Taro.showToast({ title: `已取消支付，请在 ${DEPOSIT_PAY_MINUTES} 分钟内支付定金`, icon: 'none' });
        void Taro.redirectTo({ url: detailUrl('') });
        return;
      }
      void Taro.redirectTo({ url: detailUrl('&paying=1') });
    } catch (err) {
      showErrorToast(err);
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  };

  /** The tap: checks, then the consent question (synchronously, WeChat needs the tap), then the request. */
  const submit = () => {
    if (busy.current || load.status !== 'ready') return;
    const { service } = load;
    const form: BookingForm = { ...fields, slotStart: slot?.start ?? null };
    const found = validateBookingForm(form, service.kind);
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      setFormError('请检查标红的内容');
      return;
    }
    setFormError(null);
    busy.current = true;
    setSubmitting(true);
    const consent = askBookingReminder(reminder);
    void send(service, form, consent);
  };

  return (
    <PageGate
      missing={!serviceId || !storeId ? '缺少预约信息，请从门店页选择服务' : null}
      load={load}
      onRetry={() => void fetchDetail()}
      errorId="booking-new-error"
    >
      {() => (load.status === 'ready' && member ? renderForm(load.detail, load.service, member) : null)}
    </PageGate>
  );

  function renderForm(detail: StoreDetail, service: ServiceView, member: MemberView) {
    const measure = service.kind === 'measure';
    const deposit = service.depositFen > 0;

    return (
      <View className="page page--booking-new" id="booking-new-page">
        <Summary detail={detail} service={service} />

        <View className="card booking-time">
          <Text className="pay-section__title">选择时间</Text>
          <SlotPicker
            serviceId={serviceId}
            idPrefix="booking"
            selected={slot?.start ?? null}
            onSelect={chooseSlot}
            reloadKey={reloadKey}
          />
          {slot ? (
            <Text className="booking-time__chosen" id="booking-chosen">
              已选 {timeRangeText(slot.start, slot.end)}
            </Text>
          ) : null}
          <FieldError field="slot" errors={errors} />
        </View>

        <View className="card booking-form">
          <ContactFields member={member} fields={fields} errors={errors} setField={setField} />

          {measure ? (
            <AddressFields
              area={detail.serviceArea}
              fields={fields}
              errors={errors}
              setField={setField}
              onChosen={chooseAddress}
            />
          ) : null}

          <View className="form-row">
            <Text className="form-row__label">备注</Text>
            <Input
              id="booking-note"
              className="input form-row__input"
              type="text"
              maxlength={200}
              placeholder="选填，如户型、想看的产品"
              value={fields.note}
              onInput={(e) => setField('note', e.detail.value)}
            />
          </View>
          <FieldError field="note" errors={errors} />
          <ReminderConsentField checked={reminder} onChange={setReminder} />
        </View>

        {deposit ? <DepositNotice service={service} /> : null}

        {formError ? (
          <View className="form-alert" id="booking-error">
            <Text>{formError}</Text>
          </View>
        ) : null}

        <View className="pay-submit-bar">
          <Button
            id="booking-submit"
            className="btn btn--primary btn--block"
            disabled={submitting}
            loading={submitting}
            onClick={submit}
          >
            {deposit ? `提交并支付定金 ${formatYuan(service.depositFen)}` : '提交预约'}
          </Button>
        </View>
      </View>
    );
  }
}

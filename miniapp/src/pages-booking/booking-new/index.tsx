/**
 * 预约服务 (?serviceId=&storeId=): GET /api/stores/:storeId gives the service
 * (name, duration, deposit) and the store (city, 上门 area); the date strip and
 * slot grid (SlotPicker) show the places left, 约满 cannot be chosen. The form:
 * 姓名, 手机号 (prefilled from the shopper's latest booking — the API gives the
 * member's own phone only masked, shown as a hint), for 上门量尺 the address
 * (城市 defaulting to the store's, 区 from the store's districts when it lists
 * them, else typed, 详细地址), 备注 and the reminder consent.
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
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { BookingView, ResponseOf, ServiceView, StoreDetail } from '@homeclub/shared';
import { call, isApiError, showErrorToast } from '../../services/api';
import { login, useSession } from '../../services/session';
import { AttemptKeys } from '../../services/coupons';
import { formatYuan } from '../../services/membership';
import {
  DEPOSIT_PAY_MINUTES,
  depositRuleText,
  durationText,
  fieldOfPath,
  formScope,
  timeRangeText,
  validateBookingForm,
  type BookingForm,
  type FormErrors,
  type FormField,
} from '../../services/booking';
import { ErrorState, LoadingState } from '../../components/StateView';
import { SlotPicker, type SlotView } from '../../components/SlotPicker';
import { requestPayment } from '../../platform/request-payment';
import { askBookingReminder, ReminderConsentField } from '../../platform/booking-reminder';
import '../styles.css';

type Load =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; detail: StoreDetail; service: ServiceView };

type Fields = Omit<BookingForm, 'slotStart'>;
const EMPTY: Fields = { name: '', phone: '', city: '', district: '', detail: '', note: '' };

/** The city a 上门 address starts with: the store's, when the store serves it. */
function defaultCity(detail: StoreDetail): string {
  const { cities } = detail.serviceArea;
  if (cities.length === 0 || cities.includes(detail.store.city)) return detail.store.city;
  return cities[0];
}

function latestBooking(items: BookingView[]): BookingView | null {
  return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

function FieldError({ field, errors }: { field: FormField; errors: FormErrors }) {
  const message = errors[field];
  return message ? (
    <Text className='form-error' id={`booking-${field === 'detail' ? 'address-detail' : field}-error`}>
      {message}
    </Text>
  ) : null;
}

export default function BookingNewPage() {
  const { params } = useRouter();
  const serviceId = params.serviceId ?? '';
  const storeId = params.storeId ?? '';
  const { member, status, error } = useSession();
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

  // contact (and 上门 address) of the latest booking, for fields still untouched and empty
  useEffect(() => {
    if (!memberId) return undefined;
    let current = true;
    call('myBookings', { toast: false })
      .then((res) => {
        if (!current) return;
        const last = latestBooking(res.items);
        const withAddress = latestBooking(res.items.filter((b) => b.address));
        if (!last) return;
        setFields((prev) => {
          const next = { ...prev };
          const fill = (key: keyof Fields, value: string | undefined) => {
            if (value && !touched.current.has(key) && !prev[key]) next[key] = value;
          };
          fill('name', last.name);
          fill('phone', last.phone);
          if (withAddress?.address) {
            fill('district', withAddress.address.district);
            fill('detail', withAddress.address.detail);
          }
          return next;
        });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [memberId]);

  const setField = (key: keyof Fields, value: string) => {
    touched.current.add(key);
    setFields((prev) => (prev[key] === value ? prev : { ...prev, [key]: value }));
    setErrors((prev) => (prev[key] ? { ...prev, [key]: undefined } : prev));
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
    const message = err instanceof Error && err.message ? err.message : '预约失败，请重试';
    if (!isApiError(err)) {
      setFormError(message);
      return;
    }
    const next: FormErrors = {};
    for (const f of err.fields ?? []) {
      const field = fieldOfPath(f.path);
      if (field) next[field] = f.message;
    }
    if (err.code === 'BOOKING_SLOT_FULL' || err.code === 'BOOKING_SLOT_NOT_AVAILABLE') {
      next.slot = message;
      setSlot(null);
      setReloadKey((k) => k + 1);
    } else if (err.code === 'BOOKING_DUPLICATE') {
      next.slot = message;
    } else if (err.code === 'BOOKING_OUTSIDE_AREA') {
      next.district = message;
    } else if (err.code === 'BOOKING_ADDRESS_REQUIRED') {
      next.detail = message;
    }
    setErrors((prev) => ({ ...prev, ...next }));
    setFormError(message);
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

  if (!serviceId || !storeId) {
    return (
      <View className='page'>
        <View className='card'>
          <ErrorState id='booking-new-error' message='缺少预约信息，请从门店页选择服务' />
        </View>
      </View>
    );
  }

  if (!member) {
    return (
      <View className='page'>
        {status === 'error' ? (
          <View className='card'>
            <ErrorState message={error ?? '登录失败，请稍后重试'} onRetry={() => void login().catch(showErrorToast)} />
          </View>
        ) : (
          <LoadingState text='正在登录…' />
        )}
      </View>
    );
  }

  if (load.status === 'loading') {
    return (
      <View className='page'>
        <LoadingState text='加载中…' />
      </View>
    );
  }
  if (load.status === 'error') {
    return (
      <View className='page'>
        <View className='card'>
          <ErrorState id='booking-new-error' message={load.message} onRetry={() => void fetchDetail()} />
        </View>
      </View>
    );
  }

  const { detail, service } = load;
  const measure = service.kind === 'measure';
  const { cities, districts } = detail.serviceArea;
  const cityChoices = cities.length > 1 ? cities : null;
  const districtChoices = districts.length > 0 ? districts : null;
  const deposit = service.depositFen > 0;

  return (
    <View className='page page--booking-new' id='booking-new-page'>
      <View className='card booking-summary'>
        <Text className='booking-summary__name' id='booking-service-name'>
          {service.name}
        </Text>
        <Text className='booking-summary__line'>{detail.store.name}</Text>
        <Text className='booking-summary__line'>
          约 {durationText(service.durationMin)}
          {deposit ? ` · 定金 ${formatYuan(service.depositFen)}` : ' · 免费预约'}
        </Text>
      </View>

      <View className='card booking-time'>
        <Text className='pay-section__title'>选择时间</Text>
        <SlotPicker serviceId={serviceId} idPrefix='booking' selected={slot?.start ?? null} onSelect={chooseSlot} reloadKey={reloadKey} />
        {slot ? (
          <Text className='booking-time__chosen' id='booking-chosen'>
            已选 {timeRangeText(slot.start, slot.end)}
          </Text>
        ) : null}
        <FieldError field='slot' errors={errors} />
      </View>

      <View className='card booking-form'>
        <Text className='pay-section__title'>联系人</Text>
        <View className='form-row'>
          <Text className='form-row__label'>姓名</Text>
          <Input
            id='booking-name'
            className='input form-row__input'
            type='text'
            maxlength={20}
            placeholder='到店联系人姓名'
            value={fields.name}
            onInput={(e) => setField('name', e.detail.value)}
          />
        </View>
        <FieldError field='name' errors={errors} />
        <View className='form-row'>
          <Text className='form-row__label'>手机号</Text>
          <Input
            id='booking-phone'
            className='input form-row__input'
            type='number'
            maxlength={11}
            placeholder={member.phoneMasked ? `已绑定 ${member.phoneMasked}，请填写完整号码` : '11 位手机号'}
            value={fields.phone}
            onInput={(e) => setField('phone', e.detail.value.replace(/\D/g, ''))}
          />
        </View>
        <FieldError field='phone' errors={errors} />

        {measure ? (
          <>
            <Text className='pay-section__title booking-form__section'>上门地址</Text>
            <View className='form-row'>
              <Text className='form-row__label'>城市</Text>
              {cityChoices ? (
                <Picker
                  id='booking-city-picker'
                  className='form-row__input'
                  mode='selector'
                  range={cityChoices}
                  value={Math.max(0, cityChoices.indexOf(fields.city))}
                  onChange={(e) => setField('city', cityChoices[Number(e.detail.value)] ?? '')}
                >
                  <View className='input form-picker' id='booking-city'>
                    <Text>{fields.city || '请选择城市'}</Text>
                  </View>
                </Picker>
              ) : (
                <Input
                  id='booking-city'
                  className='input form-row__input'
                  type='text'
                  maxlength={20}
                  placeholder='城市'
                  value={fields.city}
                  onInput={(e) => setField('city', e.detail.value)}
                />
              )}
            </View>
            <FieldError field='city' errors={errors} />
            <View className='form-row'>
              <Text className='form-row__label'>区</Text>
              {districtChoices ? (
                <Picker
                  id='booking-district-picker'
                  className='form-row__input'
                  mode='selector'
                  range={districtChoices}
                  value={Math.max(0, districtChoices.indexOf(fields.district))}
                  onChange={(e) => setField('district', districtChoices[Number(e.detail.value)] ?? '')}
                >
                  <View className={`input form-picker${fields.district ? '' : ' form-picker--placeholder'}`} id='booking-district'>
                    <Text>{fields.district || '请选择区'}</Text>
                  </View>
                </Picker>
              ) : (
                <Input
                  id='booking-district'
                  className='input form-row__input'
                  type='text'
                  maxlength={20}
                  placeholder='如 西湖区'
                  value={fields.district}
                  onInput={(e) => setField('district', e.detail.value)}
                />
              )}
            </View>
            <FieldError field='district' errors={errors} />
            <View className='form-row'>
              <Text className='form-row__label'>详细地址</Text>
              <Input
                id='booking-address-detail'
                className='input form-row__input'
                type='text'
                maxlength={100}
                placeholder='街道、小区、楼栋门牌'
                value={fields.detail}
                onInput={(e) => setField('detail', e.detail.value)}
              />
            </View>
            <FieldError field='detail' errors={errors} />
            {districtChoices || cities.length > 0 ? (
              <Text className='booking-form__hint'>
                上门范围：{cities.join('、')} {districtChoices ? districtChoices.join('、') : '全市'}
              </Text>
            ) : null}
          </>
        ) : null}

        <View className='form-row'>
          <Text className='form-row__label'>备注</Text>
          <Input
            id='booking-note'
            className='input form-row__input'
            type='text'
            maxlength={200}
            placeholder='选填，如户型、想看的产品'
            value={fields.note}
            onInput={(e) => setField('note', e.detail.value)}
          />
        </View>
        <FieldError field='note' errors={errors} />
        <ReminderConsentField checked={reminder} onChange={setReminder} />
      </View>

      {deposit ? (
        <View className='notice' id='booking-deposit-note'>
          <Text>
            需支付定金 {formatYuan(service.depositFen)}，提交后 {DEPOSIT_PAY_MINUTES} 分钟内完成支付；{depositRuleText(service)}。
          </Text>
        </View>
      ) : null}

      {formError ? (
        <View className='form-alert' id='booking-error'>
          <Text>{formError}</Text>
        </View>
      ) : null}

      <View className='pay-submit-bar'>
        <Button id='booking-submit' className='btn btn--primary btn--block' disabled={submitting} loading={submitting} onClick={submit}>
          {deposit ? `提交并支付定金 ${formatYuan(service.depositFen)}` : '提交预约'}
        </Button>
      </View>
    </View>
  );
}

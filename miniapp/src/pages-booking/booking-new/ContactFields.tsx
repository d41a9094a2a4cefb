/**
 * 预约服务's 联系人: 姓名 and 手机号 (prefilled with the bound phone, useBookingPrefill). Without a bound phone the
 * shopper may bind one here (weapp: the getPhoneNumber button; H5: the demo form), which then fills the field.
 */
import { Input, Text, View } from '@tarojs/components';
import type { MemberView } from '@homeclub/shared';
import type { FormErrors } from '../../services/booking';
import type { BookingFields } from '../../hooks/useBookingPrefill';
import { PhoneBindButton } from '../../platform/phone-bind';
import { FieldError } from './FieldError';

export function ContactFields(props: {
  member: MemberView;
  fields: BookingFields;
  errors: FormErrors;
  setField: (key: keyof BookingFields, value: string) => void;
}) {
  const { member, fields, errors, setField } = props;
  return (
    <>
      <Text className="pay-section__title">联系人</Text>
      <View className="form-row">
        <Text className="form-row__label">姓名</Text>
        <Input
          id="booking-name"
          className="input form-row__input"
          type="text"
          maxlength={20}
          placeholder="到店联系人姓名"
          value={fields.name}
          onInput={(e) => setField('name', e.detail.value)}
        />
      </View>
      <FieldError field="name" errors={errors} />
      <View className="form-row">
        <Text className="form-row__label">手机号</Text>
        <Input
          id="booking-phone"
          className="input form-row__input"
          type="number"
          maxlength={11}
          placeholder="11 位手机号"
          value={fields.phone}
          onInput={(e) => setField('phone', e.detail.value.replace(/\D/g, ''))}
        />
      </View>
      {member.phoneMasked ? null : (
        <View className="booking-form__bind" id="booking-phone-bind">
          <Text className="booking-form__hint">绑定微信手机号，以后预约自动填写</Text>
          <PhoneBindButton />
        </View>
      )}
      <FieldError field="phone" errors={errors} />
    </>
  );
}

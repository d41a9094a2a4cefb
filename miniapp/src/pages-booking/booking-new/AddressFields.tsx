/**
 * 预约服务's 上门地址 (上门量尺 only): 城市 (a picker when the store serves several), 区 (the store's districts when it
 * lists them, else typed), 详细地址, and on weapp 「从微信地址簿选择」 (wx.chooseAddress) which fills them (and the
 * contact when still empty). On H5 there is no address book: the fields are the form.
 */
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { StoreDetail } from '@homeclub/shared';
import type { FormErrors } from '../../services/booking';
import type { BookingFields } from '../../hooks/useBookingPrefill';
import { CAN_CHOOSE_ADDRESS, chooseAddress, type ChosenAddress } from '../../platform/choose-address';
import { FieldError } from './FieldError';

/** Chosen from the address book: the address always, the contact only where the form is still empty. */
export function applyChosenAddress(prev: BookingFields, a: ChosenAddress): BookingFields {
  return {
    ...prev,
    city: a.city || prev.city,
    district: a.district || prev.district,
    detail: a.detail || prev.detail,
    name: prev.name || a.name,
    phone: prev.phone || a.phone,
  };
}

export function AddressFields(props: {
  area: StoreDetail['serviceArea'];
  fields: BookingFields;
  errors: FormErrors;
  setField: (key: keyof BookingFields, value: string) => void;
  onChosen: (address: ChosenAddress) => void;
}) {
  const { area, fields, errors, setField, onChosen } = props;
  const { cities, districts } = area;
  const cityChoices = cities.length > 1 ? cities : null;
  const districtChoices = districts.length > 0 ? districts : null;
  const pick = async () => {
    const chosen = await chooseAddress();
    if (chosen) onChosen(chosen);
  };
  return (
    <>
      <View className="booking-form__section-head">
        <Text className="pay-section__title booking-form__section">上门地址</Text>
        {CAN_CHOOSE_ADDRESS ? (
          <Button id="booking-choose-address" className="btn btn--small" onClick={() => void pick()}>
            从微信地址簿选择
          </Button>
        ) : null}
      </View>
      <View className="form-row">
        <Text className="form-row__label">城市</Text>
        {cityChoices ? (
          <Picker
            id="booking-city-picker"
            className="form-row__input"
            mode="selector"
            range={cityChoices}
            value={Math.max(0, cityChoices.indexOf(fields.city))}
            onChange={(e) => setField('city', cityChoices[Number(e.detail.value)] ?? '')}
          >
            <View className="input form-picker" id="booking-city">
              <Text>{fields.city || '请选择城市'}</Text>
            </View>
          </Picker>
        ) : (
          <Input
            id="booking-city"
            className="input form-row__input"
            type="text"
            maxlength={20}
            placeholder="城市"
            value={fields.city}
            onInput={(e) => setField('city', e.detail.value)}
          />
        )}
      </View>
      <FieldError field="city" errors={errors} />
      <View className="form-row">
        <Text className="form-row__label">区</Text>
        {districtChoices ? (
          <Picker
            id="booking-district-picker"
            className="form-row__input"
            mode="selector"
            range={districtChoices}
            value={Math.max(0, districtChoices.indexOf(fields.district))}
            onChange={(e) => setField('district', districtChoices[Number(e.detail.value)] ?? '')}
          >
            <View className={`input form-picker${fields.district ? '' : ' form-picker--placeholder'}`} id="booking-district">
              <Text>{fields.district || '请选择区'}</Text>
            </View>
          </Picker>
        ) : (
          <Input
            id="booking-district"
            className="input form-row__input"
            type="text"
            maxlength={20}
            placeholder="如 西湖区"
            value={fields.district}
            onInput={(e) => setField('district', e.detail.value)}
          />
        )}
      </View>
      <FieldError field="district" errors={errors} />
      <View className="form-row">
        <Text className="form-row__label">详细地址</Text>
        <Input
          id="booking-address-detail"
          className="input form-row__input"
          type="text"
          maxlength={100}
          placeholder="街道、小区、楼栋门牌"
          value={fields.detail}
          onInput={(e) => setField('detail', e.detail.value)}
        />
      </View>
      <FieldError field="detail" errors={errors} />
      {districtChoices || cities.length > 0 ? (
        <Text className="booking-form__hint">
          上门范围：{cities.join('、')} {districtChoices ? districtChoices.join('、') : '全市'}
        </Text>
      ) : null}
    </>
  );
}

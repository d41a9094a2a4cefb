/** 预约服务's head: the store's photos, the service, the store, duration and deposit, the points for attending (by kind). */
import { Image, ScrollView, Text, View } from '@tarojs/components';
import type { ServiceView, StoreDetail } from '@homeclub/shared';
import { formatYuan } from '../../services/membership';
import { attendPointsText, DEPOSIT_PAY_MINUTES, depositRuleText, durationText } from '../../services/booking';

export function Summary({ detail, service }: { detail: StoreDetail; service: ServiceView }) {
  const points = attendPointsText(service);
  const deposit = service.depositFen > 0;
  return (
    <>
      {detail.photos.length > 0 ? (
        <ScrollView className="store-photos" scrollX id="booking-photos">
          {detail.photos.map((src) => (
            <Image key={src} className="store-photos__item" src={src} mode="aspectFill" />
          ))}
        </ScrollView>
      ) : null}
      <View className="card booking-summary">
        <Text className="booking-summary__name" id="booking-service-name">
          {service.name}
        </Text>
        <Text className="booking-summary__line">{detail.store.name}</Text>
        <Text className="booking-summary__line">
          约 {durationText(service.durationMin)}
          {deposit ? ` · 定金 ${formatYuan(service.depositFen)}` : ' · 免费预约'}
        </Text>
        {points ? (
          <Text className="booking-summary__line" id="booking-points">
            {points}
          </Text>
        ) : null}
      </View>
    </>
  );
}

/** The deposit to pay within the payment window, and when it comes back. */
export function DepositNotice({ service }: { service: ServiceView }) {
  return (
    <View className="notice" id="booking-deposit-note">
      <Text>{`需支付定金 ${formatYuan(service.depositFen)}，提交后 ${DEPOSIT_PAY_MINUTES} 分钟内完成支付；${depositRuleText(service)}。`}</Text>
    </View>
  );
}

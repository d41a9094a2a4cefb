/**
 * 门店 (?id=<storeId>): GET /api/stores/:storeId (public) — name, address with
 * 「导航」 (wx.openLocation; a map link on H5), the phone (tap to call), today's
 * hours and the week's (Monday first, today marked; upcoming closed days),
 * photos when there are any, and the bookable services (name, description,
 * duration, deposit, points for coming) → 预约 (booking-new). 上门量尺 also
 * shows the area the store serves.
 */
import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, ScrollView, Text, View } from '@tarojs/components';
import { shanghaiDay, weekdayOf, type ServiceView, type StoreDetail } from '@homeclub/shared';
import { call } from '../../services/api';
import { formatYuan } from '../../services/membership';
import { attendPointsText, depositRuleText, durationText, hoursText, KIND_ICON, shortDate, todayHoursText, WEEKDAY_NAMES } from '../../services/booking';
import { EmptyState } from '../../components/StateView';
import { PageGate } from '../../components/PageGate';
import { StoreMapButton } from '../../platform/store-map';
import '../styles.css';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; detail: StoreDetail };

/** Monday first, as people read a week. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

function depositText(s: ServiceView): string {
  if (s.depositFen <= 0) return '免费预约';
  return `定金 ${formatYuan(s.depositFen)}，${depositRuleText(s)}`;
}

function areaText(area: StoreDetail['serviceArea']): string | null {
  if (area.cities.length === 0) return null;
  return `${area.cities.join('、')}${area.districts.length ? ` ${area.districts.join('、')}` : ' 全市'}`;
}

function ServiceCard({ service, detail }: { service: ServiceView; detail: StoreDetail }) {
  const book = () =>
    void Taro.navigateTo({
      url: `/pages-booking/booking-new/index?serviceId=${encodeURIComponent(service.id)}&storeId=${encodeURIComponent(detail.store.id)}`,
    });
  const area = service.kind === 'measure' ? areaText(detail.serviceArea) : null;
  return (
    <View className='card store-service' id={`store-service-${service.kind}`} onClick={book}>
      <View className='store-service__icon'>
        <Text>{KIND_ICON[service.kind]}</Text>
      </View>
      <View className='store-service__main'>
        <Text className='store-service__name'>{service.name}</Text>
        {service.description ? <Text className='store-service__desc'>{service.description}</Text> : null}
        <Text className='store-service__meta'>
          约 {durationText(service.durationMin)} · {depositText(service)}
        </Text>
        {attendPointsText(service) ? <Text className='store-service__meta'>{attendPointsText(service)}</Text> : null}
        {area ? <Text className='store-service__meta'>上门范围：{area}</Text> : null}
      </View>
      <Button
        id={`store-service-book-${service.kind}`}
        className='btn btn--primary btn--small'
        onClick={(e) => {
          e.stopPropagation();
          book();
        }}
      >
        预约
      </Button>
    </View>
  );
}

export default function StorePage() {
  const { params } = useRouter();
  const storeId = params.id ?? '';
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [weekOpen, setWeekOpen] = useState(false);

  const fetchDetail = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', detail: await call('storeDetail', { params: { storeId }, toast: false }) });
    } catch (err) {
      setLoad({ status: 'error', message: err instanceof Error ? err.message : '门店加载失败' });
    }
  }, [storeId]);

  useEffect(() => {
    if (storeId) void fetchDetail();
  }, [storeId, fetchDetail]);

  return (
    <PageGate
      anonymous
      missing={storeId ? null : '缺少门店信息，请从预约页选择门店'}
      load={load}
      loadingText='门店加载中…'
      errorId='store-error'
      onRetry={() => void fetchDetail()}
    >
      {() => (load.status === 'ready' ? renderStore(load.detail) : null)}
    </PageGate>
  );

  function renderStore(detail: StoreDetail) {
    const { store } = detail;
    const today = shanghaiDay(Date.now());
    const todayWeekday = weekdayOf(today);
    const closedSoon = detail.closedDates.filter((d) => d >= today).slice(0, 5);

    return (
      <View className='page page--store' id='store-page'>
        {detail.photos.length > 0 ? (
          <ScrollView className='store-photos' scrollX id='store-photos'>
            {detail.photos.map((src) => (
              <Image key={src} className='store-photos__item' src={src} mode='aspectFill' />
            ))}
          </ScrollView>
        ) : null}

        <View className='card store-info'>
          <Text className='store-info__name' id='store-name'>
            {store.name}
          </Text>
          <View className='store-info__row'>
            <View className='store-info__main'>
              <Text className='store-info__label'>地址</Text>
              <Text className='store-info__text' id='store-address'>
                {store.address}
              </Text>
            </View>
            <StoreMapButton store={store} />
          </View>
          <View className='store-info__row'>
            <View className='store-info__main'>
              <Text className='store-info__label'>电话</Text>
              <Text
                className='store-info__text store-info__link'
                id='store-phone'
                onClick={() => void Taro.makePhoneCall({ phoneNumber: store.phone }).catch(() => undefined)}
              >
                {store.phone}
              </Text>
            </View>
          </View>
          <View className='store-info__row' onClick={() => setWeekOpen((v) => !v)} id='store-hours-toggle'>
            <View className='store-info__main'>
              <Text className='store-info__label'>营业时间</Text>
              <Text className='store-info__text' id='store-hours-today'>
                今日 {todayHoursText(detail)}
              </Text>
            </View>
            <Text className='store-info__more'>{weekOpen ? '收起' : '每周营业时间'}</Text>
          </View>
          {weekOpen ? (
            <View className='store-hours' id='store-hours-week'>
              {WEEK_ORDER.map((wd) => (
                <View key={wd} className={`store-hours__row${wd === todayWeekday ? ' store-hours__row--today' : ''}`}>
                  <Text>{WEEKDAY_NAMES[wd]}</Text>
                  <Text>{hoursText(detail.hours[wd])}</Text>
                </View>
              ))}
              {closedSoon.length > 0 ? (
                <Text className='store-hours__closed'>休息日：{closedSoon.map(shortDate).join('、')}</Text>
              ) : null}
            </View>
          ) : null}
        </View>

        <Text className='section-title'>预约服务</Text>
        {detail.services.length === 0 ? (
          <View className='card'>
            <EmptyState id='store-services-empty' icon='约' title='本店暂未开放预约' description='如需咨询请致电门店。' />
          </View>
        ) : (
          detail.services.map((s) => <ServiceCard key={s.id} service={s} detail={detail} />)
        )}
      </View>
    );
  }
}

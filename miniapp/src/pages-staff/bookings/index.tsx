/**
 * Staff subpackage: 今日预约. The bookings of the clerk's store for a day
 * (GET /api/staff/bookings?date=, default today; ‹ › change the day), by time:
 * member nickname, the contact name and phone the shopper entered (tap to
 * call), service, 上门 address, note, state and a 爽约 N 次 badge for members
 * with earlier no-shows.
 *
 * Check-in: scan the shopper's booking code (weapp camera; on H5 the 10 digits
 * are typed) → POST /api/staff/bookings/check-in {code}, or 「签到」 on a row
 * (POST /api/staff/bookings/:id/check-in), offered for booked bookings of today
 * (the server refuses other days). 「标记爽约」 (POST …/:id/no-show, asks first)
 * only once the start time has come. A search by the shopper's phone lists their
 * bookings from today on. Answers replace the row; server refusals are shown in
 * Chinese. An admin who is not staff of a store gets an explanation instead.
 */
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { addDays, shanghaiDay, weekdayOf } from '@homeclub/shared';
import { hasRole, useSession } from '../../services/session';
import { shortDate, WEEKDAY_NAMES } from '../../services/booking';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { PageGate } from '../../components/PageGate';
import { useSecondClock } from '../../hooks/useSecondClock';
import { useStaffBookings } from '../../hooks/useStaffBookings';
import { BookingRow } from './BookingRow';
import { CodeCheckIn } from './CodeCheckIn';
import '../styles.css';

function dateTitle(date: string, today: string): string {
  const rel = date === today ? ' · 今天' : date === addDays(today, 1) ? ' · 明天' : date === addDays(today, -1) ? ' · 昨天' : '';
  return `${shortDate(date)} ${WEEKDAY_NAMES[weekdayOf(date)]}${rel}`;
}

export default function StaffBookingsPage() {
  const { member } = useSession();
  const adminWithoutStore = !!member && hasRole(member, 'admin') && !member.staffStoreId;
  const now = useSecondClock();
  const today = shanghaiDay(now);
  const v = useStaffBookings(member && !adminWithoutStore ? member.id : null);

  return (
    <PageGate
      needsStore={{
        id: 'staff-no-store',
        description: '今日预约展示您任职门店的预约。管理员可以在后台把自己设为某家门店的员工后再使用。',
      }}
    >
      {renderBookings}
    </PageGate>
  );

  function renderBookings() {
    const items = v.list.status === 'ready' ? v.list.items : [];
    const attended = items.filter((b) => b.state === 'attended').length;
    return (
      <View className='page page--staff page--staff-bookings' id='staff-bookings'>
        <CodeCheckIn code={v.code} codeInput={v.codeInput} setCodeInput={v.setCodeInput} checkInByCode={v.checkInByCode} />

        <View className='card staff-booking-search'>
          <View className='staff-booking-search__row'>
            <Input
              id='staff-booking-phone-input'
              className='input staff-booking-search__input'
              type='number'
              maxlength={11}
              placeholder='按顾客手机号查找'
              value={v.phoneInput}
              onInput={(e) => v.setPhoneInput(e.detail.value)}
            />
            <Button id='staff-booking-phone-search' className='btn btn--primary btn--small' onClick={v.search}>
              查找
            </Button>
          </View>
          {v.phoneError ? (
            <Text className='form-error' id='staff-booking-phone-error'>
              {v.phoneError}
            </Text>
          ) : null}
        </View>

        {v.phone ? (
          <View className='staff-bookings-bar'>
            <Text className='staff-bookings-bar__title' id='staff-bookings-date'>
              手机号 {v.phone} 今天起的预约
            </Text>
            <Button id='staff-booking-phone-clear' className='btn btn--plain btn--small' onClick={v.clearSearch}>
              返回当日列表
            </Button>
          </View>
        ) : (
          <View className='staff-bookings-bar'>
            <Text id='staff-bookings-prev' className='staff-bookings-bar__nav' onClick={() => v.setDate((d) => addDays(d, -1))}>
              ‹ 前一天
            </Text>
            <Text className='staff-bookings-bar__title' id='staff-bookings-date' data-date={v.date}>
              {dateTitle(v.date, today)}
            </Text>
            <Text id='staff-bookings-next' className='staff-bookings-bar__nav' onClick={() => v.setDate((d) => addDays(d, 1))}>
              后一天 ›
            </Text>
          </View>
        )}
        {!v.phone && v.date !== today ? (
          <View className='state-action'>
            <Button id='staff-bookings-today' className='btn btn--plain btn--small' onClick={() => v.setDate(today)}>
              回到今天
            </Button>
          </View>
        ) : null}

        <View className='card staff-bookings-list'>
          {v.list.status === 'loading' ? <LoadingState text='预约加载中…' /> : null}
          {v.list.status === 'error' ? (
            <ErrorState id='staff-bookings-error' message={v.list.message} onRetry={v.reload} />
          ) : null}
          {v.list.status === 'ready' && items.length === 0 ? (
            <EmptyState
              id='staff-bookings-empty'
              icon='约'
              title={v.phone ? '没有找到该手机号的预约' : '当天暂无预约'}
              description={v.phone ? '只显示今天及以后的预约。' : '顾客在小程序预约本店服务后会出现在这里。'}
            />
          ) : null}
          {items.length > 0 ? (
            <Text className='staff-bookings-summary' id='staff-bookings-summary'>
              共 {items.length} 个预约，已到店 {attended} 个
            </Text>
          ) : null}
          {items.map((b) => (
            <BookingRow
              key={b.id}
              booking={b}
              now={now}
              withDate={!!v.phone}
              acting={v.acting === b.id}
              onCheckIn={(x) => void v.act(x, 'checkIn')}
              onNoShow={(x) => void v.act(x, 'noShow')}
            />
          ))}
        </View>
      </View>
    );
  }
}

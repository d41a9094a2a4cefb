/**
 * Date strip + slot grid of one service (预约服务 and 改期):
 * GET /api/booking/services/:serviceId/slots?date= answers the bookable dates
 * and the day's slots with the places left. The first day asked is `initialDate`
 * (default today); when that is not bookable the first bookable date is shown,
 * and when it has no free place left (today in the evening) the next day that has one;
 * when rescheduling, the booking's own slot does not count as a free place.
 * A full slot (约满) and the booking's own slot (当前, when rescheduling) cannot
 * be chosen. A reply for an older date is dropped; bumping `reloadKey` re-reads
 * the day (after a 约满 answer) and drops a choice that is no longer free.
 *
 * ids: `${idPrefix}-date-YYYY-MM-DD`, `${idPrefix}-slot-HH:MM`, `${idPrefix}-slots`,
 * `${idPrefix}-slots-empty`, `${idPrefix}-slots-error`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import { shanghaiDay, type SlotsResponse } from '@homeclub/shared';
import { call } from '../services/api';
import { dayLabel, shortDate } from '../services/booking';
import { ErrorState, LoadingState } from './StateView';

export type SlotView = SlotsResponse['slots'][number];

/** How many days without a free place the first view skips at most. */
const MAX_SKIPPED_DAYS = 7;

/** A slot the shopper can choose: places left, and not the booking's own slot (当前) when rescheduling. */
const choosable = (slot: SlotView, current: string | undefined) => slot.remaining > 0 && slot.start !== current;

type Load =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; date: string; slots: SlotView[] };

interface SlotPickerProps {
  serviceId: string;
  idPrefix: string;
  /** start (ISO) of the chosen slot */
  selected: string | null;
  onSelect: (slot: SlotView | null) => void;
  /** the booking's current start when rescheduling: marked 当前, not selectable */
  current?: string;
  initialDate?: string;
  /** change to re-read the shown day */
  reloadKey?: number;
}

export function SlotPicker({ serviceId, idPrefix, selected, onSelect, current, initialDate, reloadKey = 0 }: SlotPickerProps) {
  const [dates, setDates] = useState<string[]>([]);
  const [date, setDate] = useState<string>(() => initialDate ?? shanghaiDay(Date.now()));
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const latest = useRef(0);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const currentRef = useRef(current);
  currentRef.current = current;

  const fetchDay = useCallback(
    async (day: string, quiet: boolean, findOpenDay = false) => {
      const seq = ++latest.current;
      if (!quiet) setLoad({ status: 'loading' });
      try {
        let res = await call('serviceSlots', { params: { serviceId }, query: { date: day }, toast: false });
        if (seq !== latest.current) return;
        if (!res.dates.includes(day) && res.dates.length > 0) {
          // not bookable (closed, past the horizon): show the first day that is
          res = await call('serviceSlots', { params: { serviceId }, query: { date: res.dates[0] }, toast: false });
          if (seq !== latest.current) return;
        }
        // first view: a day without a free place left (e.g. today in the evening, or only the booking's own
        // slot when rescheduling) → the next day that has one
        for (let tries = 0; findOpenDay && tries < MAX_SKIPPED_DAYS && !res.slots.some((x) => choosable(x, currentRef.current)); tries++) {
          const next = res.dates.find((d) => d > res.date);
          if (!next) break;
          const later = await call('serviceSlots', { params: { serviceId }, query: { date: next }, toast: false });
          if (seq !== latest.current) return;
          res = later;
        }
        setDates(res.dates);
        setDate(res.date);
        setLoad({ status: 'ready', date: res.date, slots: res.slots });
        // a choice that is gone (full now, or another day) is dropped
        const chosen = selectedRef.current;
        if (chosen) {
          const still = res.slots.find((s) => s.start === chosen);
          if (still ? still.remaining <= 0 : shanghaiDay(Date.parse(chosen)) === res.date) onSelectRef.current(null);
        }
      } catch (err) {
        if (seq === latest.current) setLoad({ status: 'error', message: err instanceof Error ? err.message : '时段加载失败' });
      }
    },
    [serviceId],
  );

  useEffect(() => {
    void fetchDay(initialDate ?? shanghaiDay(Date.now()), false, true);
    // a new service starts over; initialDate only matters the first time
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchDay]);

  const firstReload = useRef(true);
  useEffect(() => {
    if (firstReload.current) {
      firstReload.current = false;
      return;
    }
    void fetchDay(date, true);
    // only a new reloadKey re-reads
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadKey]);

  const chooseDate = (day: string) => {
    if (day === date && load.status !== 'error') return;
    setDate(day);
    if (selectedRef.current && shanghaiDay(Date.parse(selectedRef.current)) !== day) onSelect(null);
    void fetchDay(day, false);
  };

  const today = shanghaiDay(Date.now());

  return (
    <View className='slot-picker'>
      {dates.length > 0 ? (
        <ScrollView className='date-strip' scrollX id={`${idPrefix}-dates`}>
          {dates.map((d) => (
            <View
              key={d}
              id={`${idPrefix}-date-${d}`}
              className={`date-strip__item${d === date ? ' date-strip__item--active' : ''}`}
              onClick={() => chooseDate(d)}
            >
              <Text className='date-strip__day'>{dayLabel(d, today)}</Text>
              <Text className='date-strip__date'>{shortDate(d)}</Text>
            </View>
          ))}
        </ScrollView>
      ) : null}

      {load.status === 'loading' ? <LoadingState text='可预约时段加载中…' /> : null}
      {load.status === 'error' ? (
        <ErrorState id={`${idPrefix}-slots-error`} message={load.message} onRetry={() => void fetchDay(date, false)} />
      ) : null}
      {load.status === 'ready' && dates.length === 0 ? (
        <Text className='slot-picker__empty' id={`${idPrefix}-slots-empty`}>
          近期暂无可预约日期，请致电门店咨询
        </Text>
      ) : null}
      {load.status === 'ready' && dates.length > 0 && load.slots.length === 0 ? (
        <Text className='slot-picker__empty' id={`${idPrefix}-slots-empty`}>
          当天已无可预约时段，请选择其他日期
        </Text>
      ) : null}
      {load.status === 'ready' && load.slots.length > 0 ? (
        <View className='slot-grid' id={`${idPrefix}-slots`}>
          {load.slots.map((slot) => {
            const isCurrent = slot.start === current;
            const full = slot.remaining <= 0;
            const chosen = slot.start === selected;
            const canChoose = choosable(slot, current);
            const cls = `slot${full ? ' slot--full' : ''}${isCurrent ? ' slot--current' : ''}${chosen ? ' slot--selected' : ''}`;
            return (
              <View
                key={slot.start}
                id={`${idPrefix}-slot-${slot.label}`}
                className={cls}
                data-remaining={slot.remaining}
                data-disabled={canChoose ? 'false' : 'true'}
                onClick={() => {
                  if (canChoose && !chosen) onSelect(slot);
                }}
              >
                <Text className='slot__time'>{slot.label}</Text>
                <Text className='slot__left'>{isCurrent ? '当前' : full ? '约满' : `余 ${slot.remaining}`}</Text>
              </View>
            );
          })}
        </View>
      ) : null}
    </View>
  );
}

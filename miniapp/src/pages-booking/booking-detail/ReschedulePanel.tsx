/**
 * 预约详情's 改期 panel: a date strip + slot grid of the same service (the current slot marked), 「确认改期」 →
 * POST /api/bookings/:id/reschedule {start}. A slot taken meanwhile clears the choice and reloads the grid; a booking
 * past its cut-off or no longer active makes the page re-read it.
 */
import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { shanghaiDay, type BookingView } from '@homeclub/shared';
import { Button } from '../../components/Button';
import { call, isApiError } from '../../services/api';
import { timeRangeText } from '../../services/booking';
import { SlotPicker, type SlotView } from '../../components/SlotPicker';

interface RescheduleProps {
  booking: BookingView;
  onDone: (b: BookingView) => void;
  onClose: () => void;
  onStale: () => void;
}

export function ReschedulePanel({ booking, onDone, onClose, onStale }: RescheduleProps) {
  const [slot, setSlot] = useState<SlotView | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const busy = useRef(false);

  const confirm = async () => {
    if (busy.current || !slot) return;
    busy.current = true;
    setSaving(true);
    setMessage(null);
    try {
      const moved = await call('rescheduleBooking', { params: { bookingId: booking.id }, body: { start: slot.start }, toast: false });
      onDone(moved);
    } catch (err) {
      setMessage(err instanceof Error && err.message ? err.message : '改期失败，请重试');
      if (isApiError(err) && (err.code === 'BOOKING_SLOT_FULL' || err.code === 'BOOKING_SLOT_NOT_AVAILABLE')) {
        setSlot(null);
        setReloadKey((k) => k + 1);
      }
      if (isApiError(err) && (err.code === 'BOOKING_CUTOFF' || err.code === 'BOOKING_NOT_ACTIVE')) onStale();
    } finally {
      busy.current = false;
      setSaving(false);
    }
  };

  return (
    <View className='card booking-reschedule' id='booking-reschedule-panel'>
      <Text className='pay-section__title'>改期：选择新的时间</Text>
      <Text className='pay-hint'>当前 {timeRangeText(booking.start, booking.end)}</Text>
      <SlotPicker
        serviceId={booking.serviceId}
        idPrefix='booking-reschedule'
        selected={slot?.start ?? null}
        onSelect={(s) => {
          setSlot(s);
          if (s) setMessage(null);
        }}
        current={booking.start}
        initialDate={shanghaiDay(Date.parse(booking.start))}
        reloadKey={reloadKey}
      />
      {slot ? (
        <Text className='booking-time__chosen' id='booking-reschedule-chosen'>
          改到 {timeRangeText(slot.start, slot.end)}
        </Text>
      ) : null}
      {message ? (
        <View className='form-alert' id='booking-reschedule-error'>
          <Text>{message}</Text>
        </View>
      ) : null}
      <View className='booking-actions'>
        <Button id='booking-reschedule-close' className='btn btn--plain booking-actions__btn' disabled={saving} onClick={onClose}>
          不改了
        </Button>
        <Button
          id='booking-reschedule-confirm'
          className='btn btn--primary booking-actions__btn'
          disabled={!slot || saving}
          loading={saving}
          onClick={() => void confirm()}
        >
          确认改期
        </Button>
      </View>
    </View>
  );
}

/**
 * Demo history, the days ahead: history members have booked the free services (到店设计咨询, 到店体验) for today
 * and the next two days at every store, through the booking service (seats taken, codes issued), so 预约日历 and
 * the clerks' 今日预约 are not empty in the demo. Idempotent: one client key per planned booking; a slot that is
 * gone or past is skipped.
 */
import { addDays } from '@homeclub/shared';
import type { Logger } from '../platform/logger';
import type { Services } from '../services';

export interface UpcomingBooker {
  id: string;
  nickname: string;
  phone: string;
}

const PER_SERVICE_DAY = 2;

export async function seedUpcomingBookings(services: Services, logger: Logger, today: string, storeIds: string[], bookers: UpcomingBooker[]): Promise<number> {
  if (!bookers.length) return 0;
  let k = 0;
  let made = 0;
  for (let d = 0; d < 3; d++) {
    const date = addDays(today, d);
    for (const storeId of storeIds) {
      const free = (await services.booking.catalog.services(storeId)).filter((s) => s.active && s.depositFen === 0);
      for (const svc of free) {
        const open = (await services.booking.slots(svc.id, date)).slots.filter((s) => s.remaining > 0);
        // spread over the day: the second hour, then past the middle
        const picks = [open[1], open[Math.floor(open.length * 0.6)]].filter((s, i, all) => s && all.indexOf(s) === i).slice(0, PER_SERVICE_DAY);
        for (const [j, slot] of picks.entries()) {
          const who = bookers[k++ % bookers.length];
          try {
            await services.booking.create(who.id, {
              serviceId: svc.id,
              start: slot.start,
              name: who.nickname,
              phone: who.phone,
              address: null,
              note: '',
              reminderConsent: false,
              clientKey: `demo-upcoming-${date}-${svc.id.slice(-8)}-${j}`,
            });
            made += 1;
          } catch (err) {
            logger.debug({ err, date, service: svc.id }, 'demo upcoming booking skipped');
          }
        }
      }
    }
  }
  return made;
}

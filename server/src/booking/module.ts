/** Booking: store services, seats, bookings with deposits, check-in, reminders and no-shows. */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import type { PointsService } from '../points/service';
import type { SettingsStore } from '../membership/settings';
import type { PaymentsService } from '../payments/service';
import type { MessagesService } from '../messages/service';
import { createBookingService } from './service';
import { bookingRoutes } from './routes';

interface Needs {
  audit: AuditService;
  members: MembersService;
  stores: StoresService;
  points: PointsService;
  membershipSettings: SettingsStore;
  payments: PaymentsService;
  messages: MessagesService;
}

export const bookingModule = defineModule({
  name: 'booking',
  create: ({ conn, clock, logger, wechat }, s: Needs) => ({
    booking: createBookingService({
      conn,
      clock,
      logger,
      stores: s.stores,
      points: s.points,
      payments: s.payments,
      settings: s.membershipSettings,
      wechat,
      messages: s.messages,
      audit: s.audit,
      memberSlice: s.members.slice('booking'),
      membersByPhone: (phone) => s.members.findByPhone(phone),
    }),
  }),
  routes: (api, s) => bookingRoutes(api, s.booking),
  jobs: [
    {
      name: 'booking.expire-unpaid',
      every: 60_000,
      run: async (s, { log }) => {
        const n = await s.booking.expireUnpaid();
        if (n) log.info({ bookings: n }, 'unpaid deposits expired');
      },
    },
    {
      name: 'booking.no-shows',
      every: 5 * 60_000,
      run: async (s, { log }) => {
        const n = await s.booking.markNoShows();
        if (n) log.info({ bookings: n }, 'no-shows recorded');
      },
    },
    { name: 'booking.finish-steps', every: 60_000, run: async (s) => void (await s.booking.finishSteps()) },
    {
      name: 'booking.reminders',
      every: 60_000,
      run: async (s, { log }) => {
        const r = await s.booking.sendReminders();
        if (r.sent || r.notSubscribed) log.info(r, 'booking reminders');
      },
    },
    {
      name: 'booking.repair-seats',
      every: 10 * 60_000,
      run: async (s, { log }) => {
        const n = await s.booking.repairSeats();
        if (n) log.warn({ seats: n }, 'orphan booking seats released');
      },
    },
  ],
});

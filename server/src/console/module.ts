/** Console: scan sign-in and sessions, the read views and CSV export, the settings screens' write routes. */
import { defineModule } from '../platform/modules';
import { publicUrlOf } from '../platform/config';
import type { PaymentsService } from '../payments/service';
import type { Reconciliation } from '../payments/reconcile';
import { createOrdersConsole } from '../orders/console';
import { createPointsConsole } from '../points/console';
import { createCouponsConsole } from '../coupons/console';
import { createBookingConsole } from '../booking/console';
import { createReferralsConsole } from '../referrals/console';
import { DEMO_ADMIN_OPENID } from '../seed/demo-data';
import { createConsoleAuthService } from './service';
import { createConsoleViews, type ConsoleViewDeps } from './views';
import { createConsoleExport } from './export';
import { consoleViewRoutes } from './view-routes';
import { consoleAuthRoutes } from './routes';
import { consoleAdminRoutes, type ConsoleAdminServices } from './admin-routes';

interface Needs extends ConsoleAdminServices {
  payments: PaymentsService;
  reconciliation: Reconciliation;
}

export const consoleModule = defineModule({
  name: 'console',
  create: ({ conn, clock, logger, config, wechat }, s: Needs) => {
    const consoleAuth = createConsoleAuthService({
      conn,
      clock,
      members: s.members,
      membersConsole: s.membersConsole,
      stores: s.stores,
      wechat,
      audit: s.audit,
      settings: { mode: config.WECHAT_MODE, publicUrl: publicUrlOf(config), demoAdminOpenid: DEMO_ADMIN_OPENID },
    });
    const viewDeps: ConsoleViewDeps = {
      clock,
      members: s.members,
      membersConsole: s.membersConsole,
      orders: createOrdersConsole({ conn, payments: s.payments }),
      points: createPointsConsole({ conn }),
      coupons: createCouponsConsole({ conn }),
      bookings: createBookingConsole({ conn }),
      referrals: createReferralsConsole({ conn }),
      audit: s.audit,
      stores: s.stores,
      membership: s.membership,
    };
    const consoleViews = createConsoleViews(viewDeps);
    return { consoleAuth, consoleViews, consoleExport: createConsoleExport({ ...viewDeps, views: consoleViews, logger }) };
  },
  routes: (api, s, app) => {
    consoleViewRoutes(api, { views: s.consoleViews, exporter: s.consoleExport, payments: s.payments, reconciliation: s.reconciliation });
    consoleAuthRoutes(api, s.consoleAuth, { secureCookies: (app.config.PUBLIC_URL ?? '').startsWith('https:') });
    // Console II: settings screens' routes under /api/console and the image upload.
    consoleAdminRoutes(api, { services: s, images: app.images });
  },
  jobs: [
    {
      name: 'console.purge-expired',
      every: 30 * 60_000,
      run: async (s, { log }) => {
        const n = await s.consoleAuth.purgeExpired();
        if (n) log.info({ deleted: n }, 'expired console tickets and sessions purged');
      },
    },
  ],
});

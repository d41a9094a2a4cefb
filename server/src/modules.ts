/**
 * THE list of modules, in dependency order: a module may read, while it is created, the services of the
 * modules above it (later ones only inside functions, see platform/modules.ts). Adding a domain: write its
 * `module.ts` and add one line here. services.ts, app.ts (routes, in this order) and jobs.ts walk this list.
 */
import { platformModule } from './platform/module';
import { systemModule } from './system/module';
import { membersModule } from './members/module';
import { authModule } from './auth/module';
import { storesModule } from './stores/module';
import { staffModule } from './staff/module';
import { messagesModule } from './messages/module';
import { pointsModule } from './points/module';
import { membershipModule } from './membership/module';
import { couponsModule } from './coupons/module';
import { checkoutModule } from './checkout/module';
import { paymentsModule } from './payments/module';
import { ordersModule } from './orders/module';
import { bookingModule } from './booking/module';
import { referralsModule } from './referrals/module';
import { posModule } from './pos/module';
import { insightModule } from './insight/module';
import { contentModule } from './content/module';
import { ledgerAuditModule } from './audit/module';
import { analyticsModule } from './analytics/module';
import { guidesModule } from './guides/module';
import { consoleModule } from './console/module';

export const modules = [
  platformModule,
  systemModule,
  membersModule,
  authModule,
  storesModule,
  staffModule,
  messagesModule,
  pointsModule,
  membershipModule,
  couponsModule,
  checkoutModule,
  paymentsModule,
  ordersModule,
  bookingModule,
  referralsModule,
  posModule,
  insightModule,
  contentModule,
  ledgerAuditModule,
  analyticsModule,
  guidesModule,
  consoleModule,
] as const;

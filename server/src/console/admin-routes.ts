/**
 * Console II: every setting as a screen. Binds the /api/console/ write routes of each area (thin handlers
 * over the owning modules' services) and the image upload; app.ts calls this once.
 */
import type Router from '@koa/router';
import type { AppState } from '../platform/http/context';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { MembersConsole } from '../members/console';
import type { StoresService } from '../stores/service';
import type { BookingService } from '../booking/service';
import type { PosService } from '../pos/service';
import type { CouponsService } from '../coupons/service';
import type { MembershipService } from '../membership/service';
import type { StaffService } from '../staff/service';
import type { LedgerAuditService } from '../audit/service';
import type { ImageStore } from '../platform/images/store';
import { imageUploadRoute } from '../platform/images/routes';
import { createObjectAudit } from './object-audit';
import { consoleStoreRoutes } from './store-routes';
import { consoleCouponRoutes } from './coupon-routes';
import { consoleSettingsRoutes } from './settings-routes';
import { consoleStaffRoutes } from './staff-routes';
import { consolePointsRoutes } from './points-routes';
import { consoleLedgerRoutes } from './ledger-routes';

/** The services the settings screens write through (the console module's needs). */
export interface ConsoleAdminServices {
  audit: AuditService;
  members: MembersService;
  membersConsole: MembersConsole;
  stores: StoresService;
  booking: BookingService;
  pos: PosService;
  coupons: CouponsService;
  membership: MembershipService;
  staff: StaffService;
  ledgerAudit: LedgerAuditService;
}

export function consoleAdminRoutes(router: Router<AppState>, deps: { services: ConsoleAdminServices; images: ImageStore }): void {
  const s = deps.services;
  const objectAudit = createObjectAudit({ audit: s.audit, members: s.members });
  consoleStoreRoutes(router, { stores: s.stores, booking: s.booking, pos: s.pos, objectAudit });
  consoleCouponRoutes(router, { coupons: s.coupons, stores: s.stores, membersConsole: s.membersConsole });
  consoleSettingsRoutes(router, { membership: s.membership, membersConsole: s.membersConsole });
  consoleStaffRoutes(router, { staff: s.staff });
  consolePointsRoutes(router, { membership: s.membership, members: s.members });
  consoleLedgerRoutes(router, { ledgerAudit: s.ledgerAudit });
  imageUploadRoute(router, { images: deps.images, audit: s.audit });
}

/**
 * Console II: every setting as a screen. Binds the /api/console/ write routes of each area (thin handlers
 * over the owning modules' services) and the image upload; app.ts calls this once.
 */
import type Router from '@koa/router';
import type { AppState } from '../platform/http/context';
import type { Services } from '../services';
import type { ImageStore } from '../platform/images/store';
import { imageUploadRoute } from '../platform/images/routes';
import { createObjectAudit } from './object-audit';
import { consoleStoreRoutes } from './store-routes';
import { consoleCouponRoutes } from './coupon-routes';
import { consoleSettingsRoutes } from './settings-routes';
import { consoleStaffRoutes } from './staff-routes';
import { consolePointsRoutes } from './points-routes';
import { consoleLedgerRoutes } from './ledger-routes';

export function consoleAdminRoutes(router: Router<AppState>, deps: { services: Services; images: ImageStore }): void {
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

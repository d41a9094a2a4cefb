/** Checkout: the quote (one pricing function shared with order creation). */
import { defineModule } from '../platform/modules';
import type { CouponsService } from '../coupons/service';
import type { MembershipService } from '../membership/service';
import type { StoresService } from '../stores/service';
import { createQuoter } from './quote';
import { checkoutRoutes } from './routes';

export const checkoutModule = defineModule({
  name: 'checkout',
  create: (_deps, s: { coupons: CouponsService; membership: MembershipService; stores: StoresService }) => ({
    quoter: createQuoter({ coupons: s.coupons, membership: s.membership, stores: s.stores }),
  }),
  routes: (api, s) => checkoutRoutes(api, s.quoter),
});

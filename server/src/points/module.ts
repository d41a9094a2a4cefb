/** Points: the ledger, the account's lots and their expiry, and points owed back after a refund. */
import { defineModule } from '../platform/modules';
import { nextShanghaiHour } from '../platform/jobs/shanghai-hour';
import type { MembersService } from '../members/service';
import type { SettingsStore } from '../membership/settings';
import type { GrowthLedger } from '../membership/growth';
import { createPointsService } from './service';
import { createOwedPoints } from './owed';
import { createLotFold } from './fold';

interface Needs {
  members: MembersService;
  // created later by membership: read only when points expire / in the repair job
  membershipSettings: SettingsStore;
  growth: GrowthLedger;
}

export const pointsModule = defineModule({
  name: 'points',
  create: ({ conn, clock, logger }, s: Needs) => {
    const memberSlice = s.members.slice('points');
    const points = createPointsService({
      conn,
      clock,
      logger,
      memberSlice,
      expiryYears: async () => (await s.membershipSettings.get()).pointsExpiryYears,
    });
    return { points, owedPoints: createOwedPoints({ conn, clock, points, memberSlice }), foldLegacyLots: createLotFold({ conn, memberSlice }) };
  },
  jobs: [
    {
      name: 'points.expire',
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, 0),
      lockMs: 10 * 60_000,
      run: async (s, { log }) => {
        const r = await s.points.expireDue();
        if (r.lots) log.info(r, 'points expired');
      },
    },
    {
      // legacy lot documents onto the points account (fold.ts); finds nothing once they are moved
      name: 'points.fold-lots',
      every: 10 * 60_000,
      run: async (s, { log }) => {
        const n = await s.foldLegacyLots();
        if (n) log.info({ lots: n }, 'legacy points lots folded onto the accounts');
      },
    },
    {
      name: 'points.repair',
      every: 60_000,
      run: async (s) => {
        await s.points.ledger.repairPending();
        await s.growth.repairPending();
      },
    },
  ],
});

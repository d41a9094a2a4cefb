/** Staff: clerks and managers of a store (roles on the member, written through the members service). */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import { createStaffService } from './service';
import { staffRoutes } from './routes';

export const staffModule = defineModule({
  name: 'staff',
  create: ({ conn, clock }, s: { members: MembersService; stores: StoresService; audit: AuditService }) => ({
    staff: createStaffService({ conn, clock, members: s.members, stores: s.stores, audit: s.audit }),
  }),
  routes: (api, s) => staffRoutes(api, s.staff),
});

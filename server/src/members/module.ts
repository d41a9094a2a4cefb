/** Members: the member document (through slices for its owner modules), profile routes, console reads. */
import { defineModule } from '../platform/modules';
import { createMembersService } from './service';
import { createMembersConsole } from './console';
import { memberRoutes } from './routes';

export const membersModule = defineModule({
  name: 'members',
  create: ({ conn, clock }) => ({ members: createMembersService({ conn, clock }), membersConsole: createMembersConsole({ conn }) }),
  routes: (api, s) => memberRoutes(api, s.members),
});

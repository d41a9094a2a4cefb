/** Members: the member document (through slices for its owner modules), profile routes, console reads. */
import { defineModule } from '../platform/modules';
import { createMembersService } from './service';
import { createMembersConsole } from './console';
import { memberRoutes } from './routes';

export const membersModule = defineModule({
  name: 'members',
  create: ({ conn, clock }) => {
    const members = createMembersService({ conn, clock });
    return { members, membersConsole: createMembersConsole({ conn, phones: members.phones, list: members.list }) };
  },
  routes: (api, s) => memberRoutes(api, s.members),
  jobs: [
    {
      // Phones bound before member_phones existed: one pass, then a read of one document per run.
      name: 'members.phone-index',
      every: 10 * 60_000,
      lockMs: 30 * 60_000,
      run: async (s, { log }) => {
        const n = await s.members.phones.backfill();
        if (n) log.info({ members: n }, 'member phones indexed');
      },
    },
    {
      // Registration numbers for members that have none (older databases, seeded history, a crash after the insert).
      name: 'members.sequence',
      every: 10 * 60_000,
      lockMs: 30 * 60_000,
      run: async (s, { log }) => {
        const n = await s.members.list.backfill();
        if (n) log.info({ members: n }, 'members numbered');
      },
    },
  ],
});

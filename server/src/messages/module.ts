/** Messages: the subscribe-message mapping (消息模板) every sender composes through, and its test send. */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import { createMessagesService } from './service';
import { messagesRoutes } from './routes';

interface Needs {
  audit: AuditService;
  members: MembersService;
}

export const messagesModule = defineModule({
  name: 'messages',
  create: ({ conn, clock, wechat, config }, s: Needs) => ({
    messages: createMessagesService({ conn, clock, wechat, audit: s.audit, members: s.members, simMode: config.WECHAT_MODE === 'sim' }),
  }),
  routes: (api, s) => messagesRoutes(api, s.messages),
});

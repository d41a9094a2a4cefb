/** Messages routes (thin): template ids for the mini-program; 消息模板 in the console (chain admins). */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import { requireConsoleAdmin } from '../console/views';
import type { MessagesService } from './service';

export function messagesRoutes(router: Router<AppState>, messages: MessagesService): void {
  bind(router, api.messageTemplateIds, async () => ({ items: await messages.templateIds() }));
  bind(router, api.consoleMessageSettings, ({ identity }) => {
    requireConsoleAdmin(identity);
    return messages.settings();
  });
  bind(router, api.consolePutMessageSettings, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return messages.putVersioned(identity.memberId, body.settings, body.baseRevision);
  });
  bind(router, api.consoleMessageTestSend, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return messages.testSend(identity.memberId, body.kind, body.phone);
  });
}

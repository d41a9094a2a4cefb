/** Subscribe messages: template ids for the mini-program; 消息模板 in the console (see ../api.ts). */
import { route } from './route';
import { messageTemplateIds, messageTestResult, messageTestSend, putVersionedMessageSettings, versionedMessageSettings } from '../schemas/messages';

export const messagesRoutes = {
  messageTemplateIds: route({
    method: 'GET', path: '/api/messages/templates', tag: 'messages', access: 'public',
    summary: '小程序：需要请求订阅的消息模板 ID（仅已启用的提醒）',
    response: messageTemplateIds,
  }),
  consoleMessageSettings: route({
    method: 'GET', path: '/api/console/messages', tag: 'console', access: 'console',
    summary: '后台：订阅消息模板映射（每类提醒的模板 ID 与字段；含版本号）',
    response: versionedMessageSettings,
  }),
  consolePutMessageSettings: route({
    method: 'PUT', path: '/api/console/messages', tag: 'console', access: 'console',
    summary: '后台：保存订阅消息模板映射（基于版本号；他人已先保存时返回 SETTINGS_CONFLICT）',
    body: putVersionedMessageSettings, response: versionedMessageSettings,
  }),
  consoleMessageTestSend: route({
    method: 'POST', path: '/api/console/messages/test', tag: 'console', access: 'console',
    summary: '后台：用示例内容向一位会员测试发送（模拟环境下先代为订阅）',
    body: messageTestSend, response: messageTestResult,
  }),
} as const;

/**
 * The subscribe-message template ids come from the chain's 消息模板 (GET /api/messages/templates): before the list
 * arrives (or offline) the defaults are asked for; once loaded the sheet asks for the chain's ids; a kind switched
 * off is not asked for at all (booking: no consent, no sheet; coupons: no modal).
 */
import { askBookingReminder } from '@/platform/booking-reminder';
import { askExpiryReminder, resetExpiryReminder } from '@/platform/expiry-reminder';
import { loadMessageTemplates } from '@/platform/message-templates';
import { requestSubscribeMessage, resetTaroMock, showModal } from './mocks/taro';
import { fail, ok, pathOf, serve } from './support/http';

beforeEach(() => {
  resetTaroMock();
  resetExpiryReminder();
});

test('offline: the defaults; then the chain’s ids; a kind switched off is not asked for', async () => {
  serve(() => fail(503, 'SERVICE_UNAVAILABLE', '服务繁忙'));
  await loadMessageTemplates();
  expect(await askBookingReminder(false)).toBe(true);
  expect(requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['TPL_BOOKING_CONFIRM', 'TPL_BOOKING_REMINDER']);

  const sent = serve((req) => (pathOf(req) === '/api/messages/templates' ? ok({ items: [{ kind: 'booking_reminder', templateId: 'chainReminder01' }] }) : fail(404, 'NOT_FOUND', '')));
  await loadMessageTemplates();
  expect(sent.map(pathOf)).toEqual(['/api/messages/templates']);
  expect(await askBookingReminder(false)).toBe(true);
  expect(requestSubscribeMessage.mock.calls[1][0].tmplIds).toEqual(['chainReminder01']);

  askExpiryReminder();
  expect(showModal).not.toHaveBeenCalled();

  const again = serve(() => ok({ items: [] }));
  await loadMessageTemplates(); // loaded once per launch: no second request, the list above still holds
  expect(again).toEqual([]);
  await askBookingReminder(false);
  expect(requestSubscribeMessage.mock.calls[2][0].tmplIds).toEqual(['chainReminder01']);
});

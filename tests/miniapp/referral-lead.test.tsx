/**
 * Staff 合伙人报备: the form checks the invite code, the 11-digit mobile and
 * the intent before sending; POST /api/staff/referrals/leads; the result shows
 * the masked phone and the protection end; an unknown partner code or the
 * server's field errors land on their field, other errors above the form.
 */
import { act, fireEvent, render } from '@testing-library/react';
import StaffLeadPage from '@/pages-staff/lead/index';
import { login, signOut } from '@/services/session';
import { resetTaroMock } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session, store, type Reply, type SentRequest } from './support/http';
import { CODE } from './support/referrals';

const STAFF = member({ roles: ['member', 'staff'], staffStoreId: store().id });

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

async function renderLead(reply: (req: SentRequest) => Reply) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1, STAFF));
    if (path === '/api/staff/referrals/leads') return reply(req);
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<StaffLeadPage />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);
const type = (id: string, value: string) => fireEvent.change(el(id)!, { target: { value } });
const leads = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === '/api/staff/referrals/leads');
const created = (req: SentRequest): Reply => ({
  status: 201,
  body: {
    id: '6e0000000000000000000001',
    partnerCode: (req.data as { partnerCode: string }).partnerCode,
    phoneMasked: '139****5678',
    intent: (req.data as { intent: string }).intent,
    expiresAt: '2026-12-22T02:00:00.000Z',
    createdAt: '2026-11-22T02:00:00.000Z',
  },
});

async function submit() {
  await act(async () => {
    fireEvent.click(el('lead-submit')!);
  });
  await settle();
}

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('an empty form is checked field by field and not sent', async () => {
  const sent = await renderLead(created);
  await submit();
  expect(el('lead-partner-code-error')).not.toBeNull();
  expect(el('lead-phone-error')?.textContent).toBe('请输入 11 位手机号');
  expect(el('lead-intent-error')).not.toBeNull();
  expect(leads(sent)).toHaveLength(0);
});

test('a valid 报备 is sent (code upper-cased, intent trimmed) and the result shows the protection end', async () => {
  const sent = await renderLead(created);
  type('lead-partner-code', CODE.toLowerCase());
  type('lead-phone', '13912345678');
  fireEvent.click(el('lead-intent-0')!);
  await submit();
  expect(leads(sent)).toHaveLength(1);
  expect(leads(sent)[0]).toMatchObject({ method: 'POST', data: { partnerCode: CODE, phone: '13912345678', intent: '全屋定制' } });
  expect(el('lead-result-code')?.textContent).toBe(CODE);
  expect(el('lead-result-phone')?.textContent).toBe('139****5678');
  expect(el('lead-result-expires')?.textContent).toBe('2026-12-22 10:00');

  fireEvent.click(el('lead-again')!);
  expect((el('lead-phone') as HTMLInputElement).value).toBe('');
});

test('an unknown partner code is shown on the code field', async () => {
  const sent = await renderLead(() => fail(404, 'REFERRAL_CODE_UNKNOWN', '邀请码无效'));
  type('lead-partner-code', CODE);
  type('lead-phone', '13912345678');
  type('lead-intent', '  沙发  ');
  await submit();
  expect(leads(sent)[0].data).toMatchObject({ intent: '沙发' });
  expect(el('lead-partner-code-error')?.textContent).toBe('邀请码无效');
  expect(el('lead-result')).toBeNull();
});

test('server field errors go to their fields (in Chinese); other failures above the form', async () => {
  let reply: Reply = {
    status: 400,
    body: { code: 'VALIDATION_FAILED', message: '提交的信息有误，请检查后重试', requestId: 'r', fields: [{ path: 'body.phone', message: 'must be an 11-digit mainland mobile' }] },
  };
  await renderLead(() => reply);
  type('lead-partner-code', CODE);
  type('lead-phone', '13912345678');
  type('lead-intent', '厨房电器');
  await submit();
  expect(el('lead-phone-error')?.textContent).toBe('请输入 11 位手机号');
  expect(el('lead-error')).toBeNull();

  reply = fail(403, 'AUTH_FORBIDDEN', '没有权限执行此操作');
  await submit();
  expect(el('lead-error')?.textContent).toBe('没有权限执行此操作');
});

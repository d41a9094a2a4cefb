/**
 * H5 demo platform files (*.h5.ts[x]): login codes and phone codes come from
 * the local WeChat simulator under /sim/wx; 「演示：切换顾客」 switches identity.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/login-code', () => jest.requireActual('@/platform/login-code.h5'));
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { getLoginCode } from '@/platform/login-code.h5';
import { PhoneBindButton } from '@/platform/phone-bind.h5';
import { DemoSwitchEntry } from '@/platform/demo-switch.h5';
import { getDemoOpenid, setDemoOpenid } from '@/platform/sim.h5';
import { getSessionState, signOut } from '@/services/session';
import { storeSession } from '@/services/storage';
import { login as wxLogin, resetTaroMock, showToast } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session, type Reply, type SentRequest } from './support/http';

const demoUsers = [
  { openid: 'demo-shopper-1', nickname: '王小明', description: '老顾客，已绑定手机号' },
  { openid: 'demo-staff-1', nickname: '李店员', description: '上海徐汇店员工' },
];

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

describe('login code from the simulator', () => {
  test('first launch: asks for a brand-new shopper and remembers its openid', async () => {
    const sent = serve(() => ok({ code: 'sim-code-1', openid: 'new-openid-1' }));
    await expect(getLoginCode()).resolves.toBe('sim-code-1');
    expect(pathOf(sent[0])).toBe('/sim/wx/control/login-code');
    expect(sent[0]).toMatchObject({ method: 'POST', data: {} });
    expect(getDemoOpenid()).toBe('new-openid-1');
    expect(wxLogin).not.toHaveBeenCalled();
  });

  test('later launches ask for the remembered identity', async () => {
    setDemoOpenid('demo-staff-1');
    const sent = serve(() => ok({ code: 'sim-code-2', openid: 'demo-staff-1' }));
    await getLoginCode();
    expect(sent[0].data).toEqual({ openid: 'demo-staff-1' });
  });
});

describe('绑定手机号 form', () => {
  test('prefills a 138 number, mints a phone code, binds it', async () => {
    storeSession(session(1));
    const sent = serve((req) => {
      if (pathOf(req) === '/sim/wx/control/phone-code') return ok({ code: 'sim-phone-code' });
      if (pathOf(req) === '/api/auth/phone') return ok(member({ phoneMasked: '137****0000' }));
      return fail(404, 'NOT_FOUND', '请求的内容不存在');
    });
    render(<PhoneBindButton />);
    expect(document.getElementById('phone-input')).toBeNull();
    fireEvent.click(document.getElementById('bind-phone-btn')!);

    const input = document.getElementById('phone-input') as HTMLInputElement;
    expect(input.value).toMatch(/^138\d{8}$/);
    fireEvent.change(input, { target: { value: '13700000000' } });
    await act(async () => {
      fireEvent.click(document.getElementById('phone-submit')!);
    });

    await waitFor(() => expect(document.getElementById('phone-input')).toBeNull());
    expect(sent.map(pathOf)).toEqual(['/sim/wx/control/phone-code', '/api/auth/phone']);
    expect(sent[0].data).toEqual({ phoneNumber: '13700000000' });
    expect(sent[1].data).toEqual({ code: 'sim-phone-code' });
    expect(getSessionState().member?.phoneMasked).toBe('137****0000');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '绑定成功' }));
  });

  test('an invalid number cannot be submitted', async () => {
    const sent = serve(() => ok({}));
    render(<PhoneBindButton />);
    fireEvent.click(document.getElementById('bind-phone-btn')!);
    fireEvent.change(document.getElementById('phone-input')!, { target: { value: '12345' } });
    expect(screen.getByText('请输入正确的 11 位手机号')).toBeTruthy();
    expect((document.getElementById('phone-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(document.getElementById('phone-submit')!);
    expect(sent).toHaveLength(0);
  });

  test('a rejected phone code keeps the form open and shows the server message', async () => {
    storeSession(session(1));
    serve((req) =>
      pathOf(req) === '/sim/wx/control/phone-code'
        ? ok({ code: 'expired' })
        : fail(400, 'PHONE_CODE_INVALID', '手机号授权已失效，请重新授权'),
    );
    render(<PhoneBindButton />);
    fireEvent.click(document.getElementById('bind-phone-btn')!);
    await act(async () => {
      fireEvent.click(document.getElementById('phone-submit')!);
    });
    await waitFor(() =>
      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '手机号授权已失效，请重新授权' })),
    );
    expect(document.getElementById('phone-input')).not.toBeNull();
  });
});

describe('演示：切换顾客', () => {
  function simulator(extra: (req: SentRequest) => Reply | null = () => null) {
    return serve((req) => {
      const path = pathOf(req);
      if (path === '/sim/wx/control/demo-users') return ok({ items: demoUsers });
      if (path === '/sim/wx/control/login-code') {
        const openid = (req.data as { openid?: string }).openid ?? 'brand-new-openid';
        return ok({ code: `code-for-${openid}`, openid });
      }
      if (path === '/api/auth/login') {
        const code = (req.data as { code: string }).code;
        return ok(session(2, member({ nickname: code === 'code-for-demo-staff-1' ? '李店员' : '新顾客' })));
      }
      if (path === '/api/auth/logout') return ok({ ok: true });
      return extra(req) ?? fail(404, 'NOT_FOUND', '请求的内容不存在');
    });
  }

  test('lists the demo users plus 「新顾客（首次登录）」', async () => {
    simulator();
    render(<DemoSwitchEntry />);
    fireEvent.click(document.getElementById('switch-shopper')!);
    expect(screen.getByText('演示用户加载中…')).toBeTruthy();
    expect(await screen.findByText('王小明')).toBeTruthy();
    expect(document.getElementById('demo-user-demo-shopper-1')).not.toBeNull();
    expect(document.getElementById('demo-user-demo-staff-1')?.textContent).toContain('上海徐汇店员工');
    expect(document.getElementById('demo-user-new')?.textContent).toContain('新顾客（首次登录）');
  });

  test('an empty simulator shows an empty state', async () => {
    serve(() => ok({ items: [] }));
    render(<DemoSwitchEntry />);
    fireEvent.click(document.getElementById('switch-shopper')!);
    expect(await screen.findByText('暂无演示用户')).toBeTruthy();
  });

  test('choosing a user revokes the old session and logs in as that identity', async () => {
    storeSession(session(1));
    setDemoOpenid('demo-shopper-1');
    const sent = simulator();
    render(<DemoSwitchEntry />);
    fireEvent.click(document.getElementById('switch-shopper')!);
    await screen.findByText('李店员');
    await act(async () => {
      fireEvent.click(document.getElementById('demo-user-demo-staff-1')!);
    });
    await waitFor(() => expect(getSessionState().member?.nickname).toBe('李店员'));
    expect(sent.map(pathOf)).toEqual([
      '/sim/wx/control/demo-users',
      '/api/auth/logout',
      '/sim/wx/control/login-code',
      '/api/auth/login',
    ]);
    expect(sent[1].data).toEqual({ refreshToken: session(1).refreshToken });
    expect(sent[2].data).toEqual({ openid: 'demo-staff-1' });
    expect(getDemoOpenid()).toBe('demo-staff-1');
    expect(document.getElementById('demo-user-new')).toBeNull(); // chooser closed
  });

  test('「新顾客」 asks the simulator for a new openid and remembers it', async () => {
    setDemoOpenid('demo-shopper-1');
    const sent = simulator();
    render(<DemoSwitchEntry />);
    fireEvent.click(document.getElementById('switch-shopper')!);
    expect(await screen.findByText('王小明（当前）')).toBeTruthy();
    await act(async () => {
      fireEvent.click(document.getElementById('demo-user-new')!);
    });
    await waitFor(() => expect(getSessionState().member?.nickname).toBe('新顾客'));
    expect(sent.find((r) => pathOf(r) === '/sim/wx/control/login-code')?.data).toEqual({});
    expect(getDemoOpenid()).toBe('brand-new-openid');
  });
});

/**
 * H5 demo only: client for the local WeChat simulator served on the same
 * origin under /sim/wx. Imported only from *.h5.ts(x) files, so it never
 * reaches the weapp build.
 */
import Taro from '@tarojs/taro';
import { toApiError, ApiError, NETWORK_ERROR } from '../services/api';

const SIM = '/sim/wx/control';
const OPENID_KEY = 'hc.demoOpenid';

export interface DemoUser {
  openid: string;
  nickname: string;
  description: string;
}

async function simRequest<T>(path: string, method: 'GET' | 'POST', body?: object): Promise<T> {
  let res: Taro.request.SuccessCallbackResult;
  try {
    res = await Taro.request({
      url: `${SIM}${path}`,
      method,
      data: body,
      header: body ? { 'Content-Type': 'application/json' } : {},
      dataType: 'json',
    });
  } catch {
    throw new ApiError(NETWORK_ERROR, '模拟器连接失败，请确认本地服务已启动', 0);
  }
  if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res.statusCode, res.data);
  return res.data as T;
}

export async function listDemoUsers(): Promise<DemoUser[]> {
  const data = await simRequest<{ items?: DemoUser[] }>('/demo-users', 'GET');
  return data.items ?? [];
}

/** No openid → the simulator makes up a brand-new shopper. */
export function simLoginCode(openid?: string): Promise<{ code: string; openid: string }> {
  return simRequest('/login-code', 'POST', openid ? { openid } : {});
}

export function simPhoneCode(phoneNumber: string): Promise<{ code: string }> {
  return simRequest('/phone-code', 'POST', { phoneNumber });
}

export function getDemoOpenid(): string | null {
  const value: unknown = Taro.getStorageSync(OPENID_KEY);
  return typeof value === 'string' && value ? value : null;
}

export function setDemoOpenid(openid: string | null): void {
  if (openid) Taro.setStorageSync(OPENID_KEY, openid);
  else Taro.removeStorageSync(OPENID_KEY);
}

/** A random mainland mobile for the demo form: 138xxxxxxxx. */
export function randomDemoPhone(): string {
  let rest = '';
  for (let i = 0; i < 8; i++) rest += Math.floor(Math.random() * 10);
  return `138${rest}`;
}

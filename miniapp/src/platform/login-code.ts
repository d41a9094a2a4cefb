/**
 * Login code for POST /api/auth/login — WeChat version (wx.login).
 * The H5 demo build resolves login-code.h5.ts instead (Taro platform suffix),
 * so no simulator code reaches the weapp bundle.
 */
import Taro from '@tarojs/taro';
import { ApiError } from '../services/api';

export async function getLoginCode(): Promise<string> {
  let code: string | undefined;
  try {
    code = (await Taro.login()).code;
  } catch {
    code = undefined;
  }
  if (!code) throw new ApiError('WECHAT_LOGIN_FAILED', '微信登录失败，请稍后重试', 0);
  return code;
}

/**
 * Login code — H5 demo version: asks the local WeChat simulator for a code for
 * the demo identity chosen in 「演示：切换顾客」. With nothing chosen, the
 * simulator creates a brand-new shopper and we remember its openid.
 */
import { getDemoOpenid, simLoginCode, setDemoOpenid } from './sim.h5';

export async function getLoginCode(): Promise<string> {
  const chosen = getDemoOpenid();
  const { code, openid } = await simLoginCode(chosen ?? undefined);
  if (!chosen) setDemoOpenid(openid);
  return code;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/src/platform/config';
import { startEngine } from '../../server/src/platform/db/engine';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

test('defaults give a working local demo config (sim mode, port 3100, demo seed on)', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({ PORT: 3100, HOST: '127.0.0.1', WECHAT_MODE: 'sim', seedDemo: true, JOBS_ENABLED: true });
});

test('one line per problem, naming the variable', () => {
  const p = problems({ PORT: 'abc', MONGODB_URI: 'postgres://x', ACCESS_TOKEN_TTL_SECONDS: '5' });
  expect(p).toHaveLength(3);
  expect(p.join('\n')).toMatch(/PORT/);
  expect(p.join('\n')).toMatch(/MONGODB_URI/);
  expect(p.join('\n')).toMatch(/ACCESS_TOKEN_TTL_SECONDS/);
});

test('live mode needs real credentials and refuses simulator hosts', () => {
  const p = problems({ WECHAT_MODE: 'live', WECHAT_API_BASE: 'http://127.0.0.1:3100/sim/wx' });
  expect(p.join('\n')).toMatch(/WECHAT_SECRET: required/);
  expect(p.join('\n')).toMatch(/SESSION_SECRET: required/);
  expect(p.join('\n')).toMatch(/WECHAT_APPID/);
  expect(p.join('\n')).toMatch(/WECHAT_API_BASE: live mode refuses/);
  expect(p.join('\n')).toMatch(/WECHATPAY_MCHID: required/);
  expect(p.join('\n')).toMatch(/WECHATPAY_APIV3_KEY: required/);
  const live = {
    WECHAT_MODE: 'live',
    WECHAT_APPID: 'wx1234567890abcdef',
    WECHAT_SECRET: '0123456789abcdef0123',
    SESSION_SECRET: 'x'.repeat(40),
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_MERCHANT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----',
    WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHATPAY_APIV3_KEY: 'a'.repeat(32),
    WECHATPAY_NOTIFY_URL: 'https://api.homeclub.example/api/wechat/pay/notify',
  };
  const ok = loadConfig(live);
  expect(ok.wechatApiBase).toBe('https://api.weixin.qq.com');
  expect(ok.wechatPayApiBase).toBe('https://api.mch.weixin.qq.com');
  expect(problems({ ...live, WECHATPAY_NOTIFY_URL: 'http://api.homeclub.example/notify' }).join()).toMatch(/WECHATPAY_NOTIFY_URL: must be https/);
  expect(problems({ ...live, WECHATPAY_API_BASE: 'http://127.0.0.1:3100/sim/pay' }).join()).toMatch(/WECHATPAY_API_BASE: live mode refuses/);
  expect(ok.seedDemo).toBe(false);
});

test('secrets can come from *_FILE; an unreadable file is a clear problem', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-cfg-'));
  const file = path.join(dir, 'secret');
  writeFileSync(file, 'a-very-long-session-secret-from-a-file-0123456789\n');
  expect(loadConfig({ SESSION_SECRET_FILE: file }).SESSION_SECRET).toBe('a-very-long-session-secret-from-a-file-0123456789');
  expect(problems({ SESSION_SECRET_FILE: path.join(dir, 'missing') })[0]).toMatch(/SESSION_SECRET_FILE: cannot read/);
});

test('engine chooser: MONGODB_URI is used as is and nothing is started', async () => {
  const e = await startEngine({ uri: 'mongodb://user:pw@db.example:27017/x', dbName: 'x' });
  expect(e).toMatchObject({ kind: 'external', persistent: true });
  expect(e.description).not.toContain('pw');
  await e.stop();
});

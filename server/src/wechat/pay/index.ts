import type { Connection } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { createPayClient, type PayClient, type PayClientOptions } from './client';
import { createPayKeyStore, type PayKeyStore } from './keys';

export interface WechatPaySettings {
  baseUrl: string;
  appid: string;
  mchid: string;
  merchantPrivateKey: string;
  merchantSerial: string;
  apiV3Key: string;
  publicKeyId?: string;
  publicKey?: string;
  notifyUrl: string;
  timeoutMs?: number;
  retries?: number;
}

export interface WechatPay {
  client: PayClient;
  keys: PayKeyStore;
  /** mutable: main sets baseUrl/notifyUrl once the port is known (sim mode) */
  options: PayClientOptions;
  settings: WechatPaySettings;
}

export function createWechatPay(deps: { conn: Connection; clock: Clock; logger: Logger; settings: WechatPaySettings }): WechatPay {
  const keys = createPayKeyStore({ conn: deps.conn, clock: deps.clock, publicKeyId: deps.settings.publicKeyId, publicKeyPem: deps.settings.publicKey });
  const options: PayClientOptions = { ...deps.settings, logger: deps.logger };
  return { client: createPayClient(options, keys), keys, options, settings: deps.settings };
}

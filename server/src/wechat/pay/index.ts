import type { Connection } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { createPayClient, type PayClient, type PayClientOptions } from './client';
import { createPayKeyStore, type PayKeyStore } from './keys';
import type { SimPayKeys } from './sim-keys';

export interface WechatPaySettings extends Omit<PayClientOptions, 'logger'> {
  publicKeyId?: string;
  publicKey?: string;
}

/** Settings for sim mode: the merchant and WeChat Pay keys the simulator generated. */
export function simPaySettings(keys: SimPayKeys, appid: string, extra: Partial<WechatPaySettings> = {}): WechatPaySettings {
  return {
    baseUrl: '',
    appid,
    mchid: keys.mchid,
    merchantPrivateKey: keys.merchantPrivateKey,
    merchantSerial: keys.merchantSerial,
    apiV3Key: keys.apiV3Key,
    publicKeyId: keys.wechatPayPublicKeyId,
    publicKey: keys.wechatPayPublicKey,
    notifyUrl: '',
    ...extra,
  };
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

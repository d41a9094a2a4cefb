import type { Connection } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { createMiniProgramClient, fetchStableToken, type MiniProgramClientOptions } from './client';
import { createTokenStore } from './token-store';

/**
 * The mini-program API client with its MongoDB-shared access token. `options`
 * is returned so a caller may set `baseUrl` once the simulator's port is known.
 */
export function createWechatClient(deps: { conn: Connection; clock: Clock; logger: Logger; baseUrl: string; appid: string; secret: string; timeoutMs?: number }) {
  const options: MiniProgramClientOptions = {
    baseUrl: deps.baseUrl,
    appid: deps.appid,
    secret: deps.secret,
    logger: deps.logger,
    timeoutMs: deps.timeoutMs,
  };
  const tokens = createTokenStore({ conn: deps.conn, clock: deps.clock, appid: deps.appid, fetch: fetchStableToken(options) });
  return { client: createMiniProgramClient(options, tokens), options };
}

export type { MiniProgramClient } from './client';

/**
 * Demo POS key (seed v4): one API key for the first demo store, so the example
 * POS client (`server/examples/pos-client.ts`) runs against a fresh `npm start`.
 * Secrets never live in the repository: the key is generated here and written
 * with the base URL to `DATA_DIR/pos-demo-key.json` (mode 600). Instances that
 * do not seed the demo (tests, production) keep the key in the database only.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/logger';
import type { Services } from '../services';

export const DEMO_POS_KEY_LABEL = '演示 POS';

export async function seedDemoPosKey(services: Services, storeId: string, logger: Logger): Promise<string> {
  const { keys, demo } = services.pos;
  const key = (await keys.activeByLabel(storeId, DEMO_POS_KEY_LABEL)) ?? (await keys.create(storeId, DEMO_POS_KEY_LABEL, 'seed'));
  if (demo.keyFile) {
    mkdirSync(path.dirname(demo.keyFile), { recursive: true });
    writeFileSync(demo.keyFile, `${JSON.stringify({ base: demo.base, keyId: key.keyId, secret: key.secret, storeId }, null, 2)}\n`, { mode: 0o600 });
    chmodSync(demo.keyFile, 0o600);
    logger.info({ file: demo.keyFile, keyId: key.keyId }, `demo POS key written; try: npx tsx server/examples/pos-client.ts --key-file ${demo.keyFile} --code <member code> --amount 12800`);
  }
  return key.keyId;
}

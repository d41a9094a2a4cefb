/**
 * `npm start`: build the mini-program (H5 for the demo, weapp for WeChat
 * DevTools) when its sources changed, start the database engine, the WeChat
 * simulator and the server on one port, seed demo data on first start, print
 * the URLs. Ctrl-C stops everything and keeps the data.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError, type Config } from '../platform/config';
import { boot } from '../main';

const ROOT = path.resolve(__dirname, '../../..');
const log = (m: string) => console.log(`[homeclub] ${m}`);

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale(type: 'h5' | 'weapp', marker: string, step: string): void {
  const out = path.join(ROOT, 'miniapp/dist', type, marker);
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'miniapp/src')),
    newestMtime(path.join(ROOT, 'miniapp/config')),
    newestMtime(path.join(ROOT, 'shared/src')),
  );
  if (existsSync(out) && statSync(out).mtimeMs >= sources) {
    log(`${step} mini-program ${type} build is up to date`);
    return;
  }
  log(`${step} building the mini-program for ${type} (about 20 s)…`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', `build:${type}`, '-w', 'miniapp'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) {
    console.error(`[homeclub] the ${type} build failed (see above)`);
    process.exit(1);
  }
  log(`${step} ${type} built in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  buildIfStale('h5', 'index.html', '[1/3]');
  buildIfStale('weapp', 'app.js', '[2/3]');
  log('[3/3] starting database, WeChat simulator and server…');
  const server = await boot(config, { log });
  const sim = config.WECHAT_MODE === 'sim';
  console.log('');
  console.log('  HomeClub is running');
  console.log(`  小程序 H5 (mini-program)   ${server.url}/`);
  console.log(`  API 文档 (API docs)        ${server.url}/api/docs`);
  if (sim) console.log(`  微信模拟器 (simulator)     ${server.url}/sim/wx/`);
  console.log(`  数据库 (database)          ${server.engine}`);
  console.log('  Press Ctrl-C to stop (data is kept).');
  console.log('');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    server.stop().then(
      () => {
        log('stopped, data kept');
        process.exit(0);
      },
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`[homeclub] failed to start: ${(err as Error).message}`);
  process.exit(1);
});

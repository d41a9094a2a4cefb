/** Builds the mini-program (h5 or weapp) when its sources are newer than the last build. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const MARKER = { h5: 'index.html', weapp: 'app.js' } as const;

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

export function miniappBuildIsFresh(type: 'h5' | 'weapp'): boolean {
  const out = path.join(ROOT, 'miniapp/dist', type, MARKER[type]);
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'miniapp/src')),
    newestMtime(path.join(ROOT, 'miniapp/config')),
    newestMtime(path.join(ROOT, 'shared/src')),
  );
  return existsSync(out) && statSync(out).mtimeMs >= sources;
}

/** Returns false when the build failed (its output went to the terminal). */
export function buildMiniappIfStale(type: 'h5' | 'weapp', step: string, log: (m: string) => void, force = false): boolean {
  if (!force && miniappBuildIsFresh(type)) {
    log(`${step} mini-program ${type} build is up to date`);
    return true;
  }
  log(`${step} building the mini-program for ${type} (about 20 s)…`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', `build:${type}`, '-w', 'miniapp'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) {
    log(`${step} the ${type} build failed (see above)`);
    return false;
  }
  log(`${step} ${type} built in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

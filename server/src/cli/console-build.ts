/** Builds the operator console (Vite) when its sources or shared/ are newer than the last build. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CONSOLE = path.join(ROOT, 'server/console');

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

export function consoleBuildIsFresh(): boolean {
  const out = path.join(CONSOLE, 'dist/index.html');
  const sources = Math.max(
    newestMtime(path.join(CONSOLE, 'src')),
    newestMtime(path.join(CONSOLE, 'index.html')),
    newestMtime(path.join(CONSOLE, 'vite.config.ts')),
    newestMtime(path.join(ROOT, 'shared/src')),
  );
  return existsSync(out) && statSync(out).mtimeMs >= sources;
}

/** Returns false when the build failed (its output went to the terminal). */
export function buildConsoleIfStale(step: string, log: (m: string) => void, force = false): boolean {
  if (!force && consoleBuildIsFresh()) {
    log(`${step} operator console build is up to date`);
    return true;
  }
  log(`${step} building the operator console (about 30 s)…`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'build', '-w', '@homeclub/console'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) {
    log(`${step} the console build failed (see above)`);
    return false;
  }
  log(`${step} console built in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

/** One step of `npm test` (tests/run-all.ts, tests/checks.ts): logs its label, runs it, logs ok/FAILED with its time. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const log = (m: string) => console.log(`[test] ${m}`);

/** Runs a binary of node_modules/.bin (never installs one); true when it exited 0. */
export function runStep(label: string, bin: string, args: string[]): boolean {
  log(`${label}…`);
  const started = Date.now();
  const r = spawnSync('npx', ['--no-install', bin, ...args], { cwd: ROOT, stdio: 'inherit' });
  log(`${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${Math.round((Date.now() - started) / 1000)} s)`);
  return r.status === 0;
}

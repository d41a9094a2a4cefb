/**
 * The static checks of `npm test`: the three type-checks and lint, one after the
 * other. tests/run-all.ts runs this script in a child process while it builds the
 * mini-program and the console, so the checks and the builds share the machine's
 * cores instead of waiting for each other. Exits 1 when any check failed and
 * prints `[test] failed checks: …`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const log = (m: string) => console.log(`[test] ${m}`);
const STEPS: Array<[label: string, id: string, args: string[]]> = [
  ['type-check (server, shared, tests)', 'typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['type-check (mini-program)', 'typecheck-miniapp', ['tsc', '-p', 'miniapp/tsconfig.json', '--noEmit']],
  ['type-check (console)', 'typecheck-console', ['tsc', '-p', 'server/console/tsconfig.json', '--noEmit']],
  ['lint', 'lint', ['eslint', '--max-warnings', '0', '.']],
];

const failed: string[] = [];
for (const [label, id, args] of STEPS) {
  log(`${label}…`);
  const started = Date.now();
  const r = spawnSync('npx', ['--no-install', ...args], { cwd: ROOT, stdio: 'inherit' });
  log(`${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${Math.round((Date.now() - started) / 1000)} s)`);
  if (r.status !== 0) failed.push(id);
}
if (failed.length) log(`failed checks: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);

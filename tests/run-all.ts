/**
 * `npm test`: type-check, lint, build the mini-program (H5 + weapp) and the
 * operator console (when sources changed; always under CI), then every jest project. Jest's results
 * go to .test-results/jest.json, which .ci/run turns into its closing line.
 * Extra arguments go to jest (e.g. `npm test -- --selectProjects server`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildMiniappIfStale } from '../server/src/cli/miniapp-build';
import { buildConsoleIfStale } from '../server/src/cli/console-build';

const ROOT = path.resolve(__dirname, '..');
const log = (m: string) => console.log(`[test] ${m}`);
const run = (label: string, cmd: string, args: string[]): boolean => {
  log(`${label}…`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  log(`${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${Math.round((Date.now() - started) / 1000)} s)`);
  return r.status === 0;
};

const failures: string[] = [];
const npx = (bin: string, ...args: string[]) => ['--no-install', bin, ...args];
if (!run('type-check (server, shared, tests)', 'npx', npx('tsc', '-p', 'tsconfig.json', '--noEmit'))) failures.push('typecheck');
if (!run('type-check (mini-program)', 'npx', npx('tsc', '-p', 'miniapp/tsconfig.json', '--noEmit'))) failures.push('typecheck-miniapp');
if (!run('type-check (console)', 'npx', npx('tsc', '-p', 'server/console/tsconfig.json', '--noEmit'))) failures.push('typecheck-console');
if (!run('lint', 'npx', npx('eslint', '--max-warnings', '0', '.'))) failures.push('lint');

const force = process.env.CI === 'true' || process.env.CI === '1';
if (!buildMiniappIfStale('h5', 'build', log, force)) failures.push('build-h5');
if (!buildMiniappIfStale('weapp', 'build', log, force)) failures.push('build-weapp');
if (!buildConsoleIfStale('build', log, force)) failures.push('build-console');

const out = path.join(ROOT, '.test-results');
mkdirSync(out, { recursive: true });
rmSync(path.join(out, 'jest.json'), { force: true });
if (!run('jest (shared, server, miniapp, e2e)', 'npx', npx('jest', '--json', `--outputFile=${path.join(out, 'jest.json')}`, ...process.argv.slice(2)))) {
  failures.push('jest');
}

if (failures.length) {
  log(`failed steps: ${failures.join(', ')}`);
  process.exit(1);
}
log('all checks passed');

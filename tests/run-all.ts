/**
 * `npm test`: type-check and lint (tests/checks.ts, in a child process) while the
 * mini-program (H5 + weapp) and the operator console build (when sources changed;
 * always under CI), then every jest project. Jest's results
 * go to .test-results/jest.json, which .ci/run turns into its closing line.
 * Extra arguments go to jest (e.g. `npm test -- --selectProjects server`).
 */
import { spawn, spawnSync } from 'node:child_process';
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
// The type-checks and lint (tests/checks.ts) run in a child process while this one builds.
const checks = new Promise<boolean>((resolve) => {
  const child = spawn('npx', ['--no-install', 'tsx', path.join(__dirname, 'checks.ts')], { cwd: ROOT, stdio: 'inherit' });
  child.on('error', () => resolve(false));
  child.on('exit', (code) => resolve(code === 0));
});

const force = process.env.CI === 'true' || process.env.CI === '1';
if (!buildMiniappIfStale('h5', 'build', log, force)) failures.push('build-h5');
if (!buildMiniappIfStale('weapp', 'build', log, force)) failures.push('build-weapp');
if (!buildConsoleIfStale('build', log, force)) failures.push('build-console');

const npx = (bin: string, ...args: string[]) => ['--no-install', bin, ...args];
async function finish(): Promise<void> {
  if (!(await checks)) failures.push('checks (type-check or lint, see above)');

  const out = path.join(ROOT, '.test-results');
  mkdirSync(out, { recursive: true });
  rmSync(path.join(out, 'jest.json'), { force: true });
  if (
    !run(
      'jest (shared, server, miniapp, e2e)',
      'npx',
      npx('jest', '--json', `--outputFile=${path.join(out, 'jest.json')}`, ...process.argv.slice(2)),
    )
  ) {
    failures.push('jest');
  }

  if (failures.length) {
    log(`failed steps: ${failures.join(', ')}`);
    process.exit(1);
  }
  log('all checks passed');
}
void finish();

/**
 * The module registry (server/src/platform/modules.ts): services are created in list order, a module that reads
 * a later module's service while it is created fails at start naming both, a later one is readable inside a
 * function, two modules cannot provide the same key; every job of the real registry is defined and armed once.
 */
import { armJobs, createModules, defineJobs, defineModule, type CoreDeps } from '../../server/src/platform/modules';
import { modules } from '../../server/src/modules';

const deps = {} as CoreDeps;
const clocks = defineModule({ name: 'clocks', create: () => ({ tick: { now: () => 7 } }) });
const early = defineModule({ name: 'early', create: (_d, s: { tick: { now(): number }; late: { n: number } }) => ({ early: { sum: () => s.tick.now() + s.late.n } }) });
const late = defineModule({ name: 'late', create: () => ({ late: { n: 5 } }) });
const greedy = defineModule({ name: 'greedy', create: (_d, s: { late: { n: number } }) => ({ greedy: { n: s.late.n } }) });

test('a later service is readable inside a function; services keep their keys and types', () => {
  const { services } = createModules([clocks, early, late] as const, deps);
  expect(services.early.sum()).toBe(12);
  expect(Object.keys(services)).toEqual(['tick', 'early', 'late']);
});

test('reading a later module’s service while being created fails at start, naming both', () => {
  expect(() => createModules([greedy, late] as const, deps)).toThrow('module "greedy" reads service "late" while it is created');
});

test('two modules providing one key are refused', () => {
  expect(() => createModules([late, defineModule({ name: 'again', create: () => ({ late: { n: 1 } }) })] as const, deps)).toThrow('modules "late" and "again" both provide service "late"');
});

test('the real registry: module names and job names are unique, every recurring job is defined and armed once', async () => {
  const names = modules.map((m) => m.name);
  expect(new Set(names).size).toBe(names.length);
  const jobs = modules.flatMap((m) => (m.jobs ?? []).map((j) => j.name));
  expect(new Set(jobs).size).toBe(jobs.length);
  const defined: string[] = [];
  const armed: string[] = [];
  const scheduler = {
    define: (name: string) => void defined.push(name),
    every: async (name: string, ms: number) => void (ms > 0 && armed.push(name)),
  };
  defineJobs(modules, scheduler as never, {});
  await armJobs(modules, scheduler as never, { now: new Date('2026-12-07T02:00:00Z'), reconcileHour: 10 });
  expect(defined.sort()).toEqual([...jobs].sort());
  expect(armed.length).toBeGreaterThan(25);
  expect(armed.every((n) => defined.includes(n))).toBe(true);
  expect(new Set(armed).size).toBe(armed.length);
});

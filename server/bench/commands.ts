/**
 * Benchmark (counts, not times): database commands per hot-path operation,
 * by command and collection, counted with the driver's command monitoring on
 * the same stack the tests use (tests/support/app.ts). Each operation runs
 * once to warm up and then RUNS times; the counts are deterministic, so the
 * figures equal what tests/server/command-budget.test.ts asserts.
 *   npx tsx server/bench/commands.ts [runs=3]
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 */
import { startEngine } from '../src/platform/db/engine';
import { describeCounts } from '../src/platform/db/commands';
import { startTestApp } from '../../tests/support/app';
import { BUDGETS, OPERATIONS, prepareOperations } from '../../tests/support/command-ops';
import { benchUri, runOnApp } from './support';

const RUNS = Number(process.argv[2] ?? 3);

(async () => {
  const dbName = `bench_commands_${Date.now()}`;
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName, skipMongod: true });
  console.log(`engine: ${engine.description}`);
  await runOnApp(engine, () => startTestApp({ dbUri: benchUri(engine.uri, dbName), dropOnClose: false }), async (app) => {
    let ok = true;
    const ops = await prepareOperations(app);
    console.log(`database commands per operation (budget from issue #12), ${RUNS} runs after one warm-up:`);
    for (const op of OPERATIONS) {
      await ops.run(op);
      const totals: number[] = [];
      let last = '';
      for (let i = 0; i < RUNS; i++) {
        const c = await ops.run(op);
        totals.push(c.total);
        last = describeCounts(c);
      }
      const worst = Math.max(...totals);
      if (worst > BUDGETS[op]) ok = false;
      console.log(`  ${op.padEnd(17)} ${String(worst).padStart(3)} (budget ${BUDGETS[op]}, ${worst <= BUDGETS[op] ? 'within' : 'OVER'})  = ${last}`);
    }
    return ok;
  });
})();

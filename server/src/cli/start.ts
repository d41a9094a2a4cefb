/**
 * `npm start`: build the mini-program (H5 for the demo, weapp for WeChat
 * DevTools) and the operator console when their sources changed, start the database engine, the WeChat
 * simulator (server/simulator, state in the database) and the server on one port, seed demo data on first start, print
 * the URLs. Ctrl-C stops everything and keeps the data.
 */
import { loadConfigOrExit } from '../platform/config';
import { bootDemo } from './demo-boot';
import { buildMiniappIfStale } from './miniapp-build';
import { buildConsoleIfStale } from './console-build';

const log = (m: string) => console.log(`[homeclub] ${m}`);

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!buildMiniappIfStale('h5', '[1/4]', log) || !buildMiniappIfStale('weapp', '[2/4]', log) || !buildConsoleIfStale('[3/4]', log)) process.exit(1);
  log('[4/4] starting database, WeChat simulator and server…');
  const server = await bootDemo(config, { log });
  const sim = config.WECHAT_MODE === 'sim';
  console.log('');
  console.log('  HomeClub is running');
  console.log(`  小程序 H5 (mini-program)   ${server.url}/`);
  console.log(`  运营后台 (console)         ${server.url}/console/`);
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

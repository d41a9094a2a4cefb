/**
 * mongo-java-server, the embedded MongoDB-compatible engine used when no real
 * mongod is available (see ../shared/reference/database.md). Jars come from
 * Maven Central through server/engine/pom.xml; Launch.java binds 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ENGINE_DIR = path.resolve(__dirname, '../../../engine');
const LIB_DIR = path.join(ENGINE_DIR, 'lib');
const CLASSES_DIR = path.join(ENGINE_DIR, 'classes');

export interface JavaEngineHandle {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

function hasJars(): boolean {
  return existsSync(LIB_DIR) && readdirSync(LIB_DIR).some((f) => f.startsWith('mongo-java-server-core'));
}

function hasLauncherClass(): boolean {
  const cls = path.join(CLASSES_DIR, 'Launch.class');
  const src = path.join(ENGINE_DIR, 'Launch.java');
  return existsSync(cls) && statSync(cls).mtimeMs >= statSync(src).mtimeMs;
}

function commandExists(cmd: string): boolean {
  return spawnSync(cmd, ['-version'], { stdio: 'ignore' }).status === 0;
}

/** Fetch the jars with Maven and compile the launcher once. Idempotent. */
export function prepareJavaEngine(log: (msg: string) => void = () => undefined): void {
  if (!commandExists('java')) throw new Error('java not found (install Java 17)');
  if (!hasJars()) {
    if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
      throw new Error('mvn not found (install Maven)');
    }
    log('Fetching the embedded database engine (mongo-java-server 1.47.0) with Maven…');
    const r = spawnSync(
      'mvn',
      ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${LIB_DIR}`],
      { cwd: ENGINE_DIR, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 },
    );
    if (r.status !== 0 || !hasJars()) throw new Error('Maven could not fetch mongo-java-server');
  }
  if (!hasLauncherClass()) {
    log('Compiling the engine launcher…');
    mkdirSync(CLASSES_DIR, { recursive: true });
    const r = spawnSync(
      'javac',
      ['-cp', path.join(LIB_DIR, '*'), '-d', CLASSES_DIR, path.join(ENGINE_DIR, 'Launch.java')],
      { stdio: ['ignore', 'inherit', 'inherit'], timeout: 120_000 },
    );
    if (r.status !== 0) throw new Error('javac could not compile Launch.java');
  }
}

export function javaEngineAvailable(): boolean {
  return commandExists('java') && (hasJars() || spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status === 0);
}

/**
 * Start the engine. `h2File` given → persistent H2 store; otherwise in-memory.
 * Resolves once the engine printed its port.
 */
export async function startJavaEngine(opts: { h2File?: string; dbName: string; /** the engine's own query planner (benchmark baselines; Launch.java) */ stockPlan?: boolean }): Promise<JavaEngineHandle> {
  prepareJavaEngine();
  const args = ['-cp', `${path.join(LIB_DIR, '*')}${path.delimiter}${CLASSES_DIR}`, 'Launch'];
  if (opts.h2File) {
    mkdirSync(path.dirname(opts.h2File), { recursive: true });
    args.push('h2', '0', opts.h2File);
  } else {
    args.push('memory', '0');
  }
  const child: ChildProcess = spawn('java', ['-Xss4m', ...(opts.stockPlan ? ['-Dhomeclub.plan=stock'] : []), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`engine did not start in 60 s: ${err.slice(-500)}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine exited with ${code}: ${err.slice(-500)}`));
    });
  });
  child.stdout!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    uri: `mongodb://127.0.0.1:${port}/${opts.dbName}`,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

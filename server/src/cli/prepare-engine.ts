/**
 * Fetches and compiles the embedded database engine ahead of the first start.
 * Runs as the server workspace's postinstall: a failure there only warns
 * (a real MONGODB_URI needs no engine); run directly, it fails loudly.
 */
import { prepareJavaEngine } from '../platform/db/java-engine';

const fromInstall = process.argv.includes('--from-install');
try {
  if (process.env.MONGODB_URI && fromInstall) {
    console.log('[homeclub] MONGODB_URI is set: embedded engine not needed');
  } else {
    prepareJavaEngine((m) => console.log(`[homeclub] ${m}`));
    console.log('[homeclub] embedded database engine ready');
  }
} catch (err) {
  const msg = `[homeclub] embedded database engine not prepared: ${(err as Error).message}. Install Java 17 + Maven, or set MONGODB_URI.`;
  if (fromInstall) console.warn(msg);
  else {
    console.error(msg);
    process.exit(1);
  }
}

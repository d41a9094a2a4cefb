export default async function globalTeardown(): Promise<void> {
  await globalThis.__HOMECLUB_ENGINE__?.stop();
}

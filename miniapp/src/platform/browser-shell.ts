/**
 * Browser-only fixes for the H5 demo build (browser-shell.h5.ts). A
 * mini-program has no document, so this version does nothing.
 */
export function installBrowserShell(): void {}

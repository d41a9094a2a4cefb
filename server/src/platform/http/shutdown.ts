import type http from 'node:http';

/**
 * Stop taking connections and let the requests in flight finish: idle
 * keep-alive connections are closed as soon as they are idle, and whatever is
 * still open after `graceMs` is cut. Resolves when the server is closed.
 */
export function drainHttp(server: http.Server, graceMs: number): Promise<{ forced: boolean }> {
  return new Promise((resolve) => {
    let forced = false;
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, graceMs);
    idle.unref();
    cut.unref();
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
}

/**
 * Prometheus metrics (prom-client), one registry per app instance so that two
 * instances in one process (tests) never mix their figures. Served at
 * GET /metrics only with `Authorization: Bearer <METRICS_TOKEN>`; without a
 * token configured the endpoint does not exist.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import client from 'prom-client';
import type { AppContext, AppMiddleware } from '../http/context';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'homeclub_' });
  const requests = new client.Counter({
    name: 'homeclub_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'homeclub_http_request_duration_seconds',
    help: 'HTTP answer time by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const notifications = new client.Histogram({
    name: 'homeclub_wechatpay_notification_answer_seconds',
    help: 'Time to answer a WeChat Pay notification (WeChat waits at most 5 s), by status',
    labelNames: ['status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  const jobRuns = new client.Counter({
    name: 'homeclub_job_runs_total',
    help: 'Background job runs by job name and outcome (ok, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new client.Histogram({
    name: 'homeclub_job_duration_seconds',
    help: 'Background job run time by job name',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const auditFindings = new client.Gauge({
    name: 'homeclub_ledger_audit_findings',
    help: 'Findings of the latest ledger audit run by kind (0 = consistent)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const auditRuns = new client.Counter({
    name: 'homeclub_ledger_audit_runs_total',
    help: 'Ledger audit runs by outcome (clean, findings, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Admission (platform/http/admission.ts), read at each scrape: how busy this instance is.
  let admission: { readonly active: number; readonly waiting: number } | null = null;
  new client.Gauge({
    name: 'homeclub_http_requests_active',
    help: 'API/POS requests this instance is working on now (at most HTTP_MAX_ACTIVE; priority ones not counted)',
    registers: [registry],
    collect() {
      this.set(admission?.active ?? 0);
    },
  });
  new client.Gauge({
    name: 'homeclub_http_requests_waiting',
    help: 'API/POS requests waiting for their turn on this instance (past HTTP_MAX_WAITING they get 503)',
    registers: [registry],
    collect() {
      this.set(admission?.waiting ?? 0);
    },
  });
  return {
    registry,
    watchAdmission(source: { readonly active: number; readonly waiting: number }) {
      admission = source;
    },
    observeRequest(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    observeNotification(status: number, seconds: number) {
      notifications.observe({ status: String(status) }, seconds);
    },
    observeJob(job: string, ok: boolean, seconds: number) {
      jobRuns.inc({ job, outcome: ok ? 'ok' : 'failed' });
      jobSeconds.observe({ job }, seconds);
    },
    observeAudit(outcome: 'clean' | 'findings' | 'failed', findings: Record<string, number>) {
      auditRuns.inc({ outcome });
      for (const [kind, n] of Object.entries(findings)) auditFindings.set({ kind }, n);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A bounded route label: the router's pattern, else the area (never the raw path). */
function routeLabel(ctx: AppContext): string {
  const matched = (ctx as unknown as { _matchedRoute?: string | RegExp })._matchedRoute;
  if (typeof matched === 'string') return matched;
  if (ctx.path.startsWith('/api/')) return '/api (no route)';
  if (ctx.path.startsWith('/pos/')) return '/pos/v1';
  if (ctx.path.startsWith('/sim/')) return '/sim';
  if (ctx.path === '/metrics') return '/metrics';
  return '/ (static)';
}

/** Counts and times every request; times WeChat Pay notification answers on their own. */
export function metricsMiddleware(metrics: Metrics, notifyPath: string): AppMiddleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(ctx.method, routeLabel(ctx), ctx.status, seconds);
      if (ctx.path === notifyPath) metrics.observeNotification(ctx.status, seconds);
    }
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** GET /metrics behind a bearer token (compared in constant time). */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): AppMiddleware {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics' || !token) return next();
    const given = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1] ?? '';
    if (ctx.method !== 'GET' || !timingSafeEqual(digest(given), digest(token))) {
      ctx.status = ctx.method !== 'GET' ? 405 : 401;
      ctx.set('WWW-Authenticate', 'Bearer');
      ctx.body = ctx.status === 401 ? 'metrics need the bearer token' : 'GET only';
      return;
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  };
}

/**
 * GET /metrics: Prometheus text behind a bearer token; request counts and
 * latency by route pattern, WeChat Pay notification answer time, job runs and
 * failures; absent when no token is configured.
 */
import { NOTIFY_PATH } from '../../server/src/payments/notify';
import { startTestApp, type TestApp } from '../support/app';

const TOKEN = 'metrics-token-0123456789abcdef';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await app.close();
});

const scrape = async () => {
  const r = await app.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toContain('text/plain');
  expect(r.headers.get('cache-control')).toBe('no-store');
  return r.body as string;
};
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

test('refused without the right bearer token', async () => {
  expect((await app.call('GET', '/metrics')).status).toBe(401);
  expect((await app.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
  expect((await app.call('GET', '/metrics', { headers: { authorization: TOKEN } })).status).toBe(401);
});

test('requests are counted and timed by route pattern, never by raw path', async () => {
  const before = await scrape();
  await app.call('GET', '/api/health');
  await app.call('GET', '/api/health');
  await app.call('GET', '/api/invites/ABCDE');
  await app.call('GET', '/api/no/such/route');
  const after = await scrape();
  const health = 'homeclub_http_requests_total{method="GET",route="/api/health",status="200"}';
  expect(value(after, health) - value(before, health)).toBe(2);
  expect(value(after, 'homeclub_http_requests_total{method="GET",route="/api/invites/:code",status="200"}')).toBeGreaterThanOrEqual(1);
  expect(value(after, 'homeclub_http_requests_total{method="GET",route="/api (no route)",status="404"}')).toBeGreaterThanOrEqual(1);
  expect(after).not.toContain('ABCDE');
  expect(value(after, 'homeclub_http_request_duration_seconds_count{method="GET",route="/api/health"}')).toBeGreaterThanOrEqual(2);
});

test('WeChat Pay notification answers are timed by status', async () => {
  const r = await app.call('POST', NOTIFY_PATH, { raw: '{"id":"x"}', headers: { 'content-type': 'application/json' } });
  expect(r.status).toBeGreaterThanOrEqual(400);
  const text = await scrape();
  expect(value(text, `homeclub_wechatpay_notification_answer_seconds_count{status="${r.status}"}`)).toBe(1);
});

test('job runs and failures are counted by job', async () => {
  app.services.scheduler.define('test.metrics-ok', async () => undefined);
  app.services.scheduler.define('test.metrics-fail', async () => {
    throw new Error('planned failure');
  });
  await app.services.scheduler.schedule('test.metrics-ok', new Date(0));
  await app.services.scheduler.schedule('test.metrics-fail', new Date(0));
  await app.services.scheduler.runDue();
  const text = await scrape();
  expect(value(text, 'homeclub_job_runs_total{job="test.metrics-ok",outcome="ok"}')).toBe(1);
  expect(value(text, 'homeclub_job_runs_total{job="test.metrics-fail",outcome="failed"}')).toBe(1);
  expect(value(text, 'homeclub_job_duration_seconds_count{job="test.metrics-ok"}')).toBe(1);
});

test('without METRICS_TOKEN there is no /metrics', async () => {
  const plain = await startTestApp();
  try {
    expect((await plain.call('GET', '/metrics')).status).toBe(404);
  } finally {
    await plain.close();
  }
});

/** OpenAPI 3.1 document generated from the same zod contracts the server validates with. */
import { z } from 'zod';
import { adminPosKeys, api, errorResponse, ERRORS, IDEMPOTENCY_KEY_HEADER, POS_HEADERS, POS_TIMESTAMP_WINDOW_SECONDS, posApi, type RouteContract } from '@homeclub/shared';

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function parameters(c: RouteContract) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [['path', c.params], ['query', c.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
    }
  }
  if (c.idempotencyKey === 'required') {
    out.push({
      name: IDEMPOTENCY_KEY_HEADER,
      in: 'header',
      required: true,
      description: 'Your key for this write (8–100 of [A-Za-z0-9_.:-]): a retry with the same key returns the first result. Missing → IDEMPOTENCY_KEY_REQUIRED.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,100}$' },
    });
  }
  return out;
}

/** The signed POS API: how a request is signed (the `posSignature` security scheme). */
const POS_SIGNATURE_DOC =
  `Store POS systems sign every request to /pos/v1 with their store's API key (admins create keys at ` +
  `POST /api/admin/stores/{storeId}/pos-keys; the secret is shown once). Headers: ${POS_HEADERS.key} = the key id (pk_…); ` +
  `${POS_HEADERS.timestamp} = unix seconds, refused outside ±${POS_TIMESTAMP_WINDOW_SECONDS} s of the server clock (POS_TIMESTAMP_STALE); ` +
  `${POS_HEADERS.nonce} = 16–64 of [A-Za-z0-9_-], never reused with the same key (POS_NONCE_REPLAYED); ` +
  `${POS_HEADERS.signature} = lowercase hex HMAC-SHA256(secret, METHOD + "\\n" + path with query + "\\n" + timestamp + "\\n" + nonce + "\\n" + sha256hex(raw body)), ` +
  `where a request without a body hashes the empty string. Unknown or revoked key, or a wrong signature → POS_AUTH_INVALID (401). ` +
  `The key decides the store (no storeId in bodies). Every attempt needs a new nonce; retries are made safe by posTxnId and refundKey.`;

const posHeaderParams = [POS_HEADERS.key, POS_HEADERS.timestamp, POS_HEADERS.nonce, POS_HEADERS.signature].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } }));

type Kind = 'session' | 'pos';

export function buildOpenApi(opts: { serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  const contracts: [string, RouteContract, Kind][] = [
    ...(Object.entries(api) as [string, RouteContract][]).map(([n, c]): [string, RouteContract, Kind] => [n, c, 'session']),
    ...(Object.entries(adminPosKeys) as [string, RouteContract][]).map(([n, c]): [string, RouteContract, Kind] => [n, c, 'session']),
    ...(Object.entries(posApi) as [string, RouteContract][]).map(([n, c]): [string, RouteContract, Kind] => [n, c, 'pos']),
  ];
  for (const [name, c, kind] of contracts) {
    const path = c.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const errorCodes = Object.keys(ERRORS).join(', ');
    const security =
      kind === 'pos'
        ? { security: [{ posSignature: [] }], 'x-access': 'pos' }
        : c.access === 'public'
          ? { security: [] }
          : { security: [{ bearer: [] }], 'x-access': c.access };
    paths[path] ??= {};
    paths[path][c.method.toLowerCase()] = {
      operationId: name,
      summary: c.summary,
      tags: [c.tag],
      ...security,
      parameters: [...(kind === 'pos' ? posHeaderParams : []), ...parameters(c)],
      ...(c.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(c.body, 'input') } } } }
        : {}),
      responses: {
        [String(c.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schemaOf(c.response, 'output') } } },
        default: {
          description: `Error: {code, message (Chinese), requestId, fields?}. Codes: ${errorCodes}`,
          content: { 'application/json': { schema: schemaOf(errorResponse, 'output') } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'HomeClub API',
      version: '0.1.0',
      description: 'Member club for home-furnishing store chains: membership, coupons, booking, referrals, WeChat Pay checkout, and a signed store POS API (/pos/v1).',
    },
    servers: opts.serverUrl ? [{ url: opts.serverUrl }] : [],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        posSignature: { type: 'apiKey', in: 'header', name: POS_HEADERS.signature, description: POS_SIGNATURE_DOC },
      },
    },
    paths,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable docs page rendered from the OpenAPI document (no CDN, works offline). */
export function renderDocs(doc: ReturnType<typeof buildOpenApi>): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Record<string, unknown> })),
  );
  const rows = ops
    .map(({ path, method, op }) => {
      const req = (op.requestBody as { content: { 'application/json': { schema: unknown } } } | undefined)?.content['application/json'].schema;
      const params = op.parameters as { name: string; in: string; required: boolean }[];
      const ok = Object.entries(op.responses as Record<string, { content?: { 'application/json': { schema: unknown } } }>)[0];
      return `<details><summary><b class="m ${method}">${method.toUpperCase()}</b> <code>${esc(path)}</code> — ${esc(String(op.summary))} <i>${esc(String(op['x-access'] ?? 'public'))}</i></summary>
${params.length ? `<h4>Parameters</h4><ul>${params.map((p) => `<li><code>${esc(p.name)}</code> in ${p.in}${p.required ? ' (required)' : ''}</li>`).join('')}</ul>` : ''}
${req ? `<h4>Request body</h4><pre>${esc(JSON.stringify(req, null, 2))}</pre>` : ''}
<h4>Response ${ok[0]}</h4><pre>${esc(JSON.stringify(ok[1].content?.['application/json'].schema ?? {}, null, 2))}</pre></details>`;
    })
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>HomeClub API 文档</title>
<style>body{font-family:-apple-system,"PingFang SC",sans-serif;margin:24px;max-width:1000px;color:#222}
details{border:1px solid #e5e5e5;border-radius:6px;margin:8px 0;padding:8px}summary{cursor:pointer}
pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:12px}.m{display:inline-block;width:60px}
.get{color:#1677ff}.post{color:#07c160}.delete{color:#fa5151}.put,.patch{color:#fa9d3b}i{color:#888;font-size:12px}</style></head>
<body><h1>HomeClub API 文档</h1><p>${esc(doc.info.description)} 机器可读版本：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI ${doc.openapi}）。
需要登录的接口使用 <code>Authorization: Bearer &lt;accessToken&gt;</code>。错误统一为 <code>{code, message, requestId, fields?}</code>。</p>
<p>门店收银系统接口（<code>/pos/v1</code>，<i>pos</i>）不用登录令牌，按门店 API 密钥签名：${esc(String(doc.components.securitySchemes.posSignature.description))}</p>
${rows}</body></html>`;
}

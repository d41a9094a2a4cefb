/**
 * WeChat Pay API v3 paths of the simulator (JSAPI order, query, close, refund,
 * refund query, platform certificates, trade bill and its download).
 *
 * File downloads (`/v3/billdownload/file`) need a valid Authorization, but the
 * file body is NOT signed (WeChat does not sign file bodies; verify it with
 * the hash_value from /v3/bill/tradebill instead). Error answers there are
 * JSON and signed like every other API answer.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type Router from '@koa/router';
import type Koa from 'koa';
import { aesGcmEncrypt, nonceStr } from '../../src/wechat/pay/crypto';
import { createApiKit, type ApiCall } from './api-kit';
import { buildTradeBill, type BillType } from './bill';
import type { PayContext } from './context';
import { isCalendarDate, randomHex, rfc3339Shanghai } from './format';
import { refundShape } from './refunds';
import type { PaySimState } from './state';
import { PayError } from './validate';

export const BILL_TOKEN_TTL_MS = 30_000;

type Ctx = Koa.Context;

/** The base URL WeChat would put in links (download_url, payer page). */
export function publicBase(ctx: PayContext, req: Ctx, prefix: string): string {
  return ctx.baseUrl ?? `${req.protocol}://${req.host}${prefix}`;
}

export function payApiRoutes(r: Router, sim: PaySimState, prefix: string): void {
  const ctx = sim.ctx;
  const { api } = createApiKit(sim, prefix);

  const requireMchidQuery = (req: Ctx) => {
    const m = req.query.mchid;
    if (typeof m !== 'string' || !m)
      throw new PayError(400, 'PARAM_ERROR', '参数错误：mchid 为必填参数', { field: 'mchid', location: 'query' });
    if (m !== ctx.keys.mchid)
      throw new PayError(400, 'INVALID_REQUEST', '参数错误：mchid 与请求商户号不一致', { field: 'mchid', location: 'query' });
  };
  const bodyField = (call: ApiCall, key: string) => {
    const b = call.json() as Record<string, unknown> | undefined;
    return b && typeof b[key] === 'string' ? (b[key] as string) : undefined;
  };

  // ---- WeChat Pay API v3 --------------------------------------------------
  r.post(
    '/v3/pay/transactions/jsapi',
    api(
      'jsapi',
      async (c) => ({ status: 200, body: await sim.orders.createJsapi(c.json()) }),
      (c) => bodyField(c, 'out_trade_no'),
    ),
  );

  r.get(
    '/v3/pay/transactions/out-trade-no/:no',
    api(
      'query',
      async (c) => {
        requireMchidQuery(c.ctx);
        const o = await sim.orders.find(c.ctx.params.no);
        if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
        return { status: 200, body: await sim.orders.queryShape(o) };
      },
      (c) => c.ctx.params.no,
    ),
  );

  r.get(
    '/v3/pay/transactions/id/:tid',
    api(
      'query',
      async (c) => {
        requireMchidQuery(c.ctx);
        const o = await sim.orders.findByTransaction(c.ctx.params.tid);
        if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
        return { status: 200, body: await sim.orders.queryShape(o) };
      },
      async (c) => (await sim.orders.findByTransaction(c.ctx.params.tid))?.out_trade_no,
    ),
  );

  r.post(
    '/v3/pay/transactions/out-trade-no/:no/close',
    api(
      'close',
      async (c) => {
        await sim.orders.close(c.ctx.params.no, c.json());
        return { status: 204 };
      },
      (c) => c.ctx.params.no,
    ),
  );

  r.post(
    '/v3/refund/domestic/refunds',
    api(
      'refund',
      async (c) => ({ status: 200, body: refundShape(await sim.refunds.create(c.json())) }),
      async (c) => {
        const tid = bodyField(c, 'transaction_id');
        return tid ? (await sim.orders.findByTransaction(tid))?.out_trade_no : bodyField(c, 'out_trade_no');
      },
    ),
  );

  r.get(
    '/v3/refund/domestic/refunds/:no',
    api(
      'query_refund',
      async (c) => {
        const rf = await sim.refunds.find(c.ctx.params.no);
        if (!rf) throw new PayError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
        return { status: 200, body: refundShape(rf) };
      },
      async (c) => (await sim.refunds.find(c.ctx.params.no))?.out_trade_no,
    ),
  );

  let certTimes: { effective_time: string; expire_time: string } | undefined;
  r.get(
    '/v3/certificates',
    api('certificates', () => {
      if (!certTimes) {
        const x = new X509Certificate(ctx.keys.platformCertificate);
        certTimes = {
          effective_time: rfc3339Shanghai(Date.parse(x.validFrom)),
          expire_time: rfc3339Shanghai(Date.parse(x.validTo)),
        };
      }
      const nonce = nonceStr(6);
      return {
        status: 200,
        body: {
          data: [
            {
              serial_no: ctx.keys.platformCertSerial,
              ...certTimes,
              encrypt_certificate: {
                algorithm: 'AEAD_AES_256_GCM',
                nonce,
                associated_data: 'certificate',
                ciphertext: aesGcmEncrypt(ctx.keys.apiV3Key, ctx.keys.platformCertificate, nonce, 'certificate'),
              },
            },
          ],
        },
      };
    }),
  );

  r.get(
    '/v3/bill/tradebill',
    api('tradebill', async (c) => {
      const q = c.ctx.query;
      const date = q.bill_date;
      if (typeof date !== 'string' || !isCalendarDate(date)) {
        throw new PayError(400, 'PARAM_ERROR', '参数错误：bill_date 必须是 YYYY-MM-DD 格式的日期', {
          field: 'bill_date',
          location: 'query',
        });
      }
      const type = (q.bill_type ?? 'ALL') as string;
      if (!['ALL', 'SUCCESS', 'REFUND'].includes(type)) {
        throw new PayError(400, 'PARAM_ERROR', '参数错误：bill_type 只能是 ALL、SUCCESS 或 REFUND', {
          field: 'bill_type',
          location: 'query',
        });
      }
      const tar = q.tar_type;
      if (tar !== undefined && tar !== 'GZIP')
        throw new PayError(400, 'PARAM_ERROR', '参数错误：tar_type 只能是 GZIP', { field: 'tar_type', location: 'query' });
      const csv = await buildTradeBill(ctx, date, type as BillType);
      if (csv === null) throw new PayError(400, 'NO_STATEMENT_EXIST', '该日期没有交易，账单不存在');
      const raw = Buffer.from(csv, 'utf8');
      const token = randomHex(40);
      await ctx.bills.insertOne({
        _id: token,
        bytes_b64: (tar === 'GZIP' ? gzipSync(raw) : raw).toString('base64'),
        gzip: tar === 'GZIP',
        expiresAt: ctx.now() + BILL_TOKEN_TTL_MS,
        bill_date: date,
      });
      return {
        status: 200,
        body: {
          hash_type: 'SHA1',
          hash_value: createHash('sha1').update(raw).digest('hex'),
          download_url: `${publicBase(ctx, c.ctx, prefix)}/v3/billdownload/file?token=${token}`,
        },
      };
    }),
  );

  r.get(
    '/v3/billdownload/file',
    api('billdownload', async (c) => {
      const token = c.ctx.query.token;
      const bill = typeof token === 'string' ? await ctx.bills.findOne({ _id: token }) : null;
      if (!bill || bill.expiresAt < ctx.now())
        throw new PayError(400, 'INVALID_REQUEST', '下载地址无效或已过期（有效期 30 秒），请重新申请账单');
      return { status: 200, file: { bytes: Buffer.from(bill.bytes_b64, 'base64'), type: bill.gzip ? 'application/x-gzip' : 'text/csv; charset=utf-8' } };
    }),
  );
}

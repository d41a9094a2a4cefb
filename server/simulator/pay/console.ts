import { escapeHtml as esc, yuan } from './format';
import type { PaySimState } from './state';
import { RETRYING } from './types';

const MAX_ROWS = 100;

function table(head: string[], rows: string[][], empty: string): string {
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
    : `<tr><td colspan="${head.length}">${esc(empty)}</td></tr>`;
  return `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${body}</table>`;
}

const code = (s: string | number | undefined) => (s === undefined || s === '' ? '' : `<code>${esc(String(s))}</code>`);

/** Operator console of the WeChat Pay simulator: orders, refunds, notification deliveries, faults (served at GET {prefix}/). */
export async function renderPayConsole(state: PaySimState, prefix: string): Promise<string> {
  const { ctx } = state;
  const latestFirst = { sort: { seq: -1 as const }, limit: MAX_ROWS };
  const orderDocs = await ctx.orders.find({}, latestFirst).toArray();
  const states = await Promise.all(orderDocs.map((o) => state.orders.tradeState(o)));
  const orders = orderDocs
    .map((o, i) => {
      const s = states[i];
      const latest = o.prepay_ids[o.prepay_ids.length - 1];
      const pay =
        s === 'NOTPAY' && latest ? `<a href="${esc(`${prefix}/payer?prepay_id=${encodeURIComponent(latest)}`)}">付款页</a>` : '';
      return [
        code(o.out_trade_no),
        esc(o.description),
        `¥${yuan(o.total)}`,
        `<b class="s-${s}">${s}</b>${o.paid_after_close ? ' <small>(关单后支付)</small>' : ''}`,
        code(o.transaction_id),
        esc(o.success_time ?? ''),
        code(o.openid),
        pay,
      ];
    });
  const refunds = (await ctx.refunds.find({}, latestFirst).toArray())
    .map((r) => [
      code(r.out_refund_no),
      code(r.out_trade_no),
      `¥${yuan(r.refund)} / ¥${yuan(r.total)}`,
      `<b class="s-${r.status}">${r.status}</b>`,
      esc(r.create_time),
      esc(r.success_time ?? ''),
      esc(r.reason ?? ''),
    ]);
  const deliveries = (await ctx.deliveries.find({}, latestFirst).toArray())
    .map((d) => [
      esc(d.at),
      esc(d.event_type),
      code(d.out_refund_no ?? d.out_trade_no),
      `${d.probe ? '探测' : `第 ${d.attempt} 次`}${d.copy ? ` (副本 ${d.copy})` : ''}`,
      esc(String(d.status)),
      esc(d.faults.join(', ')),
      code(d.url),
    ]);
  const pending = (await ctx.notifications.find({ status: { $in: [...RETRYING, 'held'] } }, latestFirst).toArray())
    .map((n) => [
      code(n.id),
      esc(n.event_type),
      code(n.out_refund_no ?? n.out_trade_no),
      esc(n.status),
      String(n.attempts),
      esc(n.next_at ?? ''),
    ]);
  const faults = ctx.faults.map((f) => [
    String(f.id),
    esc(f.type),
    esc(f.api ?? '通知'),
    esc([f.out_trade_no, f.out_refund_no, f.event_type].filter(Boolean).join(' ') || '全部'),
    f.remaining === null ? '∞' : String(f.remaining),
  ]);
  const calls = Object.entries(ctx.calls).map(([k, v]) => [esc(k), String(v)]);
  const mode =
    ctx.keyMode === 'public_key'
      ? `微信支付公钥模式（Wechatpay-Serial = <code>${esc(ctx.keys.wechatPayPublicKeyId)}</code>）`
      : `平台证书模式（Wechatpay-Serial = <code>${esc(ctx.keys.platformCertSerial)}</code>）`;
  const outcome = `${ctx.refundOutcome.status}${ctx.refundOutcome.remaining === null ? '' : `（剩余 ${ctx.refundOutcome.remaining} 笔）`}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>微信支付模拟器控制台 · HomeClub</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;background:#f5f5f5}
section{background:#fff;border-radius:8px;padding:16px;margin-bottom:16px;overflow-x:auto}h1{color:#07c160}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #eee;padding:6px;text-align:left;font-size:13px;white-space:nowrap}code{font-size:12px}
.s-SUCCESS{color:#07c160}.s-CLOSED,.s-ABNORMAL{color:#fa5151}.s-REFUND,.s-PROCESSING{color:#fa9d3b}.s-NOTPAY{color:#888}</style></head><body>
<h1>微信支付模拟器控制台</h1>
<p>本地模拟微信支付 API v3（商户号 <code>${esc(ctx.keys.mchid)}</code>，appid <code>${esc(ctx.appid)}</code>），仅接受本机请求。接口前缀 <code>${esc(prefix)}</code>，
路径与微信支付一致（如 <code>${esc(prefix)}/v3/pay/transactions/jsapi</code>）。</p>
<section><h2>签名模式</h2><p>${mode}</p><p>切换：<code>POST ${esc(prefix)}/control/key-mode {"mode":"certificate"}</code>。退款结果：<b>${esc(outcome)}</b>，
用 <code>POST ${esc(prefix)}/control/refund-outcome {"status":"CLOSED"}</code> 修改。</p></section>
<section><h2>支付订单</h2>${table(['商户订单号', '商品描述', '金额', '状态', '微信支付订单号', '支付时间', '付款人', ''], orders, '暂无订单')}
<p>模拟用户付款：<code>POST ${esc(prefix)}/control/pay {"out_trade_no":"…","action":"confirm"}</code>（<code>"force":true</code> 可在关单后仍支付成功）。</p></section>
<section><h2>退款</h2>${table(['商户退款单号', '商户订单号', '退款/订单金额', '状态', '申请时间', '成功时间', '原因'], refunds, '暂无退款')}
<p>立即完成处理中的退款：<code>POST ${esc(prefix)}/control/settle-refunds</code>。</p></section>
<section><h2>等待重试的通知</h2>${table(['通知ID', '事件', '单号', '状态', '已投递次数', '下次投递'], pending, '无')}
<p>立即执行所有待重试通知：<code>POST ${esc(prefix)}/control/flush</code>。</p></section>
<section><h2>通知投递记录</h2>${table(['时间', '事件', '单号', '投递', 'HTTP 状态', '故障', '地址'], deliveries, '暂无投递')}</section>
<section><h2>故障注入</h2>${table(['ID', '故障', '接口', '范围', '剩余次数'], faults, '无')}
<p>开启：<code>POST ${esc(prefix)}/control/faults {"fault":"duplicate","copies":3,"times":1}</code> 或 <code>{"api":"refund","fault":"http_429"}</code>；
清除：<code>DELETE ${esc(prefix)}/control/faults</code>。</p></section>
<section><h2>接口调用次数</h2>${table(['接口', '次数'], calls, '暂无调用')}</section>
</body></html>`;
}

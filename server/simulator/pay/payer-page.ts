/**
 * The payer's cashier page for the H5 demo (stands in for the WeChat client's
 * payment sheet): `GET {prefix}/payer?prepay_id=…&return=<url>`.
 * 确认支付 posts the control "confirm" action, shows 支付成功 and goes back to
 * `return` with payResult=ok; 取消 goes back with payResult=cancel.
 */
import { escapeHtml as esc, yuan } from './format';
import type { PaySimState } from './state';
import { MERCHANT_NAME } from './types';

/**
 * Adds `payResult=<v>` to a return URL. Hash-routed pages (`…/#/pages/x?id=1`)
 * read their query from the fragment, so when there is a `#` the parameter
 * goes into the fragment's query; otherwise into the ordinary query string.
 */
export function withPayResult(url: string, result: 'ok' | 'cancel'): string {
  const hash = url.indexOf('#');
  const param = `payResult=${result}`;
  if (hash >= 0) {
    const frag = url.slice(hash);
    return `${url.slice(0, hash)}${frag}${frag.includes('?') ? '&' : '?'}${param}`;
  }
  return `${url}${url.includes('?') ? '&' : '?'}${param}`;
}

/** Only http(s) URLs and same-origin paths (`/…`) are followed as return URLs (no javascript: and the like). */
export function safeReturnUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw) return undefined;
  if (raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\')) return raw;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? raw : undefined;
  } catch {
    return undefined;
  }
}

const STYLE = `*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;color:#191919}
.bar{background:#ededed;text-align:center;padding:14px 0;font-size:17px;font-weight:500;border-bottom:1px solid #d9d9d9}
.card{background:#fff;margin:16px 12px;border-radius:8px;padding:28px 20px;text-align:center}
.merchant{font-size:16px;color:#555}.amount{font-size:40px;font-weight:600;margin:12px 0 24px}.amount small{font-size:26px;margin-right:2px}
.row{display:flex;justify-content:space-between;font-size:14px;color:#888;padding:10px 0;border-top:1px solid #f0f0f0;text-align:left}.row span:last-child{color:#333;max-width:65%;text-align:right;word-break:break-all}
.btns{margin:24px 12px}.btn{display:block;width:100%;border:0;border-radius:8px;font-size:17px;padding:13px 0;margin-bottom:12px}
.pay{background:#07c160;color:#fff}.pay:disabled{background:#9ed99d}.cancel{background:#fff;color:#191919}
.tip{font-size:12px;color:#b2b2b2;text-align:center;margin-top:8px}.ok{color:#07c160;font-size:56px}.err{color:#fa5151;font-size:56px}.msg{color:#fa5151;font-size:14px;min-height:20px;margin:8px 0 0}`;

function shell(title: string, inner: string, status = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>${esc(title)}</title><style>${STYLE}</style></head><body data-status="${esc(status)}"><div class="bar">微信支付</div>${inner}</body></html>`;
}

export function renderPayerError(title: string, detail: string, returnUrl?: string): string {
  const back = returnUrl
    ? `<div class="btns"><a class="btn cancel" style="text-align:center;text-decoration:none" href="${esc(withPayResult(returnUrl, 'cancel'))}">返回商户</a></div>`
    : '';
  return shell(
    title,
    `<div class="card"><div class="err">!</div><h2>${esc(title)}</h2><p class="merchant">${esc(detail)}</p></div>${back}<p class="tip">微信支付模拟器</p>`,
    'error',
  );
}

/** Renders the cashier page for a prepay_id, or a Chinese error page. */
export async function renderPayerPage(
  state: PaySimState,
  prefix: string,
  prepayId: unknown,
  rawReturn: unknown,
): Promise<{ status: number; html: string }> {
  const returnUrl = safeReturnUrl(rawReturn);
  if (typeof prepayId !== 'string' || !prepayId)
    return { status: 400, html: renderPayerError('缺少支付参数', '链接中没有 prepay_id，请返回商户重新发起支付。', returnUrl) };
  const info = await state.orders.prepayInfo(prepayId);
  if (!info.order)
    return {
      status: 404,
      html: renderPayerError('支付单不存在', '该支付单（prepay_id）不存在，请返回商户重新下单。', returnUrl),
    };
  if (info.expired)
    return {
      status: 410,
      html: renderPayerError('支付单已过期', '该支付单已超过 2 小时有效期，请返回商户重新发起支付。', returnUrl),
    };
  const o = info.order;
  const s = await state.orders.tradeState(o);
  if (s === 'SUCCESS' || s === 'REFUND') {
    const back = returnUrl
      ? `<div class="btns"><a class="btn pay" style="text-align:center;text-decoration:none" href="${esc(withPayResult(returnUrl, 'ok'))}">返回商户</a></div>`
      : '';
    return {
      status: 200,
      html: shell(
        '订单已支付',
        `<div class="card"><div class="ok">✓</div><h2>该订单已支付</h2><p class="merchant">${esc(MERCHANT_NAME)}</p></div>${back}`,
        'paid',
      ),
    };
  }
  if (s === 'CLOSED')
    return { status: 409, html: renderPayerError('订单已关闭', '该订单已关闭或已超时，请返回商户重新下单。', returnUrl) };
  const cfg = {
    control: `${prefix}/control/pay`,
    prepayId,
    ok: returnUrl ? withPayResult(returnUrl, 'ok') : null,
    cancel: returnUrl ? withPayResult(returnUrl, 'cancel') : null,
  };
  const json = JSON.stringify(cfg).replace(/</g, '\\u003c');
  const inner = `<div class="card" id="sheet">
<div class="merchant">${esc(MERCHANT_NAME)}</div>
<div class="amount" id="amount"><small>¥</small>${yuan(o.total)}</div>
<div class="row"><span>商品</span><span id="description">${esc(o.description)}</span></div>
<div class="row"><span>收款方</span><span>${esc(MERCHANT_NAME)}</span></div>
<div class="row"><span>付款方式</span><span>零钱</span></div>
<p class="msg" id="msg"></p></div>
<div class="btns" id="btns"><button class="btn pay" id="confirm">确认支付</button><button class="btn cancel" id="cancel">取消</button></div>
<div class="card" id="done" style="display:none"><div class="ok">✓</div><h2>支付成功</h2><p class="merchant">${esc(MERCHANT_NAME)} ¥${yuan(o.total)}</p></div>
<p class="tip">微信支付模拟器 · 不会产生真实扣款</p>
<script>(function(){var c=${json};
function post(action){return fetch(c.control,{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({prepay_id:c.prepayId,action:action})}).then(function(r){return r.json().then(function(b){if(!r.ok)throw new Error(b.message||('HTTP '+r.status));return b;});});}
var btn=document.getElementById('confirm'),msg=document.getElementById('msg');
btn.onclick=function(){btn.disabled=true;btn.textContent='支付中…';msg.textContent='';
post('confirm').then(function(){document.getElementById('sheet').style.display='none';document.getElementById('btns').style.display='none';document.getElementById('done').style.display='block';document.body.setAttribute('data-status','paid');
if(c.ok)setTimeout(function(){location.replace(c.ok);},800);}).catch(function(e){msg.textContent='支付失败：'+e.message;btn.disabled=false;btn.textContent='确认支付';});};
document.getElementById('cancel').onclick=function(){post('cancel').catch(function(){}).then(function(){document.body.setAttribute('data-status','cancelled');if(c.cancel)location.replace(c.cancel);else{msg.textContent='已取消支付';}});};
})();</script>`;
  return { status: 200, html: shell(`${MERCHANT_NAME} · 微信支付`, inner, 'pending') };
}

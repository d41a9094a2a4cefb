import type { SentMessage, SimulatorState } from './state';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small operator console: demo identities, API call counts, faults, sent messages. */
export function renderConsole(state: SimulatorState, prefix: string, messages: SentMessage[]): string {
  const users = state.demoUsers
    .map((u) => `<tr><td>${esc(u.nickname)}</td><td><code>${esc(u.openid)}</code></td><td>${esc(u.description)}</td></tr>`)
    .join('');
  const calls = Object.entries(state.calls)
    .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${v}</td></tr>`)
    .join('') || '<tr><td colspan="2">暂无调用</td></tr>';
  const faults = [...state.faults.entries()]
    .map(([k, f]) => `<tr><td>${esc(k)}</td><td>${esc(f.mode)}</td><td>${f.remaining ?? '∞'}</td></tr>`)
    .join('') || '<tr><td colspan="3">无</td></tr>';
  const msgs = messages
    .slice()
    .reverse()
    .map((m) => `<tr><td>${esc(m.at)}</td><td><code>${esc(m.touser)}</code></td><td>${esc(m.templateId)}</td><td><code>${esc(JSON.stringify(m.data))}</code></td></tr>`)
    .join('') || '<tr><td colspan="4">暂无消息</td></tr>';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>微信模拟器控制台 · HomeClub</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;background:#f5f5f5}
section{background:#fff;border-radius:8px;padding:16px;margin-bottom:16px}h1{color:#07c160}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #eee;padding:6px;text-align:left;font-size:14px}code{font-size:12px}</style></head><body>
<h1>微信模拟器控制台</h1>
<p>本地模拟微信小程序服务端接口（appid <code>${esc(state.appid)}</code>），仅接受本机请求。接口前缀 <code>${esc(prefix)}</code>。</p>
<section><h2>演示身份</h2><table><tr><th>昵称</th><th>openid</th><th>说明</th></tr>${users}</table></section>
<section><h2>接口调用次数</h2><table><tr><th>接口</th><th>次数</th></tr>${calls}</table></section>
<section><h2>故障注入</h2><table><tr><th>接口</th><th>模式</th><th>剩余次数</th></tr>${faults}</table>
<p>通过 <code>POST ${esc(prefix)}/control/faults {"api":"jscode2session","mode":"busy","times":1}</code> 开启，<code>DELETE ${esc(prefix)}/control/faults</code> 清除。</p></section>
<section><h2>已发送的订阅消息</h2><table><tr><th>时间</th><th>接收者</th><th>模板</th><th>内容</th></tr>${msgs}</table></section>
</body></html>`;
}

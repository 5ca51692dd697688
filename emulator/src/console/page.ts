/** The dev console's single page: plain HTML and a little script over /__console/api (no build step). */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nuanxin emulator console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#fafafa}
header{background:#1d3b2a;color:#fff;padding:10px 16px}h1{font-size:16px;margin:0}
main{display:grid;grid-template-columns:220px 1fr;gap:16px;padding:16px}
nav button{display:block;width:100%;text-align:left;margin:2px 0;padding:6px 8px;border:1px solid #ccc;background:#fff;cursor:pointer}
nav button.on{background:#e5f1ea;border-color:#1d3b2a}
section{min-width:0}pre{background:#fff;border:1px solid #ddd;padding:8px;overflow:auto;max-height:70vh;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
.muted{color:#555}
</style></head><body>
<header><h1>Nuanxin local CloudBase emulator — read-only console</h1></header>
<main><nav id="nav"></nav><section id="view"><p class="muted">Pick a collection, the outbox or the function log.</p></section></main>
<script>
const nav = document.getElementById('nav'), view = document.getElementById('view')
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => '&#' + c.charCodeAt(0) + ';')
const get = (p) => fetch(p).then((r) => r.json())
function button(label, fn) { const b = document.createElement('button'); b.textContent = label; b.onclick = () => { for (const x of nav.children) x.classList.remove('on'); b.classList.add('on'); fn() }; nav.appendChild(b) }
async function showCollection(name, offset) {
  const r = await get('/__console/api/documents?collection=' + encodeURIComponent(name) + '&limit=20&offset=' + offset)
  view.innerHTML = '<h2>' + esc(name) + '</h2>' + (r.error ? '<p>' + esc(r.error) + '</p>' : '') +
    '<pre>' + esc(JSON.stringify(r.documents, null, 2)) + '</pre>' +
    (offset > 0 ? '<button id="prev">previous 20</button> ' : '') + '<button id="next">next 20</button>'
  const p = document.getElementById('prev'); if (p) p.onclick = () => showCollection(name, Math.max(0, offset - 20))
  document.getElementById('next').onclick = () => showCollection(name, offset + 20)
}
async function showOutbox() {
  const r = await get('/__console/api/outbox')
  view.innerHTML = '<h2>Outbox (subscribeMessage.send)</h2><pre>' + esc(JSON.stringify(r.messages.slice().reverse(), null, 2)) + '</pre>'
}
async function showFunctions() {
  const r = await get('/__console/api/functions')
  const rows = r.invocations.slice().reverse().map((i) => '<tr><td>' + new Date(i.startedAt).toLocaleTimeString() + '</td><td>' + esc(i.functionName) + '</td><td>' + esc(i.openid || '') + '</td><td>' + esc(i.source) + '</td><td>' + esc(i.outcome || 'running') + '</td><td>' + (i.durationMs ?? '') + '</td><td>' + esc(i.error || '') + '</td></tr>').join('')
  const logs = r.logs.slice().reverse().map((l) => new Date(l.time).toLocaleTimeString() + ' ' + l.functionName + ' [' + l.level + '] ' + l.text).join('\\n')
  view.innerHTML = '<h2>Functions</h2><p class="muted">' + esc(r.functions.join(', ')) + '</p><table><tr><th>time</th><th>function</th><th>openid</th><th>source</th><th>outcome</th><th>ms</th><th>error</th></tr>' + rows + '</table><h3>Logs</h3><pre>' + esc(logs) + '</pre>'
}
get('/__console/api/collections').then((r) => {
  button('Outbox', showOutbox); button('Functions & logs', showFunctions)
  const list = Array.isArray(r.collections) ? r.collections : []
  for (const c of list) { const name = typeof c === 'string' ? c : c.name; const count = typeof c === 'object' && c.count !== undefined ? ' (' + c.count + ')' : ''; button(name + count, () => showCollection(name, 0)) }
  if (!r.available) nav.insertAdjacentHTML('beforeend', '<p class="muted">The database engine does not list collections yet.</p>')
})
</script></body></html>`

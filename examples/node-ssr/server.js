// A Node http server (no framework) that decides consent per request with
// consentry's Node entry, and renders each tracker live or held. Held tags use
// the markup the drop-in releases in place once the visitor accepts.
//
//   PORT=3000 TRUST_REGION_HEADERS=cloudflare node server.js
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createDecider, factsScript } from 'consentry';

const policy = JSON.parse(readFileSync(new URL('./policy.json', import.meta.url), 'utf8'));
// Trust a region header only when your edge overwrites it on every request.
const trusted = (process.env.TRUST_REGION_HEADERS || '').split(',').filter(Boolean);
const decider = createDecider(policy, { regionHeaders: trusted });
// The drop-in is three files served side by side: the guard (consentry.js,
// first in <head>) fetches the engine script and its wasm from beside itself.
const resolve = createRequire(import.meta.url).resolve;
const DROP_IN = {
  '/consentry.js': ['text/javascript', readFileSync(resolve('consentry/drop-in'))],
  '/consentry-engine.js': ['text/javascript', readFileSync(resolve('consentry/drop-in/engine'))],
  '/consentry_bg.wasm': ['application/wasm', readFileSync(resolve('consentry/wasm'))],
};

const TRACKERS = [
  { category: 'performance', service: 'google-analytics', src: 'https://www.google-analytics.com/analytics.js' },
  { category: 'targeting', service: 'meta-pixel', src: 'https://connect.facebook.net/en_US/fbevents.js' },
];

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Live: a normal script. Held: inert until the drop-in sees the grant.
function tag(t, decision) {
  const attrs = `data-category="${escape(t.category)}" data-service="${escape(t.service)}" src="${escape(t.src)}"`;
  return decision.allows(t.service)
    ? `<script async ${attrs}></script>`
    : `<script type="text/plain" ${attrs}></script>`;
}

function page(decision) {
  const rows = TRACKERS.map((t) => `<li data-service="${escape(t.service)}">${escape(t.service)} (${escape(t.category)}):
    <code>${escape(decision.decide(t.service))}</code></li>`).join('\n');
  // The config is JSON in a script element: `<` escaped so it cannot close it.
  const config = JSON.stringify(policy).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Consentry — Node SSR example</title>
<script type="application/json" id="consentry-config">${config}</script>
${factsScript(decision.facts())}
<script src="/consentry.js"></script>
${TRACKERS.map((t) => tag(t, decision)).join('\n')}
</head><body>
<h1>Node SSR example</h1>
<p id="decision" data-regime="${decision.regime}" data-banner="${decision.bannerNeeded}"
   data-stored="${decision.stored}" data-gpc="${decision.signals.gpc}">
  Regime ${decision.regime}; consent cookie: ${decision.stored}; GPC: ${decision.signals.gpc}.</p>
<ul>${rows}</ul>
<button type="button" data-consentry="open-preferences">Privacy settings</button>
</body></html>`;
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (DROP_IN[pathname]) {
    const [type, body] = DROP_IN[pathname];
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
    return res.end(body);
  }
  if (pathname !== '/') {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found');
  }
  // headersDistinct keeps repeated headers apart (Node ≥ 18.3); headers works too.
  const decision = decider.fromHeaders(req.headersDistinct || req.headers);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    // The page depends on the consent cookie and the signals.
    'Cache-Control': 'private, no-cache',
    Vary: ['Cookie', 'Sec-GPC', 'DNT', ...trusted.length ? ['CF-IPCountry'] : []].join(', '),
  });
  res.end(page(decision));
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST || '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`listening on http://${address}:${port}`);
});

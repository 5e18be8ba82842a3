// A Node http server (no framework) that decides consent per request with
// consentry's Node entry. The app renders its page as sites do, trackers
// written untagged; the page streams out through an HTML rewriter
// (./hold-trackers.js) that holds the blocked ones in the form the drop-in
// releases in place once the visitor accepts, as consentry-server's layer does.
//
//   PORT=3000 TRUST_REGION_HEADERS=cloudflare node server.js
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable, pipeline } from 'node:stream';
import { createDecider, factsScript } from 'consentry';
import { holdTrackers } from './hold-trackers.js';

const policy = JSON.parse(readFileSync(new URL('./policy.json', import.meta.url), 'utf8'));
// Trust a region header only when your edge overwrites it on every request.
const trusted = (process.env.TRUST_REGION_HEADERS || '').split(',').filter(Boolean);
const decider = createDecider(policy, { regionHeaders: trusted });
// The drop-in is four files served side by side: the guard (consentry.js,
// first in <head>) fetches the engine script, its wasm and the preferences
// dialog's data from beside itself.
const resolve = createRequire(import.meta.url).resolve;
const DROP_IN = {
  '/consentry.js': ['text/javascript', readFileSync(resolve('consentry/drop-in'))],
  '/consentry-engine.js': ['text/javascript', readFileSync(resolve('consentry/drop-in/engine'))],
  '/consentry_bg.wasm': ['application/wasm', readFileSync(resolve('consentry/wasm'))],
  '/consentry-dialog.json': ['application/json', readFileSync(resolve('consentry/dialog-data'))],
};
const SERVICES = ['google-analytics', 'meta-pixel', 'youtube'];

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The page as the app writes it, in pieces as a template engine would stream
// them: the trackers untagged, a preconnect and a preload ahead of the
// scripts they serve (the browser's preload scanner fetches all of these
// before any script on the page runs). The tags do not depend on the
// decision; the list only shows it.
function* page(decision) {
  // The config is JSON in a script element: `<` escaped so it cannot close it.
  const config = JSON.stringify(policy).replace(/</g, '\\u003c');
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Consentry — Node SSR example</title>
<script type="application/json" id="consentry-config">${config}</script>
${factsScript(decision.facts())}
<script src="/consentry.js"></script>
<link rel="preconnect" href="https://www.google-analytics.com">
<link rel="preload" as="script" href="https://connect.facebook.net/en_US/fbevents.js">
<script src="https://www.google-analytics.com/analytics.js"></script>
</head>`;
  const rows = SERVICES.map((s) => `<li data-service="${escape(s)}">${escape(s)}: <code>${escape(decision.decide(s))}</code></li>`);
  yield `<body>
<h1>Node SSR example</h1>
<p id="decision" data-regime="${decision.regime}" data-banner="${decision.bannerNeeded}"
   data-stored="${decision.stored}" data-gpc="${decision.signals.gpc}">
  Regime ${decision.regime}; consent cookie: ${decision.stored}; GPC: ${decision.signals.gpc}.</p>
<ul>${rows.join('\n')}</ul>
<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="YouTube video" width="560" height="315"></iframe>
<img src="https://www.facebook.com/tr?id=1&amp;ev=PageView" width="1" height="1" alt="">
<script src="https://connect.facebook.net/en_US/fbevents.js"></script>
<noscript><img src="https://www.facebook.com/tr?id=1&amp;ev=PageView&amp;noscript=1" width="1" height="1" alt=""></noscript>
<p><button type="button" data-consentry="open-preferences">Privacy settings</button></p>
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
  pipeline(Readable.from(page(decision)), holdTrackers(decision), res, (err) => {
    if (err) res.destroy(err);
  });
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST || '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`listening on http://${address}:${port}`);
});

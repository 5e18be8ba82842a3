// The built-in catalog with no config (issue 17): the vendor URLs of 45
// services inserted the way their snippets do (a loader creating a script,
// an embed or a stylesheet; static markup needs tagging or the server, see
// the README's Markup), served by the fake third-party server. Nothing of them is requested before consent;
// each category releases its services and no other; the never-held table
// (public CDNs, hosted libraries, payment scripts) loads at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, dropIn, T, THIRD_PARTY_HOSTS } from './harness.mjs';

// [catalog id, category, element]: the element's URL is what must not load.
const SERVICES = [
  // performance
  ['piano-analytics', 'performance', 'script', 'https://tag.aticdn.net/piano-analytics.js'],
  ['etracker', 'performance', 'script', 'https://code.etracker.com/code/e.js'],
  ['econda', 'performance', 'script', 'https://l.econda-monitor.de/loader.js'],
  ['mapp-intelligence', 'performance', 'script', 'https://responder.wt-safetag.com/resp/api/get/123.js'],
  ['gemius', 'performance', 'script', 'https://gapl.hit.gemius.pl/xgemius.js'],
  ['infonline', 'performance', 'script', 'https://script.ioam.de/iam.js'],
  ['parsely', 'performance', 'script', 'https://cdn.parsely.com/keys/shop.test/p.js'],
  ['kameleoon', 'performance', 'script', 'https://abc123.kameleoon.eu/engine.js'],
  ['simple-analytics', 'performance', 'script', 'https://scripts.simpleanalyticscdn.com/latest.js'],
  ['umami-cloud', 'performance', 'script', 'https://cloud.umami.is/script.js'],
  ['tealium-iq', 'performance', 'script', 'https://tags.tiqcdn.com/utag/acct/main/prod/utag.js'],
  ['commanders-act', 'performance', 'script', 'https://cdn.tagcommander.com/1234/tc_shop_1.js'],
  ['inspectlet', 'performance', 'script', 'https://cdn.inspectlet.com/inspectlet.js'],
  ['dynatrace-rum', 'performance', 'script', 'https://js-cdn.dynatrace.com/jstag/abc/ruxitagent.js'],
  ['hotjar', 'performance', 'script', 'https://static.hotjar.com/c/hotjar-1.js'],
  // targeting
  ['adform', 'targeting', 'script', 'https://s2.adform.net/banners/scripts/st/trackpoint-async.js'],
  ['teads', 'targeting', 'script', 'https://a.teads.tv/page/123/tag'],
  ['weborama', 'targeting', 'script', 'https://cstatic.weborama.fr/js/advertiserv2/adperf_conversion.js'],
  ['equativ', 'targeting', 'script', 'https://ced.sascdn.com/tag/123/smart.js'],
  ['mediamath', 'targeting', 'script', 'https://pixel.mathtag.com/event/js?mt_id=1'],
  ['awin', 'targeting', 'script', 'https://www.dwin1.com/12345.js'],
  ['ezoic', 'targeting', 'script', 'https://www.ezojs.com/ezoic/sa.min.js'],
  ['lotame', 'targeting', 'script', 'https://tags.crwdcntrl.net/lt/c/123/lt.min.js'],
  ['id5', 'targeting', 'script', 'https://cdn.id5-sync.com/api/1.0/id5-api.js'],
  ['permutive', 'targeting', 'script', 'https://cdn.permutive.com/shop-web.js'],
  ['optinmonster', 'targeting', 'script', 'https://a.omappapi.com/app/js/api.min.js'],
  ['omnisend', 'targeting', 'script', 'https://omnisnippet1.com/inshop/launcher-v2.js'],
  ['leadfeeder', 'targeting', 'script', 'https://sc.lfeeder.com/lftracker_v1_abc.js'],
  ['6sense', 'targeting', 'script', 'https://j.6sc.co/6si.min.js'],
  ['activecampaign', 'targeting', 'img', 'https://trackcmp.net/visit?actid=1'],
  // functionality
  ['google-fonts', 'functionality', 'link', 'https://fonts.googleapis.com/css2?family=Inter'],
  ['adobe-fonts', 'functionality', 'link', 'https://use.typekit.net/abc1def.css'],
  ['trustpilot', 'functionality', 'script', 'https://widget.trustpilot.com/bootstrap/v5/tp.widget.bootstrap.min.js'],
  ['trusted-shops', 'functionality', 'script', 'https://widgets.trustedshops.com/js/X0123.js'],
  ['deezer', 'functionality', 'iframe', 'https://widget.deezer.com/widget/auto/playlist/1'],
  ['mixcloud', 'functionality', 'iframe', 'https://www.mixcloud.com/widget/iframe/?feed=x'],
  ['issuu', 'functionality', 'iframe', 'https://e.issuu.com/embed.html?d=x'],
  ['prezi', 'functionality', 'iframe', 'https://prezi.com/p/embed/abc/'],
  ['google-docs', 'functionality', 'iframe', 'https://docs.google.com/document/d/e/abc/pub?embedded=true'],
  ['google-sheets', 'functionality', 'iframe', 'https://docs.google.com/spreadsheets/d/e/abc/pubhtml'],
  ['google-forms', 'functionality', 'iframe', 'https://docs.google.com/forms/d/e/abc/viewform?embedded=true'],
  ['mapbox', 'functionality', 'script', 'https://api.mapbox.com/mapbox-gl-js/v3.0.0/mapbox-gl.js'],
  ['jw-player', 'functionality', 'script', 'https://cdn.jwplayer.com/libraries/abc.js'],
  ['smartsupp', 'functionality', 'script', 'https://www.smartsuppchat.com/loader.js'],
  ['jotform', 'functionality', 'script', 'https://form.jotform.com/jsform/123'],
];

// Never held: public CDNs, hosted libraries, payment scripts.
const NEVER_HELD = [
  'https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js',
  'https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js',
  'https://unpkg.com/react@18/umd/react.production.min.js',
  'https://ajax.googleapis.com/ajax/libs/jquery/3.7.1/jquery.min.js',
  'https://code.jquery.com/jquery-3.7.1.min.js',
  'https://js.stripe.com/v3/',
  'https://www.paypal.com/sdk/js?client-id=sb',
];

const hostOf = (u) => new URL(u).host;
for (const u of [...SERVICES.map((s) => s[3]), ...NEVER_HELD]) {
  if (!THIRD_PARTY_HOSTS.includes(hostOf(u))) THIRD_PARTY_HOSTS.push(hostOf(u));
}

// One vendor-style loader per service: page code creating the element.
const loader = ([, , kind, url]) => {
  if (kind === 'script') {
    return `(function(d,u){var s=d.createElement('script');s.async=1;s.src=u;var f=d.getElementsByTagName('script')[0];f.parentNode.insertBefore(s,f)})(document,${JSON.stringify(url)});`;
  }
  if (kind === 'link') {
    return `(function(d,u){var l=d.createElement('link');l.rel='stylesheet';l.href=u;d.head.appendChild(l)})(document,${JSON.stringify(url)});`;
  }
  if (kind === 'iframe') {
    return `document.getElementById('embeds').insertAdjacentHTML('beforeend','<iframe src="${url.replace(/&/g, '&amp;')}"></iframe>');`;
  }
  return `new Image().src=${JSON.stringify(url)};`;
};
const key = (url) => { const u = new URL(url); return u.host + u.pathname; };
const none = (s, list) => {
  const leaked = list.filter(([, , , url]) => s.hits(key(url)).length).map(([id, , , url]) => `${id} ${url}`);
  assert.deepEqual(leaked, [], `requested:\n${s.log()}`);
};

test('catalog: 45 services with no config, nothing before consent, each category releases its own', T, async (t) => {
  assert.ok(SERVICES.length >= 40);
  const s = await launch(t);
  // The never-held scripts through the same loader, so the guard judges them.
  const loaders = [...SERVICES, ...NEVER_HELD.map((u) => ['', '', 'script', u])].map(loader);
  const body = `<div id="embeds"></div>\n<script>${loaders.join('\n')}</script>`;
  await s.open(dropIn({ body }), { path: '/' });
  for (const u of NEVER_HELD) await s.waitForHit(key(u));
  await s.settle(500);
  none(s, SERVICES);

  const granted = [];
  for (const category of ['performance', 'targeting', 'functionality']) {
    granted.push(category);
    await s.call('setConsent', { categories: [...granted] });
    for (const [id, c, , url] of SERVICES) {
      if (c === category) assert.ok((await s.waitForHit(key(url))).length, `${id} released by ${category}`);
    }
    await s.settle(300);
    none(s, SERVICES.filter(([, c]) => !granted.includes(c)));
  }
});

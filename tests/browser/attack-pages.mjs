// The attack pages of tests/browser/attacks.test.mjs, shared with the same
// pages run under the service worker (attacks-sw.test.mjs): first-party code
// that reaches a catalog tracker the way real vendor code, old ad code or a
// hostile script does, one page per class, each variant marking its URL with
// `v=<name>` so a leak names its variant.
import { createHash } from 'node:crypto';
import { dropIn } from './harness.mjs';

export const TRACKERS = ['www.facebook.com', 'connect.facebook.net', 'www.google-analytics.com',
  'static.hotjar.com', 'googleads.g.doubleclick.net', 'www.youtube.com', 'www.googletagmanager.com'];
export const PIXEL = (v) => `https://www.facebook.com/tr?v=${v}`;
const CSP_CODE = `new Image().src = "${PIXEL('csp-attr')}"`;
const CSP_HASH = createHash('sha256').update(CSP_CODE).digest('base64');
const CSP_NESTED = `new Image().src = "${PIXEL('csp-nested')}"`;
const CSP_NESTED_HASH = createHash('sha256').update(CSP_NESTED).digest('base64');
export const SCRIPT = (v) => `https://connect.facebook.net/en_US/fbevents.js?v=${v}`;

// Helpers every attack page has: P(html) parses markup where nothing loads
// (DOMParser) and returns its first element, so only the insertion path under
// test can hold it; `run(name, fn)` isolates a variant's exceptions.
export const PRELUDE = `
<div id="box"></div><svg id="svg" width="1" height="1"></svg><iframe name="pf" id="pf"></iframe>
<script>
  window.__errors = {}; window.__skipped = [];
  function skip(name) { window.__skipped.push(name); }
  function P(h) { return new DOMParser().parseFromString(h, 'text/html').body.firstElementChild; }
  function run(name, fn) { try { var r = fn(); if (r && r.catch) r.catch(function () {}); } catch (e) { window.__errors[name] = String(e); } }
  function blank() { var f = document.createElement('iframe'); document.body.appendChild(f); return f; }
  var PIXEL = function (v) { return ${JSON.stringify(PIXEL('@'))}.replace('@', v); };
  var SCRIPT = function (v) { return ${JSON.stringify(SCRIPT('@'))}.replace('@', v); };
  var box = document.getElementById('box');
  var SVG_NS = 'http://www.w3.org/2000/svg', XLINK = 'http://www.w3.org/1999/xlink', frameN = 0;
  // A srcdoc frame whose location go(w, url) sets once it has loaded
  // (the Navigation API's navigate event; WebKit has none: skipped there).
  function locFrame(v, go) {
    if (!window.navigation) return skip(v);
    var f = document.createElement('iframe'); f.srcdoc = '<p>' + v + '</p>';
    f.onload = function () { f.onload = null; run(v, function () { go(f.contentWindow, PIXEL(v)); }); };
    box.appendChild(f);
  }
  function named() { var f = blank(); return f.name = 'nf' + frameN++; }
  // A visible 9×9 SVG with an empty filter that a rectangle uses.
  function svg9() { var n = 'f' + frameN++; box.insertAdjacentHTML('beforeend', '<svg width="9" height="9"><filter id="' + n + '"></filter><rect width="9" height="9" filter="url(#' + n + ')"/></svg>'); return box.lastElementChild; }
</script>`;

// WebKit never loads an animated href (measured without the guard): its
// SMIL variants are held there too, but have nothing to release.
const SMIL_LOADS = 'chromium firefox';

// name → [code, released after Accept all (an element, or in the engines
// named), not a refused request]
export const CLASSES = {
  'other realms': {
    'about:blank fetch': ["blank().contentWindow.fetch(PIXEL('realm-fetch'))"],
    'frames[] sendBeacon': ["frames.pf.navigator.sendBeacon(PIXEL('realm-beacon'))", false, 'queued'],
    'frame Image': ["new (blank().contentWindow.Image)().src = PIXEL('realm-image')", false],
    'frame XHR': ["var x = new (blank().contentWindow.XMLHttpRequest)(); x.open('GET', PIXEL('realm-xhr')); x.send()", false, 'queued'],
    'frame src setter on a page element': ["var i = document.createElement('img'); Object.getOwnPropertyDescriptor(blank().contentWindow.HTMLImageElement.prototype, 'src').set.call(i, PIXEL('realm-setter')); box.appendChild(i)", true],
    'frame setAttribute': ["var i = document.createElement('img'); blank().contentWindow.Element.prototype.setAttribute.call(i, 'src', PIXEL('realm-setattr')); box.appendChild(i)", true],
    'frame document script': ["var d = blank().contentDocument, s = d.createElement('script'); s.src = SCRIPT('realm-script'); d.body.appendChild(s)", true],
    'frame document.write': ["var d = blank().contentDocument; d.open(); d.write('<img src=\"' + PIXEL('realm-write') + '\">'); d.close()"],
    'srcdoc document script': ["var f = document.createElement('iframe'); f.srcdoc = '<script>fetch(\"' + PIXEL('srcdoc-fetch') + '\")<\\/script><img src=\"' + PIXEL('srcdoc-img') + '\">'; box.appendChild(f)"],
    'srcdoc image, held in the markup': ["var f = document.createElement('iframe'); f.srcdoc = '<img src=\"' + PIXEL('srcdoc-held') + '\">'; box.appendChild(f)", true],
    'srcdoc by setAttribute': ["var f = document.createElement('iframe'); box.appendChild(f); f.setAttribute('srcdoc', '<script>new Image().src = \"' + PIXEL('srcdoc-attr') + '\"<\\/script>')"],
    'javascript: URL frame': ["var f = document.createElement('iframe'); f.src = 'javascript:void(new Image().src=\"' + PIXEL('js-url') + '\")'; box.appendChild(f)"],
    'popup without a click': ["var w = window.open('', '_blank'); if (w) { w.fetch(PIXEL('popup')); w.close(); }"],
    'frame appendChild into the page': ["var f = blank(); var i = P('<img src=\"' + PIXEL('realm-append') + '\">'); f.contentWindow.Node.prototype.appendChild.call(box, i)", true],
    // Page code that runs before an insertion returns (a script or a custom
    // element inserted with a frame, a script written after one) reaches the
    // frame's new realm by its name or index, which no getter guards.
    'a script inserted with a frame reaches it by index': ["var f = document.createElement('iframe'); f.src = '/fp.gif?frag-frame'; var s = document.createElement('script'); s.text = \"window[window.length - 1].navigator.sendBeacon(PIXEL('frag-script'))\"; var fr = document.createDocumentFragment(); fr.append(f, s); document.body.appendChild(fr)", false, 'queued'],
    'a script inserted with a frame reaches it by name': ["var f = document.createElement('iframe'); f.src = 'https://cdn.allowed.example/x.html'; f.name = 'fragnamed'; var s = document.createElement('script'); s.text = \"fragnamed.navigator.sendBeacon(PIXEL('frag-named'))\"; var d = document.createElement('div'); d.append(f, s); box.appendChild(d)", false, 'queued'],
    'a custom element inserted with a frame reaches it': ["customElements.define('x-peek-frame', class extends HTMLElement { connectedCallback() { window.cefr.navigator.sendBeacon(PIXEL('ce-frames')); } }); var f = document.createElement('iframe'); f.src = '/fp.gif?ce-frame'; f.name = 'cefr'; var d = document.createElement('div'); d.append(f, document.createElement('x-peek-frame')); box.appendChild(d)", false, 'queued'],
    'a script written after a frame reaches it': ["document.write('<iframe name=\"wfr\" src=\"/fp.gif?w-frame\"></iframe><script>wfr.navigator.sendBeacon(PIXEL(\"write-frames\"))<\\/script>')", false, 'queued'],
  },
  'attribute APIs': {
    'srcdoc by setAttributeNS after insertion': ["var f = document.createElement('iframe'); box.appendChild(f); f.setAttributeNS(null, 'srcdoc', '<img src=\"' + PIXEL('srcdoc-ns') + '\">')", true],
    'srcdoc by an Attr node': ["var f = document.createElement('iframe'), a = document.createAttribute('srcdoc'); a.value = '<img src=\"' + PIXEL('srcdoc-attrnode') + '\">'; box.appendChild(f); f.setAttributeNode(a)", true],
    'srcdoc by attr.value after insertion': ["var f = document.createElement('iframe'), a = document.createAttribute('srcdoc'); f.setAttributeNode(a); box.appendChild(f); a.value = '<img src=\"' + PIXEL('srcdoc-attrvalue') + '\">'", true],
    "a frame's <base> by its href property": ["var f = blank(), d = f.contentDocument, b = d.createElement('base'); d.head.appendChild(b); b.href = 'https://www.facebook.com/'; var i = d.createElement('img'); i.src = 'tr?v=frame-base-img'; d.body.appendChild(i)"],
    setAttributeNS: ["var i = document.createElement('img'); i.setAttributeNS(null, 'src', PIXEL('ns')); box.appendChild(i)", true],
    'Attr node': ["var i = document.createElement('img'), a = document.createAttribute('src'); a.value = PIXEL('attr-node'); i.setAttributeNode(a); box.appendChild(i)", true],
    'attr.value after attaching': ["var i = document.createElement('img'), a = document.createAttribute('src'); i.setAttributeNode(a); box.appendChild(i); a.value = PIXEL('attr-value')", true],
    'attr.nodeValue': ["var i = document.createElement('img'), a = document.createAttribute('src'); i.setAttributeNode(a); box.appendChild(i); a.nodeValue = PIXEL('attr-nodevalue')", true],
    'attr.textContent': ["var i = document.createElement('img'), a = document.createAttribute('src'); i.setAttributeNode(a); box.appendChild(i); a.textContent = PIXEL('attr-text')", true],
    'attributes.setNamedItem': ["var i = document.createElement('img'), a = document.createAttribute('src'); a.value = PIXEL('named'); i.attributes.setNamedItem(a); box.appendChild(i)", true],
    'link rel after href': ["var l = document.createElement('link'); l.href = SCRIPT('rel-late'); document.head.appendChild(l); l.rel = 'preload'; l.as = 'script'"],
    'link relList.add': ["var l = document.createElement('link'); l.as = 'script'; l.href = SCRIPT('rellist'); document.head.appendChild(l); l.relList.add('preload')"],
    'link imagesrcset': ["var l = document.createElement('link'); l.rel = 'preload'; l.as = 'image'; l.imageSrcset = PIXEL('imagesrcset') + ' 1x'; document.head.appendChild(l)"],
    'script type after src': ["var s = document.createElement('script'); s.src = SCRIPT('type-late'); s.type = 'text/javascript'; document.head.appendChild(s)", true],
    'held script re-inserted with a new type': ["var s = document.createElement('script'); s.src = SCRIPT('reinsert'); document.head.appendChild(s); s.remove(); s.setAttribute('type', 'text/javascript'); document.head.appendChild(s)", true],
    // The xlink namespace's href loads whatever prefix names it.
    'setAttributeNS xlink href under another prefix': ["var im = document.createElementNS(SVG_NS, 'image'); im.setAttributeNS(XLINK, 'q:href', PIXEL('xlink-prefix')); document.getElementById('svg').appendChild(im)", true],
    'Attr node of xlink href under another prefix': ["var im = document.createElementNS(SVG_NS, 'image'), a = document.createAttributeNS(XLINK, 'q:href'); a.value = PIXEL('xlink-attrnode'); im.setAttributeNodeNS(a); document.getElementById('svg').appendChild(im)", true],
    'SVG script, xlink href under another prefix': ["var s = document.createElementNS(SVG_NS, 'script'); s.setAttributeNS(XLINK, 'q:href', SCRIPT('xlink-script')); document.getElementById('svg').appendChild(s)", true],
  },
  'value coercion': {
    // Detached images: they fetch as soon as their src is set, no insertion to catch them.
    'src object read twice': ["var n = 0, i = document.createElement('img'); i.src = { toString: function () { return n++ ? PIXEL('flip-src') : '/fp.gif?flip' } }; window.__i1 = i"],
    'setAttribute value read twice': ["var n = 0, i = document.createElement('img'); i.setAttribute('src', { toString: function () { return n++ ? PIXEL('flip-attr') : '/fp.gif?flip2' } }); window.__i2 = i"],
    'setAttribute name read twice': ["var n = 0, i = document.createElement('img'); i.setAttribute({ toString: function () { return n++ ? 'src' : 'alt' } }, PIXEL('flip-name')); window.__i3 = i"],
    'setAttribute name, then detached': ["var i = new Image(); i.setAttribute('SRC', PIXEL('upper-name')); window.__i4 = i"],
    'fetch URL read twice': ["var n = 0; fetch({ toString: function () { return n++ ? PIXEL('flip-fetch') : '/fp.gif?flip3' } })"],
    'sendBeacon URL read twice': ["var n = 0; navigator.sendBeacon({ toString: function () { return n++ ? PIXEL('flip-beacon') : '/fp.gif?flip4' } })"],
    // An argument the guard reads once and the browser would convert again (2026-12-07, session 22's sweep).
    // The position read once is 'bogus': the browser's own SyntaxError, nothing inserted.
    'insertAdjacentHTML position read twice': ["var n = 0; try { box.insertAdjacentHTML({ toString: function () { return n++ ? 'beforeend' : 'bogus'; } }, '<img src=\"' + PIXEL('iah-pos') + '\"><link rel=stylesheet href=\"' + PIXEL('iah-pos-link') + '\">'); } catch (e) { window.__iah = String(e); }"],
    'setAttributeNS namespace an object': ["var im = document.createElementNS(SVG_NS, 'image'); im.setAttributeNS({ toString: function () { return XLINK; } }, 'q:href', PIXEL('ns-object')); window.__i5 = im"],
    'setAttributeNS namespace an array, after insertion': ["var im = document.createElementNS(SVG_NS, 'image'); document.getElementById('svg').appendChild(im); im.setAttributeNS([XLINK], 'a:href', PIXEL('ns-array'))", true],
    'innerHTML read twice': ["var n = 0; box.innerHTML = { toString: function () { return n++ ? '<img src=\"' + PIXEL('flip-html') + '\">' : '<b>x</b>' } }"],
  },
  'insertion and parsing': {
    // Loads no element makes: an import map's entry, a web bundle's source,
    // an xml-stylesheet processing instruction among the document's children.
    'import map entry to a tracker': ["var s = document.createElement('script'); s.type = 'importmap'; s.textContent = JSON.stringify({ imports: { trk: PIXEL('importmap'), own: '/own.js' } }); document.head.appendChild(s); return import('trk')"],
    'import map scope entry to a tracker': ["var s = document.createElement('script'); s.type = 'importmap'; s.textContent = JSON.stringify({ scopes: { '/': { trk2: PIXEL('importmap-scope') } } }); document.head.appendChild(s); return import('trk2')"],
    'web bundle source': ["var s = document.createElement('script'); s.type = 'webbundle'; s.textContent = JSON.stringify({ source: PIXEL('webbundle'), resources: ['https://www.facebook.com/x.js'] }); document.head.appendChild(s)"],
    'xml-stylesheet processing instruction': ["document.insertBefore(document.createProcessingInstruction('xml-stylesheet', 'type=\"text/css\" href=\"' + PIXEL('xml-pi') + '\"'), document.documentElement)"],
    // Chromium never fires the page's load once a connected one's data
    // changes (with or without the guard): skipped there.
    'xml-stylesheet processing instruction whose data changes': ["if (window.chrome) return skip('xml-stylesheet processing instruction whose data changes'); var p = document.createProcessingInstruction('xml-stylesheet', 'href=\"/own.css?pi-data\"'); document.insertBefore(p, document.documentElement); p.data = 'href=\"' + PIXEL('xml-pi-data') + '\"'"],
    'xml-stylesheet processing instruction replaceData': ["if (window.chrome) return skip('xml-stylesheet processing instruction replaceData'); var p = document.createProcessingInstruction('xml-stylesheet', 'href=\"/own.css?pi-replace\"'); document.insertBefore(p, document.documentElement); p.replaceData(0, p.data.length, 'href=\"' + PIXEL('xml-pi-replace') + '\"')"],
    'xml-stylesheet processing instruction in a fragment': ["var f = document.createDocumentFragment(); f.appendChild(document.createProcessingInstruction('xml-stylesheet', \"href='\" + PIXEL('xml-pi-frag') + \"'\")); document.insertBefore(f, document.documentElement)"],
    // The browser makes insertHTML's elements itself (WebKit loaded them before any observer).
    'execCommand insertHTML': ["var e = document.createElement('div'); e.contentEditable = 'true'; box.appendChild(e); e.focus(); document.execCommand('insertHTML', false, '<img src=\"' + PIXEL('exec-inserthtml') + '\">')", true],
    'execCommand insertHTML in a designMode frame': ["var d = blank().contentDocument; d.designMode = 'on'; d.body.focus(); d.execCommand('insertHTML', false, '<p>x</p><img src=\"' + PIXEL('exec-frame') + '\">')", true],
    'Text.after': ["var t = document.createTextNode('x'); box.appendChild(t); t.after(P('<img src=\"' + PIXEL('text-after') + '\">'))", true],
    'Comment.before': ["var c = document.createComment('x'); box.appendChild(c); c.before(P('<img src=\"' + PIXEL('comment-before') + '\">'))", true],
    'Range.insertNode': ["var r = document.createRange(); r.selectNodeContents(box); r.insertNode(P('<img src=\"' + PIXEL('range') + '\">'))", true],
    setHTMLUnsafe: ["var d = document.createElement('div'); box.appendChild(d); d.setHTMLUnsafe('<img src=\"' + PIXEL('sethtml') + '\">')", true],
    setHTML: ["var d = document.createElement('div'); box.appendChild(d); if (!d.setHTML) return skip('setHTML'); d.setHTML('<img src=\"' + PIXEL('sethtml-safe') + '\">', { sanitizer: { elements: ['img'], attributes: ['src'] } })", true],
    'shadow root setHTMLUnsafe': ["var h = document.createElement('div'); box.appendChild(h); h.attachShadow({ mode: 'open' }).setHTMLUnsafe('<img src=\"' + PIXEL('shadow-sethtml') + '\">')", true],
    'execCommand insertImage': ["var e = document.createElement('div'); e.contentEditable = 'true'; box.appendChild(e); e.focus(); document.execCommand('insertImage', false, PIXEL('insert-image'))", true],
    'shadow root innerHTML': ["var h = document.createElement('div'); box.appendChild(h); h.attachShadow({ mode: 'open' }).innerHTML = '<img src=\"' + PIXEL('shadow') + '\">'", true],
    'declarative shadow root': ["var d = document.createElement('div'); box.appendChild(d); d.setHTMLUnsafe('<div><template shadowrootmode=\"open\"><img src=\"' + PIXEL('dsd') + '\"></template></div>')", true],
    'Document.parseHTMLUnsafe, a declarative shadow root on the node inserted': ["if (!Document.parseHTMLUnsafe) return skip('Document.parseHTMLUnsafe, a declarative shadow root on the node inserted'); box.append(Document.parseHTMLUnsafe('<div><template shadowrootmode=\"open\"><img src=\"' + PIXEL('parse-dsd') + '\"></template></div>').body.firstChild)", true],
    'template content cloned with a clonable declarative shadow root': ["if (!Document.parseHTMLUnsafe) return skip('template content cloned with a clonable declarative shadow root'); var t = Document.parseHTMLUnsafe('<template><div><template shadowrootmode=\"open\" shadowrootclonable><img src=\"' + PIXEL('tpl-dsd-clone') + '\"></template></div></template>').querySelector('template'); box.append(t.content.cloneNode(true))", true],
    // The live parser is still inside the <svg> the first call opened: a
    // later call's <image> is SVG's there, not HTML's alias of <img>.
    'document.write split across calls inside an <svg>': ["document.write('<svg width=\"9\" height=\"9\">'); document.write('<image width=\"9\" height=\"9\" href=\"' + PIXEL('write-svg-split') + '\"/>'); document.write('</svg>')", true],
    'document.write split inside an SVG filter': ["document.write('<svg width=\"9\" height=\"9\"><filter id=\"wf\">'); document.write('<feImage href=\"' + PIXEL('write-feimage-split') + '\"/>'); document.write('</filter><rect width=\"9\" height=\"9\" filter=\"url(#wf)\"/></svg>')", true],
    'document.write of a declarative shadow root': ["document.write('<div><template shadowrootmode=\"open\"><img src=\"' + PIXEL('write-dsd') + '\"></template></div>')", true],
    'srcdoc with a declarative shadow root': ["var f = document.createElement('iframe'); f.srcdoc = '<div><template shadowrootmode=\"open\"><img src=\"' + PIXEL('srcdoc-dsd') + '\"></template></div>'; box.appendChild(f)", true],
    'blob: document with a declarative shadow root': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<div><template shadowrootmode=\"open\"><img src=\"' + PIXEL('blob-dsd') + '\"></template></div>'], { type: 'text/html' })); box.appendChild(f)", true],
    // A <base> on a tracker's host in an HTML string would send the relative URLs after it there.
    '<base> on a tracker host, then a relative image, by insertAdjacentHTML': ["box.insertAdjacentHTML('beforeend', '<base href=\"https://www.facebook.com/\"><img src=\"tr?v=base-inner\">')"],
    '<base> on a tracker host in a srcdoc': ["var f = document.createElement('iframe'); f.srcdoc = '<base href=\"https://www.facebook.com/\"><img src=\"tr?v=base-srcdoc\">'; box.appendChild(f)"],
    '<base> on a tracker host in a blob: document': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<base href=\"https://www.facebook.com/\"><img src=\"tr?v=base-blob\">'], { type: 'text/html' })); box.appendChild(f)"],
    // Setters and methods that insert the node they are given (WebKit loads
    // a parsed image at once).
    'table.caption = a parsed caption': ["var c = new DOMParser().parseFromString('<table><caption><img src=\"' + PIXEL('caption') + '\"></caption></table>', 'text/html').querySelector('caption'), t = document.createElement('table'); box.appendChild(t); t.caption = c", true],
    'table.tHead = a parsed thead': ["var c = new DOMParser().parseFromString('<table><thead><tr><th><img src=\"' + PIXEL('thead-set') + '\"></th></tr></thead></table>', 'text/html').querySelector('thead'), t = document.createElement('table'); box.appendChild(t); t.tHead = c", true],
    "a frame's document.body = a parsed body": ["var d = blank().contentDocument; d.body = new DOMParser().parseFromString('<body><img src=\"' + PIXEL('body-set') + '\"></body>', 'text/html').body", true],
    'select.add(a parsed option)': ["var o = new DOMParser().parseFromString('<option>x<img src=\"' + PIXEL('select-add') + '\"></option>', 'text/html').querySelector('option'), s = document.createElement('select'); box.appendChild(s); s.add(o)", true],
    'select[i] = a parsed option (an indexed setter)': ["var o = new DOMParser().parseFromString('<option>x<img src=\"' + PIXEL('select-index') + '\"></option>', 'text/html').querySelector('option'), s = document.createElement('select'); box.appendChild(s); s[0] = o", true],
    'select.options[i] = a parsed option': ["var o = new DOMParser().parseFromString('<option>x<img src=\"' + PIXEL('options-index') + '\"></option>', 'text/html').querySelector('option'), s = document.createElement('select'); box.appendChild(s); s.options[0] = o", true],
    'select.options.add(a template option)': ["var t = document.createElement('template'); t.innerHTML = '<option>x<img src=\"' + PIXEL('options-add') + '\"></option>'; var s = document.createElement('select'); box.appendChild(s); s.options.add(t.content.firstChild)", true],
    createContextualFragment: ["window.__frag = document.createRange().createContextualFragment('<img src=\"' + PIXEL('fragment') + '\">')"],
    'DOMParser + importNode': ["window.__imp = document.importNode(new DOMParser().parseFromString('<img src=\"' + PIXEL('import') + '\">', 'text/html').body.firstChild, true)"],
    'template + importNode': ["var t = document.createElement('template'); t.innerHTML = '<img src=\"' + PIXEL('template') + '\">'; window.__tpl = document.importNode(t.content, true)"],
    'XML document, xlink href under another prefix': ["var d = new DOMParser().parseFromString('<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:q=\"http://www.w3.org/1999/xlink\"><image width=\"9\" height=\"9\" q:href=\"' + PIXEL('xml-prefix').replace(/&/g, '&amp;') + '\"/></svg>', 'image/svg+xml'); document.getElementById('svg').appendChild(d.documentElement.firstChild)", true],
    'DOMParser + adoptNode': ["window.__adopt = document.adoptNode(new DOMParser().parseFromString('<img src=\"' + PIXEL('adopt') + '\">', 'text/html').body.firstChild)"],
    '<image> alias': ["box.insertAdjacentHTML('beforeend', '<image src=\"' + PIXEL('image-alias') + '\">')", true],
    '<table background>': ["box.insertAdjacentHTML('beforeend', '<table background=\"' + PIXEL('table-bg') + '\"><tr><td>x</td></tr></table>')", true],
    '<tbody>/<tr> background, markup': ["box.insertAdjacentHTML('beforeend', '<table><thead background=\"' + PIXEL('thead-bg') + '\"><tr><th>h</th></tr></thead><tbody background=\"' + PIXEL('tbody-bg') + '\"><tr background=\"' + PIXEL('tr-bg') + '\"><td>x</td></tr></tbody><tfoot background=\"' + PIXEL('tfoot-bg') + '\"><tr><td>f</td></tr></tfoot></table>')", true],
    '<tr background> set after insertion': ["var t = document.createElement('table'); box.appendChild(t); var r = t.insertRow(); r.insertCell().textContent = 'x'; r.setAttribute('background', PIXEL('tr-bg-set'))", true],
    '<col>/<colgroup> background': ["box.insertAdjacentHTML('beforeend', '<table><colgroup background=\"' + PIXEL('colgroup-bg') + '\"><col background=\"' + PIXEL('col-bg') + '\"></colgroup><tr><td>x</td></tr></table>')", 'chromium webkit'],
    'body.background': ["document.body.background = PIXEL('body-bg')", true],
    '<input type=image>': ["box.appendChild(P('<input type=\"image\" alt=\"\" src=\"' + PIXEL('input-image') + '\">'))", true],
    'SVG <image href>': ["var im = document.createElementNS('http://www.w3.org/2000/svg', 'image'); im.setAttribute('href', PIXEL('svg-image')); document.getElementById('svg').appendChild(im)", true],
    'SVG <image> href.baseVal': ["var im = document.createElementNS('http://www.w3.org/2000/svg', 'image'); document.getElementById('svg').appendChild(im); im.href.baseVal = PIXEL('svg-baseval')", true],
    'SVG <script href>': ["var s = document.createElementNS('http://www.w3.org/2000/svg', 'script'); s.setAttribute('href', SCRIPT('svg-script')); document.getElementById('svg').appendChild(s)", true],
    '<link rel=icon>': ["var l = document.createElement('link'); l.rel = 'icon'; l.href = PIXEL('icon'); document.head.appendChild(l)"],
    fetchLater: ["if (window.fetchLater) fetchLater(PIXEL('fetchlater'))"],
    'speculation rules': ["var r = document.createElement('script'); r.type = 'speculationrules'; r.text = JSON.stringify({ prefetch: [{ source: 'list', urls: [PIXEL('speculation')] }] }); document.head.appendChild(r)"],
  },
  // Constructors and interfaces page code can reach the browser's own
  // through, and other APIs that take a URL (session 18's sweep).
  'constructors and URL-taking APIs': {
    'EventSource.prototype.constructor': ["new EventSource.prototype.constructor(PIXEL('es-ctor'))"],
    'Object.getPrototypeOf(EventSource)': ["var O = Object.getPrototypeOf(EventSource); new O(PIXEL('es-proto'))"],
    'WebSocket.prototype.constructor': ["new WebSocket.prototype.constructor('wss://www.facebook.com/ws?v=ws-ctor')"],
    'WebSocketStream': ["if (!window.WebSocketStream) return skip('WebSocketStream'); new WebSocketStream('wss://www.youtube.com/wss?v=wss')"],
    'Navigator.prototype.sendBeacon': ["Navigator.prototype.sendBeacon.call(navigator, PIXEL('beacon-proto'))", false, 'queued'],
    "a frame's Navigator.prototype.sendBeacon": ["var w = blank().contentWindow; w.Navigator.prototype.sendBeacon.call(w.navigator, PIXEL('beacon-frame-proto'))", false, 'queued'],
    'delete navigator.sendBeacon': ["delete navigator.sendBeacon; navigator.sendBeacon(PIXEL('beacon-delete'))", false, 'queued'],
    'PaymentRequest with a URL payment method': ["if (!window.PaymentRequest) return skip('PaymentRequest with a URL payment method'); var r = new PaymentRequest([{ supportedMethods: 'https://www.facebook.com/pay?v=payreq' }], { total: { label: 'x', amount: { currency: 'EUR', value: '1' } } }); return r.canMakePayment()"],
    'FedCM identity provider': ["if (!navigator.credentials || !window.IdentityCredential) return skip('FedCM identity provider'); return navigator.credentials.get({ identity: { providers: [{ configURL: PIXEL('fedcm'), clientId: '1' }] } })"],
    'XSLT transformToFragment owned by the live document': ["var x = new DOMParser().parseFromString('<x/>', 'application/xml'), s = new DOMParser().parseFromString('<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><xsl:output method=\"html\"/><xsl:template match=\"/\"><img src=\"' + PIXEL('xslt').replace(/&/g, '&amp;') + '\"/></xsl:template></xsl:stylesheet>', 'application/xml'), p = new XSLTProcessor(); p.importStylesheet(s); window.__xf = p.transformToFragment(x, document)"],
    // Firefox fetches them as the stylesheet is imported (2026-12-07, session 22's sweep).
    'XSLT xsl:include': ["var p = new XSLTProcessor(); p.importStylesheet(new DOMParser().parseFromString('<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><xsl:include href=\"' + PIXEL('xsl-include') + '\"/><xsl:template match=\"/\"><x/></xsl:template></xsl:stylesheet>', 'application/xml'))"],
    "XSLT xsl:import, another realm's processor": ["var P = blank().contentWindow.XSLTProcessor, p = new P(); p.importStylesheet(new DOMParser().parseFromString('<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><xsl:import href=\"' + PIXEL('xsl-import') + '\"/><xsl:template match=\"/\"><x/></xsl:template></xsl:stylesheet>', 'application/xml').documentElement)"],
  },
  'page-started navigations': {
    'window.open without a click': ["window.__popup = window.open(PIXEL('open'), '_blank')"],
    'SVG <a xlink:href> by a synthetic click': ["var s = document.getElementById('svg'), a = document.createElementNS(SVG_NS, 'a'), r = document.createElementNS(SVG_NS, 'rect'); a.setAttributeNS(XLINK, 'xlink:href', PIXEL('svg-a-xlink')); a.setAttribute('target', named()); a.appendChild(r); s.appendChild(a); r.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))"],
    'navigation.navigate to a data: document': ["var w = blank().contentWindow; if (!w.navigation) return skip('navigation.navigate to a data: document'); w.navigation.navigate('data:text/html,' + encodeURIComponent('<img src=\"' + PIXEL('navigate-data') + '\">'))"],
    'window.open of a data: document into a frame': ["window.open('data:text/html,' + encodeURIComponent('<img src=\"' + PIXEL('open-data') + '\">'), named())"],
    'window.open of a javascript: string into a frame': ["window.open('javascript:' + encodeURIComponent(JSON.stringify('<img src=\"' + PIXEL('open-js') + '\">')), named())"],
    'link click() to a javascript: string into a frame': ["var a = document.createElement('a'); a.href = 'javascript:' + encodeURIComponent(JSON.stringify('<img src=\"' + PIXEL('click-js') + '\">')); a.target = named(); box.appendChild(a); a.click()"],
    'form submit of a data: document into a frame': ["var f = document.createElement('form'); f.method = 'GET'; f.action = 'data:text/html,' + encodeURIComponent('<img src=\"' + PIXEL('form-data') + '\">'); f.target = named(); box.appendChild(f); f.submit()"],
    // The Navigation API: a frame's location set through an interface that,
    // unlike Location's own, can be wrapped (WebKit has none).
    'a frame navigated by navigation.navigate()': ["var w = blank().contentWindow; if (w.navigation) w.navigation.navigate(PIXEL('navigation-navigate')); else skip('a frame navigated by navigation.navigate()')"],
    // Location's own members, which cannot be wrapped, of a frame past its
    // initial about:blank document (whose navigations fire no navigate
    // event: a documented gap) and of the page itself.
    'a srcdoc frame\'s location.href set': ["locFrame('loc-href', function (w, u) { w.location.href = u; })"],
    'a srcdoc frame\'s location.assign': ["locFrame('loc-assign', function (w, u) { w.location.assign(u); })"],
    'a srcdoc frame\'s location.replace': ["locFrame('loc-replace', function (w, u) { w.location.replace(u); })"],
    'a srcdoc frame\'s window.location set': ["locFrame('loc-window', function (w, u) { w.location = u; })"],
    'a srcdoc frame\'s own script sets its location': ["if (!window.navigation) return skip('a srcdoc frame\\'s own script sets its location'); var f = document.createElement('iframe'); f.srcdoc = '<p>x</p><script>setTimeout(function () { location.href = \"' + PIXEL('loc-own') + '\"; }, 50)<\\/script>'; box.appendChild(f)"],
    'document.open with three arguments into a frame': ["document.open(PIXEL('document-open'), 'pf', '')"],
    'form submit into a frame': ["var f = document.createElement('form'); f.method = 'GET'; f.action = PIXEL('form'); f.target = 'pf'; box.appendChild(f); f.submit()"],
    // Activations page code starts: the navigation is the event's default action.
    'link click() into a frame': ["var a = document.createElement('a'); a.href = PIXEL('a-click'); a.target = named(); box.appendChild(a); a.click()"],
    'detached link click()': ["var a = document.createElement('a'); a.href = PIXEL('a-detached'); a.target = named(); a.click()"],
    'synthetic click event on a link': ["var a = document.createElement('a'); a.href = PIXEL('a-dispatch'); a.target = named(); box.appendChild(a); a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))"],
    'click() on an element inside a link in a shadow root': ["var h = document.createElement('div'); box.appendChild(h); var a = document.createElement('a'); a.href = PIXEL('a-shadow'); a.target = named(); var sp = document.createElement('span'); a.appendChild(sp); h.attachShadow({ mode: 'closed' }).appendChild(a); sp.click()"],
    // The event's path goes through a slotted node's slot; a label's click
    // is sent on to its control.
    'click() on a node slotted into a link': ["var h = document.createElement('div'), sp = document.createElement('span'); h.appendChild(sp); box.appendChild(h); var a = document.createElement('a'); a.href = PIXEL('slot-click'); a.target = named(); a.appendChild(document.createElement('slot')); h.attachShadow({ mode: 'open' }).appendChild(a); sp.click()"],
    'synthetic click on a node slotted into a link in a closed root': ["var h = document.createElement('div'), sp = document.createElement('span'); h.appendChild(sp); box.appendChild(h); var a = document.createElement('a'); a.href = PIXEL('slot-closed'); a.target = named(); a.appendChild(document.createElement('slot')); h.attachShadow({ mode: 'closed' }).appendChild(a); sp.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }))"],
    'label click() to a control inside a link': ["var a = document.createElement('a'), i = document.createElement('input'), l = document.createElement('label'); a.href = PIXEL('label-link'); a.target = named(); i.id = 'lbl-in'; a.appendChild(i); box.appendChild(a); l.htmlFor = 'lbl-in'; box.appendChild(l); l.click()"],
    '<area> click()': ["var m = document.createElement('map'), a = document.createElement('area'); a.href = PIXEL('area'); a.target = named(); m.appendChild(a); box.appendChild(m); a.click()"],
    'link click() in the page itself': ["var a = document.createElement('a'); a.href = PIXEL('a-top'); box.appendChild(a); a.click()"],
    'submit button click()': ["var f = document.createElement('form'); f.method = 'POST'; f.action = PIXEL('btn-submit'); f.target = named(); f.innerHTML = '<button>x</button>'; box.appendChild(f); f.querySelector('button').click()"],
    'requestSubmit with a formaction': ["var f = document.createElement('form'); f.method = 'POST'; f.target = named(); f.innerHTML = '<button>x</button>'; f.firstChild.formAction = PIXEL('formaction'); box.appendChild(f); f.requestSubmit(f.firstChild)"],
    'submit button click() in a shadow root': ["var h = document.createElement('div'); box.appendChild(h); var f = document.createElement('form'); f.method = 'POST'; f.action = PIXEL('shadow-submit'); f.target = named(); f.innerHTML = '<button>x</button>'; h.attachShadow({ mode: 'open' }).appendChild(f); f.firstChild.click()"],
    // A shadow root's submit never reaches the window: the guard listens on
    // the root, before any listener page code can add there.
    'shadow-root submit whose page listener on the root stops it first': ["var h = document.createElement('div'); box.appendChild(h); var r = h.attachShadow({ mode: 'open' }); r.addEventListener('submit', function (e) { e.stopImmediatePropagation(); }, true); var f = document.createElement('form'); f.method = 'POST'; f.action = PIXEL('shadow-stop'); f.target = named(); f.innerHTML = '<button>x</button>'; r.appendChild(f); f.firstChild.click()"],
    'shadow-root submit stopped by a capture listener inside the root': ["var h = document.createElement('div'); box.appendChild(h); var r = h.attachShadow({ mode: 'closed' }), w = document.createElement('div'); r.appendChild(w); w.addEventListener('submit', function (e) { e.stopPropagation(); }, true); var f = document.createElement('form'); f.method = 'POST'; f.action = PIXEL('shadow-stop-in'); f.target = named(); f.innerHTML = '<button>x</button>'; w.appendChild(f); f.firstChild.click()"],
    'declarative shadow root submit whose page listener stops it': ["var h = document.createElement('div'); box.appendChild(h); h.setHTMLUnsafe('<div><template shadowrootmode=\"open\"><form method=\"POST\" action=\"' + PIXEL('dsd-submit') + '\" target=\"' + named() + '\"><button>x</button></form></template></div>'); var r = h.firstElementChild.shadowRoot; r.addEventListener('submit', function (e) { e.stopImmediatePropagation(); }, true); r.querySelector('button').click()"],
  },
  // A value page code changes while the guard's event is dispatched: the
  // browser reads the link's href or the form's action only after the
  // last listener, so what the guard judged at the start is not what loads.
  'values changed while an activation is dispatched': {
    'link click() whose listener sets a tracker href': ["var a = document.createElement('a'); a.href = '/fp.gif?late'; a.target = named(); a.addEventListener('click', function () { a.href = PIXEL('late-href'); }); box.appendChild(a); a.click()"],
    'link click() whose listener puts the href back': ["var a = document.createElement('a'); a.href = PIXEL('late-back'); a.target = named(); a.addEventListener('click', function () { a.setAttribute('href', PIXEL('late-back2')); }); box.appendChild(a); a.click()"],
    'link without href given one by a listener': ["var a = document.createElement('a'); a.target = named(); a.addEventListener('click', function () { a.setAttribute('href', PIXEL('late-nohref')); }); box.appendChild(a); a.click()"],
    'link hostname changed by a listener': ["var a = document.createElement('a'); a.href = '/tr?v=late-host'; a.target = named(); a.addEventListener('click', function () { a.hostname = 'www.facebook.com'; }); box.appendChild(a); a.click()"],
    'link href by an Attr node in a listener': ["var a = document.createElement('a'); a.href = '/fp.gif?late-attr'; a.target = named(); a.addEventListener('click', function () { a.getAttributeNode('href').value = PIXEL('late-attr'); }); box.appendChild(a); a.click()"],
    'requestSubmit whose listener sets a tracker action': ["var f = document.createElement('form'); f.method = 'POST'; f.action = '/fp.gif?late-form'; f.target = named(); f.innerHTML = '<button>x</button>'; f.addEventListener('submit', function () { f.action = PIXEL('late-action'); }); box.appendChild(f); f.requestSubmit()"],
    'requestSubmit whose listener sets a formaction': ["var f = document.createElement('form'); f.method = 'POST'; f.action = '/fp.gif?late-fa'; f.target = named(); f.innerHTML = '<button>x</button>'; f.addEventListener('submit', function () { f.firstChild.setAttribute('formaction', PIXEL('late-formaction')); }); box.appendChild(f); f.requestSubmit(f.firstChild)"],
    'requestSubmit whose listener removes a first-party formaction': ["var f = document.createElement('form'); f.method = 'POST'; f.action = PIXEL('late-unformaction'); f.target = named(); f.innerHTML = '<button formaction=\"/fp.gif?fa\">x</button>'; f.addEventListener('submit', function () { f.firstChild.removeAttribute('formaction'); }); box.appendChild(f); f.requestSubmit(f.firstChild)"],
    'requestSubmit whose formdata listener sets a tracker action': ["var f = document.createElement('form'); f.method = 'POST'; f.action = '/fp.gif?late-fd'; f.target = named(); f.innerHTML = '<button>x</button>'; f.addEventListener('formdata', function () { f.action = PIXEL('late-formdata'); }); box.appendChild(f); f.requestSubmit()"],
    'form.submit() whose formdata listener sets a tracker action': ["var f = document.createElement('form'); f.method = 'POST'; f.action = '/fp.gif?late-fd2'; f.target = named(); f.addEventListener('formdata', function () { f.setAttribute('action', PIXEL('late-formdata2')); }); box.appendChild(f); f.submit()"],
    'requestSubmit whose listener makes a first-party submitter a plain button': ["var f = document.createElement('form'); f.method = 'POST'; f.action = PIXEL('late-type'); f.target = named(); f.innerHTML = '<button formaction=\"/fp.gif?late-type\">x</button>'; f.addEventListener('submit', function () { f.firstChild.type = 'button'; }); box.appendChild(f); f.requestSubmit(f.firstChild)"],
    "link href set by another realm's setAttribute in a listener": ["var a = document.createElement('a'), E2 = blank().contentWindow.Element; a.href = '/fp.gif?late-realm'; a.target = named(); a.addEventListener('click', function () { E2.prototype.setAttribute.call(a, 'href', PIXEL('late-realm')); }); box.appendChild(a); a.click()"],
    'SVG link href.baseVal set in a listener': ["var s = document.getElementById('svg'), a = document.createElementNS(SVG_NS, 'a'), r = document.createElementNS(SVG_NS, 'rect'); a.setAttribute('href', '/fp.gif?late-svg'); a.setAttribute('target', named()); a.appendChild(r); s.appendChild(a); a.addEventListener('click', function () { a.href.baseVal = PIXEL('late-svg'); }); r.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))"],
    'link click() whose listener stops it, then sets the href': ["var a = document.createElement('a'); a.href = '/fp.gif?late-stop'; a.target = named(); a.addEventListener('click', function (e) { e.stopImmediatePropagation(); a.href = PIXEL('late-stop'); }); box.appendChild(a); a.click()"],
    'submit button click() whose listener on the window sets the action': ["var f = document.createElement('form'); f.method = 'POST'; f.action = '/fp.gif?late-win'; f.target = named(); f.innerHTML = '<button>x</button>'; window.addEventListener('submit', function h() { window.removeEventListener('submit', h); f.setAttribute('action', PIXEL('late-win')); }); box.appendChild(f); f.firstChild.click()"],
  },
  // SVG's filter image and SMIL animations of an href (the core governs
  // both: markup::TAGS). Rendered in a visible box so that each would load.
  'SVG filters and animations': {
    'feImage by insertAdjacentHTML': ["box.insertAdjacentHTML('beforeend', '<svg width=\"9\" height=\"9\"><filter id=\"fa\"><feImage href=\"' + PIXEL('feimage-html') + '\"/></filter><rect width=\"9\" height=\"9\" filter=\"url(#fa)\"/></svg>')", true],
    'feImage by createElementNS and setAttribute': ["var s = svg9(), f = s.querySelector('filter'), fe = document.createElementNS(SVG_NS, 'feImage'); fe.setAttribute('href', PIXEL('feimage-attr')); f.appendChild(fe)", true],
    'feImage href.baseVal': ["var s = svg9(), fe = document.createElementNS(SVG_NS, 'feImage'); s.querySelector('filter').appendChild(fe); fe.href.baseVal = PIXEL('feimage-baseval')", true],
    'feImage xlink href under another prefix': ["var s = svg9(), fe = document.createElementNS(SVG_NS, 'feImage'); fe.setAttributeNS(XLINK, 'q:href', PIXEL('feimage-xlink')); s.querySelector('filter').appendChild(fe)", true],
    'feImage written in lower case by a string': ["svg9().querySelector('filter').innerHTML = '<feimage href=\"' + PIXEL('feimage-lower') + '\"></feimage>'"],
    'SMIL set of an image href': ["box.insertAdjacentHTML('beforeend', '<svg width=\"9\" height=\"9\"><image width=\"9\" height=\"9\"><set attributeName=\"href\" to=\"' + PIXEL('smil-set') + '\"/></image></svg>')", SMIL_LOADS],
    'SMIL animate values, one of them a tracker': ["var im = svg9().appendChild(document.createElementNS(SVG_NS, 'image')), an = document.createElementNS(SVG_NS, 'animate'); im.setAttribute('width', '9'); im.setAttribute('height', '9'); an.setAttribute('attributeName', 'href'); an.setAttribute('dur', '0.2s'); an.setAttribute('repeatCount', 'indefinite'); an.setAttribute('values', '/fp.gif?smil; ' + PIXEL('smil-values')); im.appendChild(an)", SMIL_LOADS],
    'SMIL set whose value comes after it is inserted': ["var im = svg9().appendChild(document.createElementNS(SVG_NS, 'image')), st = document.createElementNS(SVG_NS, 'set'); im.setAttribute('width', '9'); im.setAttribute('height', '9'); st.setAttribute('attributeName', 'href'); im.appendChild(st); st.setAttribute('to', PIXEL('smil-late'))", SMIL_LOADS],
    'SMIL set renamed to href after its value': ["var im = svg9().appendChild(document.createElementNS(SVG_NS, 'image')), st = document.createElementNS(SVG_NS, 'set'); im.setAttribute('width', '9'); im.setAttribute('height', '9'); st.setAttribute('attributeName', 'fill'); st.setAttribute('to', PIXEL('smil-rename')); im.appendChild(st); st.setAttribute('attributeName', 'href')", SMIL_LOADS],
    'SMIL set from an Attr node': ["var im = svg9().appendChild(document.createElementNS(SVG_NS, 'image')), st = document.createElementNS(SVG_NS, 'set'), a = document.createAttribute('to'); im.setAttribute('width', '9'); im.setAttribute('height', '9'); st.setAttribute('attributeName', 'href'); a.value = PIXEL('smil-attrnode'); st.setAttributeNode(a); im.appendChild(st)", SMIL_LOADS],
  },
  // SVG presentation attributes are CSS: a url() in one loads (measured
  // without the guard: Chromium fill, stroke, mask, clip-path, marker and
  // cursor; Firefox and WebKit mask and cursor).
  'CSS in SVG presentation attributes': {
    'fill by setAttribute': ["var r = svg9().appendChild(document.createElementNS(SVG_NS, 'rect')); r.setAttribute('width', '9'); r.setAttribute('height', '9'); r.setAttribute('fill', 'url(' + PIXEL('pa-fill') + '#p) red')", 'chromium'],
    'stroke inherited from a group, by setAttributeNS': ["var s = svg9(), g = s.appendChild(document.createElementNS(SVG_NS, 'g')), r = g.appendChild(document.createElementNS(SVG_NS, 'rect')); r.setAttribute('width', '9'); r.setAttribute('height', '9'); g.setAttributeNS(null, 'stroke', 'url(\"' + PIXEL('pa-stroke') + '#p\")')", 'chromium'],
    'mask written by insertAdjacentHTML': ["box.insertAdjacentHTML('beforeend', '<svg width=\"9\" height=\"9\"><rect width=\"9\" height=\"9\" mask=\"url(' + PIXEL('pa-mask') + '#m)\"/></svg>')", true],
    'clip-path from an Attr node': ["var r = svg9().appendChild(document.createElementNS(SVG_NS, 'rect')), a = document.createAttribute('clip-path'); r.setAttribute('width', '9'); r.setAttribute('height', '9'); a.value = 'url(' + PIXEL('pa-clip') + '#c)'; r.setAttributeNode(a)", 'chromium'],
    'marker-start by innerHTML of an svg': ["svg9().innerHTML = '<path d=\"M0 0L9 9\" stroke=\"red\" marker-start=\"url(' + PIXEL('pa-marker') + '#k)\"/>'", 'chromium'],
    'cursor with its URL spelled in CSS escapes': ["var s = svg9(); s.setAttribute('cursor', 'url(' + PIXEL('pa-cursor').replace('//', '\\\\2f\\\\2f ') + '), auto')", true],
    'mask changed after insertion from a first-party URL': ["var r = svg9().appendChild(document.createElementNS(SVG_NS, 'rect')); r.setAttribute('width', '9'); r.setAttribute('height', '9'); r.setAttribute('mask', 'url(/own.svg#m)'); r.getAttributeNode('mask').value = 'url(' + PIXEL('pa-late') + '#m)'", true],
    'SMIL set of a fill to a url()': ["var r = svg9().appendChild(document.createElementNS(SVG_NS, 'rect')), st = document.createElementNS(SVG_NS, 'set'); r.setAttribute('width', '9'); r.setAttribute('height', '9'); st.setAttribute('attributeName', 'mask'); st.setAttribute('to', 'url(' + PIXEL('pa-smil') + '#m)'); r.appendChild(st)", true],
  },
  // A frame's document written into its URL. A data: document has an
  // opaque origin no script (nor worker) reaches: judged by the hosts it
  // names. A blob: document is same-origin: its markup is held and its
  // realm handed to the guard, like a srcdoc one.
  'documents in URLs': {
    'data: frame, percent-encoded': ["var f = document.createElement('iframe'); f.src = 'data:text/html,' + encodeURIComponent('<img src=\"' + PIXEL('data-pct') + '\">'); box.appendChild(f)", true],
    'data: frame in base64 by setAttribute': ["var f = document.createElement('iframe'); box.appendChild(f); f.setAttribute('src', 'data:text/html;base64,' + btoa('<script>new Image().src = \"' + PIXEL('data-b64') + '\"<\\/script>'))", true],
    'data: frame in markup': ["box.insertAdjacentHTML('beforeend', '<iframe src=\"data:text/html,<img src=' + PIXEL('data-markup') + '>\"></iframe>')", true],
    'data: frame inside a data: frame': ["var inner = 'data:text/html;base64,' + btoa('<img src=\"' + PIXEL('data-nested') + '\">'), f = document.createElement('iframe'); f.src = 'data:text/html,' + encodeURIComponent('<iframe src=\"' + inner + '\"></iframe>'); box.appendChild(f)", true],
    // Documents in another encoding than UTF-8: UTF-16 (a NUL beside each
    // ASCII letter) and an ISO-2022-JP escape that splits the host.
    'data: frame in UTF-16': ["var h = '<img src=\"' + PIXEL('data-utf16') + '\">', u = ''; for (var i = 0; i < h.length; i++) u += encodeURIComponent(h[i]) + '%00'; var f = document.createElement('iframe'); f.src = 'data:text/html;charset=utf-16le,' + u; box.appendChild(f)", true],
    'data: frame in ISO-2022-JP with an escape inside the host': ["var f = document.createElement('iframe'); f.src = 'data:text/html,<meta charset=iso-2022-jp><img src=\"' + PIXEL('data-iso2022jp').replace('facebook', 'face%1B(Bbook') + '\">'; box.appendChild(f)", true],
    'data: SVG document in an object': ["var o = document.createElement('object'); o.type = 'image/svg+xml'; o.data = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"><image href=\"' + PIXEL('data-svg') + '\" width=\"9\" height=\"9\"/></svg>'); box.appendChild(o)", true],
    'blob: HTML frame': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<img src=\"' + PIXEL('blob-img') + '\">'], { type: 'text/html' })); box.appendChild(f)", true],
    'blob: frame whose script makes the request': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<!doctype html><script>fetch(\"' + PIXEL('blob-fetch') + '\")<\\/script>'], { type: 'text/html;charset=utf-8' })); box.appendChild(f)", false, 'queued'],
    'blob: File from a Response, in a frame by setAttribute': ["new Response('<img src=\"' + PIXEL('blob-response') + '\">').blob().then(function (b) { var f = document.createElement('iframe'); box.appendChild(f); f.setAttribute('src', URL.createObjectURL(new File([b], 'x.html', { type: 'text/html' }))); })", true],
    'blob: document a frame navigates to': ["var f = blank(); f.contentWindow.location.href = URL.createObjectURL(new Blob(['<img src=\"' + PIXEL('blob-location') + '\">'], { type: 'text/html' }))", true],
    // WebKit opens no popup without a click: nothing to release there.
    'blob: document in a popup': ["var w = window.open(URL.createObjectURL(new Blob(['<img src=\"' + PIXEL('blob-popup') + '\">'], { type: 'text/html' })), '_blank'); window.__blobPopup = w", 'chromium firefox'],
    // A blob: URL made where the guard does not reach (a worker) and loaded
    // into a frame: read back when the frame is given it.
    'blob: HTML made in a worker, in a frame': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('worker-blob') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var f = document.createElement('iframe'); f.src = e.data; box.appendChild(f); }", true],
    'blob: SVG made in a worker, in an object by innerHTML': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"><image width=\"9\" height=\"9\" href=\"' + PIXEL('worker-blob-svg') + '\"/></svg>') + '], { type: \"image/svg+xml\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var d = document.createElement('div'); box.appendChild(d); d.innerHTML = '<object type=\"image/svg+xml\" data=\"' + e.data + '\"></object>'; }", true],
    'blob: SVG document in a frame': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"><image width=\"9\" height=\"9\" href=\"' + PIXEL('blob-svg-frame') + '\"/></svg>'], { type: 'image/svg+xml' })); box.appendChild(f)", true],
    'blob: SVG document in an object': ["var o = document.createElement('object'); o.type = 'image/svg+xml'; o.data = URL.createObjectURL(new Blob(['<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"><image width=\"9\" height=\"9\" href=\"' + PIXEL('blob-svg-object') + '\"/></svg>'], { type: 'image/svg+xml' })); box.appendChild(o)", true],
    'blob: XML document in a frame': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img src=\"' + PIXEL('blob-xml') + '\"/></body></html>'], { type: 'text/xml' })); box.appendChild(f)", true],
    // Firefox sniffs a blob with no type as HTML (Chromium shows it as text).
    'blob: HTML with no type in a frame': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<html><body><img src=\"' + PIXEL('blob-notype') + '\"></body></html>'])); box.appendChild(f)", 'firefox'],
    // Over 4 MB: the guard had not read such a blob back (Firefox loaded it).
    'blob: HTML with no type over 4 MB in a frame': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<html><body><img src=\"' + PIXEL('blob-notype-big') + '\"><!--', 'x'.repeat(4200000), '--></body></html>'])); box.appendChild(f)", 'firefox'],
    'javascript: URL frame returning markup': ["var f = document.createElement('iframe'); f.src = 'javascript:' + encodeURIComponent(JSON.stringify('<img src=\"' + PIXEL('js-string') + '\">')); box.appendChild(f)", 'chromium firefox'],
    'blob: XHTML document typed text/xsl in a frame': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img src=\"' + PIXEL('blob-xsl').replace(/&/g, '&amp;') + '\"/></body></html>'], { type: 'text/xsl' })); box.appendChild(f)", 'chromium webkit'],
    // A nested srcdoc is a document the browser parses at once too; an XML
    // document's xml-stylesheet instructions load as it parses.
    'srcdoc inside a srcdoc': ["var f = document.createElement('iframe'); f.srcdoc = '<iframe srcdoc=\"<img src=&quot;' + PIXEL('nested-srcdoc') + '&quot;>\"></iframe>'; box.appendChild(f)", true],
    'blob: XML document with an xml-stylesheet instruction': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<?xml-stylesheet type=\"text/css\" href=\"' + PIXEL('blob-xml-pi').replace(/&/g, '&amp;') + '\"?><x xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></x>'], { type: 'text/xml' })); box.appendChild(f)"],
    'blob: SVG document with an xml-stylesheet instruction in an object': ["var o = document.createElement('object'); o.type = 'image/svg+xml'; o.data = URL.createObjectURL(new Blob(['<?xml-stylesheet href=\"' + PIXEL('blob-svg-pi').replace(/&/g, '&amp;') + '\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"/>'], { type: 'image/svg+xml' })); box.appendChild(o)"],
    // XHTML is XML: an entity can hide a tag from an HTML parse of its text.
    'blob: XHTML document whose entity hides an image': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<!DOCTYPE x [<!ENTITY e \"&#60;img xmlns=&#34;http://www.w3.org/1999/xhtml&#34; src=&#34;' + PIXEL('blob-xml-entity') + '&#34;/&#62;\">]><x xmlns=\"http://www.w3.org/1999/xhtml\">&e;</x>'], { type: 'application/xhtml+xml' })); box.appendChild(f)", true],
    // A `<meta charset>` makes the frame's parser read ISO-2022-JP, whose
    // escapes turn ASCII pairs into one character: `ESC$B<!ESC(B--<img>`
    // is a bogus comment read as UTF-8 (the guard's read) and an image there.
    'blob: HTML document read as ISO-2022-JP': ["var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<meta charset=\"iso-2022-jp\"><p>x\\x1b$B<!\\x1b(B--<img src=\"' + PIXEL('iso2022-blob') + '\">'], { type: 'text/html' })); box.appendChild(f)"],
    'blob: HTML made in a worker, read as ISO-2022-JP': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<meta charset=\"iso-2022-jp\"><p>x\\x1b$B<!\\x1b(B--<img src=\"' + PIXEL('iso2022-worker') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var f = document.createElement('iframe'); f.src = e.data; box.appendChild(f); }"],
    // The same worker URL given to a second frame, or written as the URL
    // parser still reads it (a leading space, a tab inside the scheme).
    'blob: HTML made in a worker, in a second frame': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-second') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var f = document.createElement('iframe'); f.src = e.data; box.appendChild(f); var g = document.createElement('iframe'); g.src = e.data; box.appendChild(g); }"],
    'blob: HTML made in a worker, with a leading space': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-space') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var f = document.createElement('iframe'); f.src = ' ' + e.data; box.appendChild(f); }"],
    'blob: HTML made in a worker, a tab inside its scheme': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-tab') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var f = document.createElement('iframe'); f.src = e.data.replace('blob:', 'bl\\tob:'); box.appendChild(f); }"],
    'blob: URL made in a frame': ["var f = blank(), w = f.contentWindow; f.src = w.URL.createObjectURL(new w.Blob(['<img src=\"' + PIXEL('blob-realm') + '\">'], { type: 'text/html' }))", true],
  },
  // A blob: URL the guard did not see made (a worker's), sent to by a
  // navigation page code starts rather than given to a frame's src: read
  // back and refused (a refresh's URL made again held). Chromium and Firefox
  // loaded each image before consent on the build before (Firefox the form's too).
  'blob: documents made in a worker, sent to by a navigation': {
    'window.open into a frame': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-open-frame') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var u = e.data; window.open(u, named()); }"],
    'window.open as a popup': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-open-popup') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var u = e.data; window.__wbp = window.open(u, '_blank'); }"],
    'a link click() into a frame': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-link') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var u = e.data; var a = document.createElement('a'); a.href = u; a.target = named(); box.appendChild(a); a.click(); }"],
    "a frame's navigation.navigate()": ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-navigate') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var u = e.data; var fw = blank().contentWindow; if (fw.navigation) fw.navigation.navigate(u); else skip(\"a frame's navigation.navigate()\"); }"],
    'form submit into a frame': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-form') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var u = e.data; var f = document.createElement('form'); f.method = 'POST'; f.action = u; f.target = named(); box.appendChild(f); f.submit(); }"],
    "a frame's meta refresh": ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-meta') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var u = e.data; var d = blank().contentDocument, m = d.createElement('meta'); m.httpEquiv = 'refresh'; m.content = '0;url=' + u; d.head.appendChild(m); }"],
    'document.open with three arguments into a frame': ["var w = new Worker(URL.createObjectURL(new Blob(['postMessage(URL.createObjectURL(new Blob([' + JSON.stringify('<img src=\"' + PIXEL('wb-docopen') + '\">') + '], { type: \"text/html\" })))'], { type: 'text/javascript' }))); w.onmessage = function (e) { var u = e.data; document.open(u, named(), ''); }"],
  },
  // Page code that replaces a shared built-in the guard's own reading
  // uses (each put back at once: the attack is synchronous). The build
  // before let each through in Chromium and Firefox.
  'shared built-ins replaced by page code': {
    "WeakSet.prototype.has answering true": ["var o = WeakSet.prototype.has; WeakSet.prototype.has = function () { return true; }; try { window.__t1 = new Image(); window.__t1.src = PIXEL('tamper-weakset'); } finally { WeakSet.prototype.has = o; }"],
    "String.prototype.indexOf answering -1": ["var o = String.prototype.indexOf; String.prototype.indexOf = function () { return -1; }; try { window.__t2 = new Image(); window.__t2.src = PIXEL('tamper-indexof'); } finally { String.prototype.indexOf = o; }"],
    "String.prototype.toLowerCase answering another name, setAttribute": ["var o = String.prototype.toLowerCase; String.prototype.toLowerCase = function () { return 'x'; }; try { window.__t3 = document.createElement('img'); window.__t3.setAttribute('src', PIXEL('tamper-lower')); } finally { String.prototype.toLowerCase = o; }"],
    "URL.prototype.hostname answering the site's host, fetch": ["var d = Object.getOwnPropertyDescriptor(URL.prototype, 'hostname'); Object.defineProperty(URL.prototype, 'hostname', { configurable: true, get: function () { return location.hostname; } }); try { fetch(PIXEL('tamper-hostname')).catch(function () {}); } finally { Object.defineProperty(URL.prototype, 'hostname', d); }"],
    "URL.prototype.href answering the page's URL, window.open": ["var d = Object.getOwnPropertyDescriptor(URL.prototype, 'href'); Object.defineProperty(URL.prototype, 'href', { configurable: true, get: function () { return location.href; } }); try { window.open(PIXEL('tamper-href'), named()); } finally { Object.defineProperty(URL.prototype, 'href', d); }"],
    "Element.prototype.localName answering div, new Image": ["var d = Object.getOwnPropertyDescriptor(Element.prototype, 'localName'); Object.defineProperty(Element.prototype, 'localName', { configurable: true, get: function () { return 'div'; } }); try { window.__t6 = new Image(); window.__t6.src = PIXEL('tamper-localname'); } finally { Object.defineProperty(Element.prototype, 'localName', d); }"],
    "Array.prototype.forEach emptied, setAttribute": ["var o = Array.prototype.forEach; Array.prototype.forEach = function () {}; try { window.__t7 = document.createElement('img'); window.__t7.setAttribute('src', PIXEL('tamper-arrforeach')); } finally { Array.prototype.forEach = o; }"],
    "Function.prototype.call emptied, new Image": ["var o = Function.prototype.call; Function.prototype.call = function () {}; try { window.__t8 = new Image(); window.__t8.src = PIXEL('tamper-call'); } finally { Function.prototype.call = o; }"],
    "Function.prototype.apply emptied, fetch": ["var o = Function.prototype.apply; Function.prototype.apply = function () {}; try { fetch(PIXEL('tamper-apply')).catch(function () {}); } finally { Function.prototype.apply = o; }"],
    "RegExp.prototype.test answering false, setAttribute": ["var o = RegExp.prototype.test; RegExp.prototype.test = function () { return false; }; try { window.__t9 = document.createElement('img'); window.__t9.setAttribute('src', PIXEL('tamper-retest')); } finally { RegExp.prototype.test = o; }"],
    "RegExp.prototype.exec answering null, innerHTML": ["var o = RegExp.prototype.exec; RegExp.prototype.exec = function () { return null; }; try { box.innerHTML = '<img src=\"' + PIXEL('tamper-reexec') + '\">'; } finally { RegExp.prototype.exec = o; }"],
    "NodeList.prototype.forEach emptied, innerHTML": ["var o = NodeList.prototype.forEach; NodeList.prototype.forEach = function () {}; try { box.innerHTML = '<img src=\"' + PIXEL('tamper-nlforeach') + '\">'; } finally { NodeList.prototype.forEach = o; }"],
    "DocumentFragment.prototype.querySelectorAll answering nothing, insertAdjacentHTML": ["var o = DocumentFragment.prototype.querySelectorAll; DocumentFragment.prototype.querySelectorAll = function () { return []; }; try { box.insertAdjacentHTML('beforeend', '<img src=\"' + PIXEL('tamper-fragqsa') + '\">'); } finally { DocumentFragment.prototype.querySelectorAll = o; }"],
    "Element.prototype.querySelectorAll answering nothing, a div of images appended": ["var d = new DOMParser().parseFromString('<div><img src=\"' + PIXEL('tamper-elqsa') + '\"></div>', 'text/html').body.firstChild, o = Element.prototype.querySelectorAll; Element.prototype.querySelectorAll = function () { return []; }; try { box.appendChild(d); } finally { Element.prototype.querySelectorAll = o; }"],
    "NodeList.prototype.length answering 0, appendChild": ["var d = new DOMParser().parseFromString('<div><img src=\"' + PIXEL('tamper-nllen') + '\"></div>', 'text/html').body.firstChild, g = Object.getOwnPropertyDescriptor(NodeList.prototype, 'length'); Object.defineProperty(NodeList.prototype, 'length', { configurable: true, get: function () { return 0; } }); try { box.appendChild(d); } finally { Object.defineProperty(NodeList.prototype, 'length', g); }"],
    "RegExp.prototype.exec answering null, a data: frame": ["var o = RegExp.prototype.exec; RegExp.prototype.exec = function () { return null; }; try { var f = document.createElement('iframe'); f.src = 'data:text/html,<img src=\"' + PIXEL('tamper-reexec-data') + '\">'; box.appendChild(f); } finally { RegExp.prototype.exec = o; }"],
    "String.prototype.replace answering another URL, a data: frame": ["var o = String.prototype.replace; String.prototype.replace = function () { return 'about:blank'; }; try { var f = document.createElement('iframe'); f.src = 'data:text/html,<img src=\"' + PIXEL('tamper-replace-data') + '\">'; box.appendChild(f); } finally { String.prototype.replace = o; }"],
    "String.prototype.replace returning the input, sendBeacon": ["var o = String.prototype.replace; String.prototype.replace = function () { return 'x'; }; try { navigator.sendBeacon(PIXEL('tamper-replace')); } finally { String.prototype.replace = o; }"],
    "Array.prototype.some answering false, srcset": ["var o = Array.prototype.some; Array.prototype.some = function () { return false; }; try { window.__t10 = new Image(); window.__t10.srcset = PIXEL('tamper-some') + ' 2x'; } finally { Array.prototype.some = o; }"],
    "String.prototype.trim emptied, srcset (it had let the candidate through, Chromium and Firefox)": ["var o = String.prototype.trim; String.prototype.trim = function () { return ''; }; try { window.__t11 = new Image(); window.__t11.srcset = PIXEL('tamper-trim') + ' 2x'; } finally { String.prototype.trim = o; }"],
    "Object.keys emptied, iframe": ["var o = Object.keys; Object.keys = function () { return []; }; try { var f = document.createElement('iframe'); f.src = PIXEL('tamper-keys'); box.appendChild(f); } finally { Object.keys = o; }"],
    "Symbol.split replaced, srcset": ["var o = RegExp.prototype[Symbol.split]; RegExp.prototype[Symbol.split] = function () { return []; }; try { window.__t12 = new Image(); window.__t12.srcset = PIXEL('tamper-ssplit') + ' 2x, ' + PIXEL('tamper-ssplit2') + ' 3x'; } finally { RegExp.prototype[Symbol.split] = o; }"],
  },
  // A meta refresh navigates its document's frame to a URL: page code that
  // writes one is a subresource load in disguise.
  'meta refresh': {
    'to a data: document, in a frame': ["var d = blank().contentDocument, m = d.createElement('meta'); m.httpEquiv = 'refresh'; m.content = '0;url=data:text/html,' + encodeURIComponent('<img src=\"' + PIXEL('meta-to-data') + '\">'); d.head.appendChild(m)", true],
    'in a frame, by the IDL properties': ["var d = blank().contentDocument, m = d.createElement('meta'); m.httpEquiv = 'refresh'; m.content = '0;url=' + PIXEL('meta-idl'); d.head.appendChild(m)", true],
    'in a frame, by innerHTML': ["blank().contentDocument.body.innerHTML = '<meta http-equiv=\"Refresh\" content=\"0; URL=\\'' + PIXEL('meta-html') + '\\'\">'", true],
    'in a srcdoc document': ["var f = document.createElement('iframe'); f.srcdoc = '<meta http-equiv=refresh content=\"0,' + PIXEL('meta-srcdoc') + '\">'; box.appendChild(f)", true],
    'http-equiv set after insertion': ["var d = blank().contentDocument, m = d.createElement('meta'); m.setAttribute('content', '0; url = ' + PIXEL('meta-late')); d.head.appendChild(m); m.setAttribute('http-equiv', 'refresh')"],
    'content set after insertion': ["var d = blank().contentDocument, m = d.createElement('meta'); m.setAttribute('http-equiv', 'refresh'); d.head.appendChild(m); m.content = '0;url=' + PIXEL('meta-content-late')"],
    'a data: document': ["var f = document.createElement('iframe'); f.src = 'data:text/html,' + encodeURIComponent('<meta http-equiv=refresh content=\"0;url=' + PIXEL('meta-data') + '\">'); box.appendChild(f)", true],
  },
  // A value the guard's own reading took from something page code can
  // replace or define (2026-12-07, session 22's audit: each let a tracker
  // through in Chromium, Firefox and WebKit on the build before, unless
  // its comment says otherwise): it reads with the browser's getters saved
  // at its start, and the engine takes the config and facts the HTML gave.
  "the guard's reading steered by page code": {
    'PI with a forged target': ["var p = document.createProcessingInstruction('xml-stylesheet', 'type=\"text/css\" href=\"' + PIXEL('c-pi-target') + '\"'); Object.defineProperty(p, 'target', { value: 'x' }); document.insertBefore(p, document.documentElement)"],
    'baseURI answering https (image)': ["Object.defineProperty(document, 'baseURI', { value: 'https://www.shop.test/', configurable: true }); try { new Image().src = PIXEL('c-base-img').replace('https://', 'https:'); } finally { delete document.baseURI; }"],
    'baseURI answering https (fetch)': ["Object.defineProperty(document, 'baseURI', { value: 'https://www.shop.test/', configurable: true }); try { fetch(PIXEL('c-base-fetch').replace('https://', 'https:'), { mode: 'no-cors' }).catch(function () {}); } finally { delete document.baseURI; }"],
    'createElement answering a div for template': ["var ce = Document.prototype.createElement; Document.prototype.createElement = function (n) { return ce.call(this, n === 'template' ? 'div' : n); }; try { box.innerHTML = '<img src=\"' + PIXEL('c-ce-template') + '\">'; } finally { Document.prototype.createElement = ce; }"],
    'template content getter answering an empty fragment, then document.write': ["var d = Object.getOwnPropertyDescriptor(HTMLTemplateElement.prototype, 'content'); Object.defineProperty(HTMLTemplateElement.prototype, 'content', { configurable: true, get: function () { return document.createDocumentFragment(); } }); try { document.write('<img src=\"' + PIXEL('c-tc-write') + '\">'); } finally { Object.defineProperty(HTMLTemplateElement.prototype, 'content', d); }"],
    'template content getter answering an empty fragment, then srcdoc': ["var d = Object.getOwnPropertyDescriptor(HTMLTemplateElement.prototype, 'content'); Object.defineProperty(HTMLTemplateElement.prototype, 'content', { configurable: true, get: function () { return document.createDocumentFragment(); } }); try { var f = document.createElement('iframe'); f.srcdoc = '<img src=\"' + PIXEL('c-tc-srcdoc') + '\">'; box.appendChild(f); } finally { Object.defineProperty(HTMLTemplateElement.prototype, 'content', d); }"],
    'new Image whose localName answers link, after ready': ["consentry.on('ready', function () { var i = new Image(); Object.defineProperty(i, 'localName', { value: 'link' }); i.src = PIXEL('c-eng-ln-ready'); window.__keep = i; })"],
    'PI whose own data answers harmless text': ["var p = document.createProcessingInstruction('xml-stylesheet', 'type=\"text/css\" href=\"' + PIXEL('c-pi-data') + '\"'); Object.defineProperty(p, 'data', { get: function () { return 'x'; }, set: function () {} }); document.insertBefore(p, document.documentElement)"],
    'RegExp test answering false for /html/i': ["var t0 = RegExp.prototype.test; RegExp.prototype.test = function (s) { if (this.source === 'html') return false; return t0.call(this, s); }; try { var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<img src=\"' + PIXEL('re-blob-img') + '\">'], { type: 'text/html' })); box.appendChild(f); } finally { RegExp.prototype.test = t0; }"],
    'Array some answering false for a link rel': ["var so = Array.prototype.some; Array.prototype.some = function (f) { if (this.length === 1 && this[0] === 'stylesheet') return false; return so.apply(this, arguments); }; try { var l = document.createElement('link'); l.rel = 'stylesheet'; l.href = PIXEL('some-link'); document.head.appendChild(l); } finally { Array.prototype.some = so; }", true],
    'an image whose own localName answers div, after ready': ["consentry.on('ready', function () { var i = document.createElement('img'); Object.defineProperty(i, 'localName', { value: 'div' }); i.src = PIXEL('ln-div-ready'); window.__k8 = i; })"],
    'a script whose own localName answers div, after ready': ["consentry.on('ready', function () { var s = document.createElement('script'); Object.defineProperty(s, 'localName', { value: 'div' }); s.src = SCRIPT('ln-script-ready'); document.head.appendChild(s); })"],
    // Chromium reads a changed instruction only on insertion; WebKit loaded it.
    'PI replaceData with cloneNode answering itself': ["if (window.chrome) return skip('PI replaceData with cloneNode answering itself'); var p = document.createProcessingInstruction('xml-stylesheet', 'type=\"text/css\" href=\"/own.css?pi-c\"'); document.insertBefore(p, document.documentElement); p.cloneNode = function () { return this; }; p.replaceData(0, p.length, 'type=\"text/css\" href=\"' + PIXEL('c-pi-clone') + '\"')"],
    'document.write inside an svg with querySelector answering null': ["var q = DocumentFragment.prototype.querySelector; DocumentFragment.prototype.querySelector = function () { return null; }; try { document.write('<svg width=\"9\" height=\"9\">'); document.write('<image width=\"9\" height=\"9\" href=\"' + PIXEL('c-write-svg').replace(/&/g, '&amp;') + '\"/>'); document.write('</svg>'); } finally { DocumentFragment.prototype.querySelector = q; }"],
    'facts element inserted by page code (no facts)': ["var f = document.createElement('script'); f.type = 'application/json'; f.id = 'consentry-server'; f.textContent = '{\"region\":\"US-CA\"}'; document.head.prepend(f); var s = document.createElement('script'); s.src = SCRIPT('c-facts-insert'); document.head.appendChild(s)"],
    'relList getter answering the target link for the scratch link': ["var gg = Object.getOwnPropertyDescriptor(HTMLLinkElement.prototype, 'relList').get, target = null; Object.defineProperty(HTMLLinkElement.prototype, 'relList', { configurable: true, get: function () { return gg.call(target || this); } }); var l = document.createElement('link'); l.href = PIXEL('c-rellist'); document.head.appendChild(l); var list = gg.call(l); target = l; list.add('stylesheet'); target = null"],
  },
  // A srcdoc realm the hand-over cannot join: judged like a data: document,
  // by the hosts its text names (2026-12-07, session 22's sweep: every
  // engine ran the sandboxed ones' scripts unguarded, Chromium the csp one's).
  'realms the hand-over cannot join': {
    'sandboxed srcdoc (scripts, an opaque origin)': ["var f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; f.srcdoc = '<script>new Image().src = \"' + PIXEL('sandbox-srcdoc') + '\"<\\/script>'; box.appendChild(f)"],
    'sandbox set after the srcdoc': ["var f = document.createElement('iframe'); f.srcdoc = '<script>new Image().src = \"' + PIXEL('sandbox-late') + '\"<\\/script>'; f.setAttribute('sandbox', 'allow-scripts allow-forms'); box.appendChild(f)"],
    'sandboxed srcdoc by setAttribute after insertion': ["var f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; box.appendChild(f); f.setAttribute('srcdoc', '<script>navigator.sendBeacon(\"' + PIXEL('sandbox-attr') + '\")<\\/script>')"],
    'sandboxed blob: document': ["var f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; f.src = URL.createObjectURL(new Blob(['<script>new Image().src = \"' + PIXEL('sandbox-blob') + '\"<\\/script>'], { type: 'text/html' })); box.appendChild(f)"],
    'sandboxed blob: document, in the markup': ["box.innerHTML = '<iframe sandbox=\"allow-scripts\" src=\"' + URL.createObjectURL(new Blob(['<script>navigator.sendBeacon(\"' + PIXEL('sandbox-blob-markup') + '\")<\\/script>'], { type: 'text/html' })) + '\"></iframe>'"],
    // Tokens split on HTML's whitespace only (session 22's second sweep: every engine).
    'sandbox token ending in a vertical tab': ["var f = document.createElement('iframe'); f.setAttribute('sandbox', 'allow-scripts allow-same-origin\\v'); f.srcdoc = '<script>new Image().src=\"' + PIXEL('sb-vt') + '\"<\\/script>'; box.appendChild(f)"],
    'sandbox with a no-break space, in markup': ["box.insertAdjacentHTML('beforeend', '<iframe sandbox=\"allow-scripts allow-same-origin&nbsp;\" srcdoc=\"&lt;script&gt;new Image().src=&quot;' + PIXEL('sb-nbsp') + '&quot;&lt;/script&gt;\"></iframe>')"],
    'encodeURIComponent emptied': ["var e0 = window.encodeURIComponent; window.encodeURIComponent = function () { return ''; }; try { var f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; f.srcdoc = '<script>new Image().src=\"' + PIXEL('sb-encode') + '\"<\\/script>'; box.appendChild(f); } finally { window.encodeURIComponent = e0; }"],
    'RegExp test answering for the sandbox check': ["var t0 = RegExp.prototype.test; RegExp.prototype.test = function (s) { if (this.source.indexOf('allow-same-origin') >= 0) return true; return t0.call(this, s); }; try { var f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; f.srcdoc = '<script>new Image().src=\"' + PIXEL('sb-retest') + '\"<\\/script>'; box.appendChild(f); } finally { RegExp.prototype.test = t0; }"],
    // Inside held markup (a srcdoc, a frame's document.write): Chromium ran some before.
    'a sandboxed srcdoc inside a srcdoc, six times': ["for (var k = 0; k < 6; k++) { var f = document.createElement('iframe'); f.srcdoc = '<p>' + k + '</p><iframe sandbox=\"allow-scripts\" srcdoc=\"&lt;script&gt;new Image().src=&quot;' + PIXEL('sb-nested-' + k) + '&quot;&lt;/script&gt;\"></iframe>'; box.appendChild(f); }"],
    "a sandboxed srcdoc written into a frame's document, six times": ["for (var k = 0; k < 6; k++) { var d = blank().contentDocument; d.open(); d.write('<iframe sandbox=\"allow-scripts\" srcdoc=\"&lt;script&gt;new Image().src=&quot;' + PIXEL('sb-write-' + k) + '&quot;&lt;/script&gt;\"></iframe>'); d.close(); }"],
    // Chromium: the inner frame inherits the outer one's required CSP.
    "a frame inside a frame with a csp attribute": [`var f = document.createElement('iframe'); f.setAttribute('csp', "script-src 'sha256-${CSP_NESTED_HASH}'"); f.srcdoc = '<p>x</p>'; f.onload = function () { var d = f.contentDocument, g = d.createElement('iframe'); g.srcdoc = '<script>${CSP_NESTED}<\\/script>'; d.body.appendChild(g); }; box.appendChild(f)`],
    // Chromium's embedded enforcement: the frame's script runs, the hand-over (a nonce) does not.
    'a csp attribute only a hash satisfies': [`var f = document.createElement('iframe'); f.setAttribute('csp', "script-src 'sha256-${CSP_HASH}'"); f.srcdoc = '<script>${CSP_CODE}<\\/script>'; box.appendChild(f)`],
  },
  // A node's own property page code defines, answering what the browser
  // would not (2026-12-07, session 22's sweep: each let a tracker through in
  // Chromium, Firefox and WebKit): the guard reads nodes with the browser's getters.
  'properties forged on a node': {
    'importNode with a forged ownerDocument': ["var n = P('<img src=\"' + PIXEL('forged-owner') + '\">'); Object.defineProperty(n, 'ownerDocument', { value: document }); box.appendChild(document.importNode(n, true))", true],
    'innerHTML with localName answering template': ["var d = document.createElement('div'); box.appendChild(d); Object.defineProperty(d, 'localName', { value: 'template' }); d.innerHTML = '<img src=\"' + PIXEL('forged-localname') + '\"><link rel=stylesheet href=\"' + PIXEL('forged-localname-link') + '\">'", true],
    'outerHTML with parentNode answering null': ["var d = document.createElement('div'); box.appendChild(d); Object.defineProperty(d, 'parentNode', { value: null }); d.outerHTML = '<img src=\"' + PIXEL('forged-parent') + '\"><link rel=stylesheet href=\"' + PIXEL('forged-parent-link') + '\">'", true],
    'firstElementChild answering null': ["var d = P('<div><img src=\"' + PIXEL('forged-child') + '\"><input type=image src=\"' + PIXEL('forged-child-input') + '\"></div>'); Object.defineProperty(d, 'firstElementChild', { value: null }); box.appendChild(d)", true],
    "a frame's contentWindow answering null": ["var f = document.createElement('iframe'); Object.defineProperty(f, 'contentWindow', { value: null }); box.appendChild(f); var w = window[window.length - 1]; w.fetch(PIXEL('forged-cw-fetch')).catch(function () {}); new w.Image().src = PIXEL('forged-cw-img'); w.navigator.sendBeacon(PIXEL('forged-cw-beacon'))"],
    "a frame's contentWindow answering the page's": ["var f = document.createElement('iframe'); f.name = 'cwf'; Object.defineProperty(f, 'contentWindow', { value: window }); box.appendChild(f); window.cwf.document.body.innerHTML = '<img src=\"' + PIXEL('forged-cw-page') + '\">'"],
  },
  // `document.open()` (called, or implied by a write to a loaded document)
  // erases every listener of the document and its window, the guard's
  // too: they are put back (2026-12-07, session 22's sweep: each variant
  // reached a tracker in Chromium and Firefox, the `_self` one in WebKit too).
  "a realm's document.open()": {
    'requestSubmit into a frame': ["var d = blank().contentDocument; d.open(); d.close(); var fm = d.createElement('form'); fm.method = 'POST'; fm.action = PIXEL('open-submit'); fm.target = named(); fm.innerHTML = '<button>x</button>'; d.body.appendChild(fm); fm.requestSubmit()"],
    'requestSubmit into itself': ["var d = blank().contentDocument; d.open(); d.close(); var fm = d.createElement('form'); fm.method = 'POST'; fm.action = PIXEL('open-self'); fm.target = '_self'; fm.innerHTML = '<button>x</button>'; d.body.appendChild(fm); fm.requestSubmit()"],
    "a submit button's click()": ["var d = blank().contentDocument; Document.prototype.open.call(d); d.close(); var fm = d.createElement('form'); fm.method = 'POST'; fm.action = PIXEL('open-button'); fm.target = named(); fm.innerHTML = '<button>x</button>'; d.body.appendChild(fm); fm.querySelector('button').click()"],
    'a write to a loaded frame, then requestSubmit': ["var d = blank().contentDocument; d.write('<p>w</p>'); d.close(); var fm = d.createElement('form'); fm.method = 'POST'; fm.action = PIXEL('open-write'); fm.target = named(); fm.innerHTML = '<button>x</button>'; d.body.appendChild(fm); fm.requestSubmit()"],
    'its own frame, reached at its load': ["var f = blank(), d = f.contentDocument, w = f.contentWindow; d.open(); d.close(); var i = d.createElement('iframe'); i.src = '/fp.gif?open-nested'; i.onload = function () { w.frames[0].fetch(PIXEL('open-nested')).catch(function () {}); }; d.body.appendChild(i)"],
  },
  'forged marks': {
    'a forged held mark on a running script': ["var s = document.createElement('script'); s.setAttribute('data-consentry', 'allow'); s.src = SCRIPT('mark-script'); document.head.appendChild(s)", true],
    'data-category on a script that runs': ["var s = document.createElement('script'); s.setAttribute('data-category', 'mandatory'); s.src = SCRIPT('tag-script'); document.head.appendChild(s)", true],
    'a forged placeholder mark': ["box.appendChild(P('<iframe data-consentry=\"placeholder\" src=\"https://www.youtube.com/embed/mark\"></iframe>'))"],
    'a forged moved URL': ["box.appendChild(P('<img src=\"/fp.gif?forged\" data-consentry=\"x\" data-consentry-src=\"' + PIXEL('forged-moved') + '\">'))", false, 'never'],
  },
};

export function page(variants) {
  const body = Object.entries(variants)
    .map(([name, [code]]) => `run(${JSON.stringify(name)}, function () { ${code} });`)
    .join('\n');
  return dropIn({ body: `${PRELUDE}\n<script>\n${body}\n</script>` });
}


// The guard patches an element interface (HTMLImageElement, HTMLMediaElement…)
// when the first element that has it appears: each page here reaches a type
// for the first time on that page, by one path, and sets a tracker URL on it
// (or takes its interface's setter and uses it on a later element). One page
// per variant: a type seen once is patched for the rest of the page.
// `G(el, name)`: the setter of `name` on el's own prototype chain.
export const FIRST_SIGHT_PRELUDE = `
<div id="box"></div>
<script>
  window.__errors = {}; window.__ran = {};
  function run(name, fn) { try { fn(); window.__ran[name] = true; } catch (e) { window.__errors[name] = String(e); } }
  function G(el, name) { for (var p = Object.getPrototypeOf(el); p; p = Object.getPrototypeOf(p)) { var d = Object.getOwnPropertyDescriptor(p, name); if (d && d.set) return d.set; } }
  function blank() { var f = document.createElement('iframe'); document.body.appendChild(f); return f; }
  var PIXEL = function (v) { return ${JSON.stringify(PIXEL('@'))}.replace('@', v); };
  var box = document.getElementById('box');
</script>`;
// name → [markup before the attack script (parsed first), the attack's code]
export const FIRST_SIGHT = {
  'new Image()': ['', "new Image().src = PIXEL('fs-image')"],
  'new Image() setter taken from its prototype': ['', "G(new Image(), 'src').call(new Image(), PIXEL('fs-image-proto'))"],
  'new Audio(url)': ['', "window.__a = new Audio(PIXEL('fs-audio'))"],
  'new Audio() then src': ['', "var a = new Audio(); a.src = PIXEL('fs-audio-src'); window.__a = a"],
  'interface setter taken before any element': ['', "var set = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'src').set; var v = document.createElement('video'); set.call(v, PIXEL('fs-taken')); window.__v = v"],
  'parser element reached by a later script': ['<video id="p1"></video>', "G(document.getElementById('p1'), 'src').call(document.createElement('video'), PIXEL('fs-parser'))"],
  'parser element reached in a frame load handler': ['<img id="p2" alt=""><iframe onload="var i = document.getElementById(\'p2\'); if (i) G(i, \'src\').call(document.createElement(\'img\'), PIXEL(\'fs-onload\'))"></iframe>', ''],
  'parser element reached at readystatechange': ['<script>window.addEventListener("readystatechange", function () { var a = document.querySelector("audio"); if (a && !window.__done) { window.__done = 1; G(a, "src").call(document.createElement("audio"), PIXEL("fs-ready")); } }, true);<\/script><audio></audio>', ''],
  'parser element reached by a custom element constructor': ['<script>customElements.define("x-peek", class extends HTMLElement { constructor() { super(); var v = document.querySelector("video"); if (v) G(v, "src").call(document.createElement("video"), PIXEL("fs-ce")); } });<\/script><video></video><x-peek></x-peek>', ''],
  'template content setter': ['<template id="t"><img alt=""></template>', "var i = document.getElementById('t').content.cloneNode(true).firstElementChild; G(i, 'src').call(document.createElement('img'), PIXEL('fs-template'))"],
  'declarative shadow root setter': ['<div id="h"><template shadowrootmode="open"><img alt=""></template></div>', "G(document.getElementById('h').shadowRoot.querySelector('img'), 'src').call(document.createElement('img'), PIXEL('fs-dsd'))"],
  'element of another realm adopted': ['', "var v = document.adoptNode(blank().contentDocument.createElement('video')); G(v, 'src').call(document.createElement('video'), PIXEL('fs-realm'))"],
  "another realm's interface setter": ['', "var set = Object.getOwnPropertyDescriptor(blank().contentWindow.HTMLImageElement.prototype, 'src').set; set.call(document.createElement('img'), PIXEL('fs-realm-proto'))"],
  // A frame made after the page's first element of a type: the frame's own
  // interfaces for the types seen are patched with its realm (without that,
  // five of these leak: checked).
  'frame made after the type was seen: importNode of a page element': ['<img alt="">', "var c = blank().contentDocument.importNode(document.querySelector('img')); G(c, 'src').call(c, PIXEL('fs-frame-import'))"],
  'frame made after the type was seen: its Image': ['<img alt="">', "var F = blank().contentWindow.Image; G(new F(), 'src').call(document.createElement('img'), PIXEL('fs-frame-image'))"],
  'frame made after the type was seen: its interface': ['<video></video>', "var set = Object.getOwnPropertyDescriptor(blank().contentWindow.HTMLMediaElement.prototype, 'src').set; set.call(document.createElement('video'), PIXEL('fs-frame-proto'))"],
  'frame made after the type was seen: its createElement': ['<img alt="">', "var d = blank().contentDocument; G(d.createElement('img'), 'src').call(document.createElement('img'), PIXEL('fs-frame-create'))"],
  'frame made after the type was seen: its document.write': ['<img alt="">', "var d = blank().contentDocument; d.open(); d.write('<img alt=x>'); d.close(); G(d.images[0], 'src').call(document.createElement('img'), PIXEL('fs-frame-write'))"],
  'frame made after the type was seen: its innerHTML': ['<audio></audio>', "var d = blank().contentDocument; d.body.innerHTML = '<audio></audio>'; G(d.querySelector('audio'), 'src').call(document.createElement('audio'), PIXEL('fs-frame-inner'))"],
  'frame made after the type was seen: its adoptNode': ['<img alt="">', "var d = blank().contentDocument, i = d.adoptNode(document.createElement('img')); d.body.appendChild(i); G(d.body.firstElementChild, 'src').call(i, PIXEL('fs-frame-adopt'))"],
  'frame made after the type was seen: its cloneNode': ['<img alt="">', "var d = blank().contentDocument; d.body.appendChild(d.importNode(document.querySelector('img'))); G(d.body.firstElementChild.cloneNode(), 'src').call(document.createElement('img'), PIXEL('fs-frame-clone'))"],
  createElementNS: ['', "var i = document.createElementNS('http://www.w3.org/1999/xhtml', 'IMG'.toLowerCase()); i.src = PIXEL('fs-ns')"],
  'SVG createElementNS href.baseVal': ['<svg id="svg" width="1" height="1"></svg>', "var im = document.createElementNS('http://www.w3.org/2000/svg', 'image'); document.getElementById('svg').appendChild(im); im.href.baseVal = PIXEL('fs-svg')"],
  'custom built-in element': ['', "class X extends HTMLImageElement {} var x; try { customElements.define('x-img', X, { extends: 'img' }); x = new X(); } catch (e) { return; /* WebKit has no customized built-ins */ } x.src = PIXEL('fs-custom')"],
  'DOMParser XML with an entity': ['', "var d = new DOMParser().parseFromString('<!DOCTYPE x [<!ENTITY e \"&#60;img/>\">]><x xmlns=\"http://www.w3.org/1999/xhtml\">&e;</x>', 'application/xhtml+xml'); G(d.querySelector('img'), 'src').call(document.createElement('img'), PIXEL('fs-xml'))"],
  'document.write then its own script': ['', "document.write('<video id=\"w\"></video><script>G(document.getElementById(\"w\"), \"src\").call(document.createElement(\"video\"), PIXEL(\"fs-write\"))<\\/script>')"],
  // A template's content by a replaced getter (session 22's audit).
  'template content getter answering an empty fragment': ["<script>var cg = Object.getOwnPropertyDescriptor(HTMLTemplateElement.prototype, 'content').get; Object.defineProperty(HTMLTemplateElement.prototype, 'content', { configurable: true, get: function () { return document.createDocumentFragment(); } });<\/script><template id=\"tp\"><img alt=\"\"></template>", "var set = G(cg.call(document.getElementById('tp')).firstChild, 'src'); var i = document.createElement('img'); set.call(i, PIXEL('fs-template-getter')); window.__i = i"],
  'execCommand insertHTML': ['', "box.contentEditable = 'true'; box.focus(); document.execCommand('insertHTML', false, '<video></video>'); G(box.querySelector('video'), 'src').call(document.createElement('video'), PIXEL('fs-exec'))"],
};

export function firstSightPage([before, code], name) {
  return dropIn({ body: `${FIRST_SIGHT_PRELUDE}\n${before}\n<script>\nrun(${JSON.stringify(name)}, function () { ${code} });\n</script>` });
}

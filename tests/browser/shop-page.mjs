// A realistic small shop page with the drop-in: header and navigation, a hero,
// product cards, a YouTube embed (held: a placeholder until allowed), tagged
// analytics / ad scripts, a footer "Cookie settings" hook, and the site's own
// CSS (deliberately opinionated: serif fonts, uppercase buttons) that must not
// leak into the consent UI. Used by a11y.test.mjs (axe + screenshots) and
// bench-banner.mjs (time to banner).
import { dropIn } from './harness.mjs';

/** Standard categories (built-in translations) with catalog services. */
export const SHOP_POLICY = {
  privacyPolicyUrl: '/privacy',
  categories: [
    { id: 'performance', services: ['google-analytics', 'hotjar'] },
    { id: 'functionality', services: ['youtube'] },
    { id: 'targeting', services: ['meta-pixel', 'google-ads'] },
  ],
};

const SITE_CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 17px/1.6 Georgia, "DejaVu Serif", serif; color: #222; background: #faf7f2; }
  header { display: flex; align-items: center; justify-content: space-between; padding: 1rem 2rem; background: #2d3a2e; color: #fff; }
  header .logo { font-size: 1.5rem; font-weight: bold; letter-spacing: 0.08em; }
  header nav a { color: #e8f0e0; margin-inline-start: 1.5rem; text-decoration: none; }
  .hero { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; align-items: center; padding: 2.5rem 2rem; }
  .hero h1 { font-size: 2.4rem; line-height: 1.15; margin: 0 0 1rem; }
  button, .cta { text-transform: uppercase; font-family: Impact, sans-serif; background: #c0392b; color: #fff; border: 0; padding: 0.8rem 1.6rem; border-radius: 0; }
  .products { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1.25rem; padding: 0 2rem 2rem; }
  .card { background: #fff; border: 1px solid #e2dccf; padding: 1rem; }
  .card .img { height: 120px; background: linear-gradient(135deg, #b7c9a8, #6f8f5f); margin-bottom: 0.75rem; }
  .card h2 { font-size: 1.05rem; margin: 0 0 0.25rem; }
  .card p { margin: 0; color: #555; }
  footer { padding: 1.5rem 2rem 12rem; background: #ece6da; }
  footer a { color: #2d3a2e; }
  p { margin: 0 0 1rem; }
  h2 { color: #8a2be2; text-decoration: underline wavy; }
`;

const PRODUCT = (name, price) =>
  `<article class="card"><div class="img"></div><h2>${name}</h2><p>${price}</p></article>`;

/** The page's <body> content. */
export const SHOP_BODY = `<header><span class="logo">GREENLEAF</span>
<nav aria-label="Main"><a href="/shop">Shop</a><a href="/journal">Journal</a><a href="/about">About</a><a href="/cart">Cart (0)</a></nav></header>
<main>
<section class="hero"><div><h1>Houseplants that thrive on neglect</h1>
<p>Hand-picked, pot-grown and delivered in recyclable packaging. Free delivery over €40.</p>
<a class="cta" href="/shop">Browse the collection</a></div>
<iframe title="Repotting in five minutes" data-category="functionality" data-service="youtube"
  data-src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="480" height="270"></iframe></section>
<section class="products" aria-label="Bestsellers">
${PRODUCT('Monstera deliciosa', '€34.90')}${PRODUCT('Snake plant', '€19.50')}${PRODUCT('Pothos Golden', '€12.00')}${PRODUCT('Fiddle-leaf fig', '€49.00')}
</section></main>
<footer><p>© Greenleaf Plants GmbH · <a href="/imprint">Imprint</a> · <a href="/privacy">Privacy</a> ·
<a href="#" data-consentry="open-preferences">Cookie settings</a></p></footer>
<script type="text/plain" data-category="performance" data-service="google-analytics" src="https://www.googletagmanager.com/gtag/js?id=G-SHOP"></script>
<script type="text/plain" data-category="targeting" data-service="meta-pixel" src="https://connect.facebook.net/en_US/fbevents.js"></script>`;

/** The whole page in `lang` (its <html lang>), optionally with extra <head>
 * content right after the drop-in's <script src> (before the site's CSS), and
 * server facts (`{ region, gpc }`). */
export function shopPage({ lang = 'en', head = '', policy = SHOP_POLICY, server } = {}) {
  return dropIn({ policy, server, head: `${head}<style>${SITE_CSS}</style>`, body: SHOP_BODY })
    .replace('<html lang="en">', `<html lang="${lang}">`)
    .replace('<title>shop</title>', '<title>Greenleaf — houseplants</title>');
}

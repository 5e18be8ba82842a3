//! The pages and the request the server benches share.

use consentry_core::{record, ConsentId, Policy, Signals};
use http::{HeaderMap, HeaderValue};
use std::sync::Arc;

pub const NOW: u64 = 1_788_220_800;

pub fn policy() -> Arc<Policy> {
    Arc::new(
        Policy::from_json(
            r#"{ "revision": 3, "googleConsentMode": true,
                 "categories": [{ "id": "performance", "services": ["google-analytics", "hotjar"] },
                                { "id": "functionality", "services": ["intercom"] },
                                { "id": "targeting", "services": ["meta-pixel", "youtube", "google-ads"] }] }"#,
        )
        .unwrap(),
    )
}

pub fn headers(p: &Policy) -> HeaderMap {
    let s = Signals::default();
    let c =
        consentry_core::Consent::custom(p, ConsentId([9; 16]), NOW - 3600, &s, ["performance"], [])
            .unwrap();
    let cookie = format!(
        "_ga=GA1.1.123456789.1788000000; _ga_ABC123=GS1.1.1788000000.3.1.1788001000.0.0.0; \
         _gid=GA1.2.987654321.1788000000; theme=dark; lang=en-GB; \
         session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop; \
         consentry={}; cart=3f2a9c; _fbp=fb.1.1788000000.123456; ab_test=variant-b",
        record::encode(&c, p)
    );
    let mut h = HeaderMap::new();
    h.insert("cookie", HeaderValue::from_str(&cookie).unwrap());
    h.insert("sec-gpc", HeaderValue::from_static("1"));
    h.insert("cf-ipcountry", HeaderValue::from_static("US"));
    h.insert("cf-region-code", HeaderValue::from_static("CA"));
    h.insert(
        "user-agent",
        HeaderValue::from_static("Mozilla/5.0 (X11; Linux x86_64)"),
    );
    h.insert(
        "accept",
        HeaderValue::from_static("text/html,application/xhtml+xml"),
    );
    h
}

/// A realistic ~100 KB page: head with analytics, pixel and chat scripts,
/// styles and preloads; a body of article cards with images, links and text,
/// a few embeds and tracking pixels.
pub fn page() -> Vec<u8> {
    let mut s = String::from(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/css/site.css"><link rel="preload" as="font" href="/fonts/inter.woff2" crossorigin>
<link rel="preconnect" href="https://www.google-analytics.com">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-ABC123');</script>
<script src="https://connect.facebook.net/en_US/fbevents.js" async></script>
<script src="https://static.hotjar.com/c/hotjar-123.js?sv=6" async></script>
<style>body{font-family:Inter,sans-serif;margin:0}.card{display:flex;gap:1rem;padding:1rem;border-bottom:1px solid #eee}</style>
</head><body><header><nav><a href="/">Home</a> <a href="/shop">Shop</a> <a href="/about">About</a></nav></header><main>
"#,
    );
    let mut i = 0;
    while s.len() < 100 * 1024 - 600 {
        s.push_str(&format!(
            r#"<article class="card" id="p{i}"><a href="/products/{i}"><img src="/img/products/{i}.jpg" srcset="/img/products/{i}.jpg 1x, /img/products/{i}@2x.jpg 2x" alt="Product {i}" width="240" height="240" loading="lazy"></a>
<div class="body"><h2><a href="/products/{i}">Handmade ceramic mug, model {i}</a></h2><p>Thrown on the wheel and glazed by hand in small batches. Dishwasher safe; holds 350 ml. Each piece is unique, so colours vary slightly from the photo.</p>
<p class="price">€{}.90 <button data-id="{i}" class="add">Add to cart</button></p></div></article>
"#,
            20 + i % 30
        ));
        if i % 10 == 5 {
            s.push_str(r#"<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" allowfullscreen></iframe>
<img src="https://www.facebook.com/tr?id=1234&amp;ev=ViewContent" width="1" height="1" alt="">
"#);
        }
        i += 1;
    }
    s.push_str(
        r#"</main><footer><p>© 2026 Shop</p></footer><script src="/js/app.js" defer></script>
<script src="https://widget.intercom.io/widget/abc123" async></script></body></html>
"#,
    );
    s.into_bytes()
}

/// 1 MB of product cards, each an `<img>` with a three-candidate `srcset`
/// (one in twenty from a tracker host).
pub fn srcset_page() -> Vec<u8> {
    let mut s = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Gallery</title></head><body>\n",
    );
    let mut i = 0;
    while s.len() < 1024 * 1024 - 200 {
        let host = if i % 20 == 7 {
            "https://www.facebook.com"
        } else {
            ""
        };
        s.push_str(&format!(
            r#"<div class="card"><img src="{host}/img/{i}.jpg" srcset="{host}/img/{i}-480.jpg 480w, {host}/img/{i}-960.jpg 960w, {host}/img/{i}-1440.jpg 1440w" sizes="(max-width: 600px) 480px, 960px" alt="Photo {i}" loading="lazy"><p>Photo {i}</p></div>
"#
        ));
        i += 1;
    }
    s.push_str("</body></html>\n");
    s.into_bytes()
}

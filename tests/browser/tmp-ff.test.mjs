import { test } from 'node:test';
import { launch, dropIn, T } from './harness.mjs';
const V = {
  parseAppend: `var d=Document.parseHTMLUnsafe('<img src="https://www.facebook.com/tr?v=1">');document.body.append(d.body.firstChild);`,
  parseReplaceChildren: `var d=Document.parseHTMLUnsafe('<p><img src="https://www.facebook.com/tr?v=2"></p>');var x=document.createElement('div');document.body.append(x);x.replaceChildren(...d.body.childNodes);`,
  parseAdjacent: `var d=Document.parseHTMLUnsafe('<iframe src="https://www.facebook.com/tr?v=3"></iframe>');document.body.insertAdjacentElement('beforeend', d.body.firstChild);`,
  parseTemplateShadow: `var d=Document.parseHTMLUnsafe('<div><template shadowrootmode="open"><img src="https://www.facebook.com/tr?v=4"></template></div>');document.body.append(d.body.firstChild);`,
  moveBeforeWithin: `var h=document.createElement('div');document.body.append(h);var i=new Image();h.append(i);i.src='https://www.facebook.com/tr?v=5';document.body.moveBefore(i,null);`,
  srcsetAfterMove: `var i=document.createElement('img');document.body.append(i);document.body.moveBefore(i,null);i.srcset='https://www.facebook.com/tr?v=6 1x';`,
  outerHTML: `var p=document.createElement('p');document.body.append(p);p.outerHTML='<img src="https://www.facebook.com/tr?v=7">';`,
  parseHTMLUnsafeInFrame: `var f=document.createElement('iframe');document.body.append(f);var d=f.contentWindow.Document.parseHTMLUnsafe('<img src="https://www.facebook.com/tr?v=8">');f.contentDocument.body.append(d.body.firstChild);`,
};
for (const [name, code] of Object.entries(V)) {
  test(name, T, async (t) => {
    const s = await launch(t);
    await s.open(dropIn({ body: `<p>x</p><script>try{${code}}catch(e){window.__err=String(e)}</script>` }));
    await s.settle(800);
    console.log('RES', name, JSON.stringify(s.hits('www.facebook.com').map(h=>h.path||h.url||h)), await s.page.evaluate(() => window.__err || ''));
  });
}
const V2 = {
  tplCloneDSD: `document.body.append(document.getElementById('t').content.cloneNode(true));`,
  parseDSDinner: `var d=Document.parseHTMLUnsafe('<div><template shadowrootmode="open"><p><span><template shadowrootmode="open"><img src="https://www.facebook.com/tr?v=9"></template></span></p></template></div>');document.body.append(d.body.firstChild);`,
  parseDSDframe: `var d=Document.parseHTMLUnsafe('<div><template shadowrootmode="open"><iframe src="https://www.youtube.com/embed/zz"></iframe></template></div>');document.body.append(d.body.firstChild);`,
  parseDSDclosed: `var d=Document.parseHTMLUnsafe('<div><template shadowrootmode="closed"><img src="https://www.facebook.com/tr?v=10"></template></div>');document.body.append(d.body.firstChild);`,
};
for (const [name, code] of Object.entries(V2)) {
  test(name, T, async (t) => {
    const s = await launch(t);
    await s.open(dropIn({ body: `<template id="t"><div><template shadowrootmode="open" shadowrootclonable><img src="https://www.facebook.com/tr?v=11"></template></div></template><p>x</p><script>try{${code}}catch(e){window.__err=String(e)}</script>` }));
    await s.settle(800);
    console.log('RES', name, JSON.stringify(s.hits((r) => /facebook|youtube/.test(r.host || r.url || '')).map(h=>h.path||h.url||h)), await s.page.evaluate(() => window.__err || ''));
  });
}

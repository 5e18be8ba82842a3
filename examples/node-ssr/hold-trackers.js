// The hand-over, as consentry-server's layer does it: the page streams
// through an HTML rewriter that holds every tracker the visitor has not
// allowed, in the form the drop-in releases in place once they accept.
//
// Which element is a tracker, its decision, its service and what to move all
// come from the engine (`decision.judge`, `decision.holdStyle`);
// `holdAttributes` and `holdStyleAttributes` only write that verdict into
// the attributes. Nothing here decides.
import { parseFragment, serialize } from 'parse5';
import { RewritingStream } from 'parse5-html-rewriting-stream';
import { holdAttributes, holdStyleAttributes } from 'consentry';

/**
 * A `<noscript>`'s content as a browser without JavaScript reads it (the
 * rewriter, like a browser with JavaScript, reads it as text), with what
 * `decision` blocks held in it: the content as written when nothing is,
 * else re-serialised. Trackers put their no-JavaScript fallbacks there
 * (Meta's pixel, GTM's iframe).
 */
export function holdNoscript(decision, html, depth = 0) {
  const fragment = parseFragment(html, { scriptingEnabled: false });
  let changed = false;
  const walk = (node) => {
    if (node.tagName === 'iframe' && holdSrcdoc(decision, node.attrs, depth + 1)) changed = true;
    if (node.tagName === 'style') {
      const text = node.childNodes.map((c) => c.value ?? '').join('');
      const held = decision.holdStyle(text);
      const attrs = holdStyleAttributes(held, node.attrs, text);
      if (attrs) {
        node.attrs = attrs;
        node.childNodes = [{ nodeName: '#text', value: held.text, parentNode: node }];
        changed = true;
      }
      return;
    }
    if (node.tagName) {
      const held = holdAttributes(decision.judge(node.tagName, node.attrs), node.tagName, node.attrs);
      if (held) { node.attrs = held; changed = true; }
    }
    for (const child of node.content ? node.content.childNodes : node.childNodes || []) walk(child);
  };
  walk(fragment);
  return changed ? serialize(fragment) : html;
}

/**
 * An `<iframe srcdoc>`'s document, which a browser loads with JavaScript
 * off too: rewritten like a `<noscript>`'s content, in `attrs` (true when
 * it changed). Nested ones to a depth of four, deeper ones emptied.
 */
function holdSrcdoc(decision, attrs, depth = 1) {
  const a = attrs.find((x) => x.name === 'srcdoc');
  if (!a) return false;
  const held = depth > 4 ? '' : holdNoscript(decision, a.value, depth);
  if (held === a.value) return false;
  a.value = held;
  return true;
}

/**
 * A transform stream (text in, text out) holding what `decision` (from
 * `createDecider(...).fromHeaders(...)`) blocks. Tags it leaves alone are
 * passed on byte for byte.
 */
export function holdTrackers(decision) {
  const rewriter = new RewritingStream();
  // A <style> is judged by its whole text: its start tag waits for it.
  let style = null;
  // A <noscript>'s content, until its end tag.
  let noscript = null;
  const endNoscript = (end) => {
    rewriter.emitRaw(holdNoscript(decision, noscript));
    if (end !== undefined) rewriter.emitRaw(end);
    noscript = null;
  };
  const endStyle = (end) => {
    const held = decision.holdStyle(style.text);
    const attrs = holdStyleAttributes(held, style.tag.attrs, style.text);
    if (attrs) rewriter.emitStartTag({ ...style.tag, attrs });
    else rewriter.emitRaw(style.raw);
    rewriter.emitRaw(held ? held.text : style.text);
    if (end !== undefined) rewriter.emitRaw(end);
    style = null;
  };
  rewriter.on('startTag', (tag, raw) => {
    // Only SVG's <style> can hold elements: its text so far is judged first.
    if (style) endStyle();
    if (tag.tagName === 'style' && !tag.selfClosing) {
      style = { tag, raw, text: '' };
      return;
    }
    if (tag.tagName === 'noscript' && !tag.selfClosing) {
      rewriter.emitRaw(raw);
      noscript = '';
      return;
    }
    const doc = tag.tagName === 'iframe' && holdSrcdoc(decision, tag.attrs);
    const held = holdAttributes(decision.judge(tag.tagName, tag.attrs), tag.tagName, tag.attrs);
    if (!held && !doc) return rewriter.emitRaw(raw);
    if (held) tag.attrs = held;
    rewriter.emitStartTag(tag);
  });
  rewriter.on('text', (_, raw) => {
    if (style) style.text += raw;
    else if (noscript !== null) noscript += raw;
    else rewriter.emitRaw(raw);
  });
  rewriter.on('comment', (_, raw) => {
    if (style) style.text += raw;
    else rewriter.emitRaw(raw);
  });
  rewriter.on('endTag', (tag, raw) => {
    if (style && tag.tagName === 'style') endStyle(raw);
    else if (noscript !== null && tag.tagName === 'noscript') endNoscript(raw);
    else rewriter.emitRaw(raw);
  });
  // A page that ends inside a <style> or a <noscript> still gets it, judged.
  const final = rewriter._final.bind(rewriter);
  rewriter._final = (done) => final((err) => {
    if (style) endStyle();
    if (noscript !== null) endNoscript();
    done(err);
  });
  return rewriter;
}

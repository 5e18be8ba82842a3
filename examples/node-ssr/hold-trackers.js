// The hand-over, as consentry-server's layer does it: the page streams
// through an HTML rewriter that holds every tracker the visitor has not
// allowed, in the form the drop-in releases in place once they accept.
//
// Which element is a tracker, its decision, its service and what to move all
// come from the engine (`decision.judge`, `decision.holdStyle`);
// `holdAttributes` and `holdStyleAttributes` only write that verdict into
// the attributes. Nothing here decides.
import { RewritingStream } from 'parse5-html-rewriting-stream';
import { holdAttributes, holdStyleAttributes } from 'consentry';

/**
 * A transform stream (text in, text out) holding what `decision` (from
 * `createDecider(...).fromHeaders(...)`) blocks. Tags it leaves alone are
 * passed on byte for byte.
 */
export function holdTrackers(decision) {
  const rewriter = new RewritingStream();
  // A <style> is judged by its whole text: its start tag waits for it.
  let style = null;
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
    const held = holdAttributes(decision.judge(tag.tagName, tag.attrs), tag.tagName, tag.attrs);
    if (!held) return rewriter.emitRaw(raw);
    tag.attrs = held;
    rewriter.emitStartTag(tag);
  });
  rewriter.on('text', (_, raw) => {
    if (style) style.text += raw;
    else rewriter.emitRaw(raw);
  });
  rewriter.on('comment', (_, raw) => {
    if (style) style.text += raw;
    else rewriter.emitRaw(raw);
  });
  rewriter.on('endTag', (tag, raw) => {
    if (style && tag.tagName === 'style') endStyle(raw);
    else rewriter.emitRaw(raw);
  });
  // A page that ends inside a <style> still gets its sheet, judged.
  const final = rewriter._final.bind(rewriter);
  rewriter._final = (done) => final((err) => {
    if (style) endStyle();
    done(err);
  });
  return rewriter;
}

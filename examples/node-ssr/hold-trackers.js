// The hand-over, as consentry-server's layer does it: the page streams
// through an HTML rewriter that holds every tracker the visitor has not
// allowed, in the form the drop-in releases in place once they accept.
//
// Which element is a tracker, its decision, its service and what to move all
// come from the engine (`decision.judge`); `holdAttributes` only writes that
// verdict into the attributes. Nothing here decides.
import { RewritingStream } from 'parse5-html-rewriting-stream';
import { holdAttributes } from 'consentry';

/**
 * A transform stream (text in, text out) holding what `decision` (from
 * `createDecider(...).fromHeaders(...)`) blocks. Tags it leaves alone are
 * passed on byte for byte.
 */
export function holdTrackers(decision) {
  const rewriter = new RewritingStream();
  rewriter.on('startTag', (tag, raw) => {
    const held = holdAttributes(decision.judge(tag.tagName, tag.attrs), tag.tagName, tag.attrs);
    if (!held) return rewriter.emitRaw(raw);
    tag.attrs = held;
    rewriter.emitStartTag(tag);
  });
  return rewriter;
}

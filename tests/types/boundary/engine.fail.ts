// The check above can fail: an engine build that lost or re-typed an export
// the browser code calls is not an `Engine`.
import type { Engine } from '../../../pkg/src/engine.js';

declare const lost: Omit<Engine, 'blockReason'>;
export const a: Engine = lost; // error: blockReason
declare const retyped: Omit<Engine, 'judge'> & { judge(tag: number, attrs: unknown): unknown };
export const b: Engine = retyped; // error: judge

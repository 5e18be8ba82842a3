// wasm-bindgen's generated declarations of the engine (built by `cargo xtask
// dist`) still provide everything pkg/src/engine.d.ts, the hand-written wasm
// boundary, promises the browser code and Node.
import { Engine as Generated, domainVariants, pathVariants } from '../../../pkg/dist/parts-esm/consentry.js';
import type { Engine, Wasm } from '../../../pkg/src/engine.js';

declare const generated: Generated;
export const engine: Engine = generated;
export const wasm: Wasm = { Engine: Generated, domainVariants, pathVariants };

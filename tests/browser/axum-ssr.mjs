// Runs consentry-server's axum example (crates/consentry-server/examples/axum_ssr.rs)
// on a free port, for the suites and benchmarks that proxy www.shop.test to it.
// Needs `cargo build -p consentry-server --example axum_ssr` (same CARGO_TARGET_DIR).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, DIST } from './harness.mjs';

export const AXUM_SSR = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug/examples/axum_ssr');

/**
 * Starts the example; `env` is added to its environment (e.g.
 * `{ CONSENTRY_LAYER: 'off' }`). Resolves to `{ upstream, stop }` once it
 * prints its "listening on" line; `upstream` is for `launch(t, { upstream })`.
 */
export async function startAxumSsr(env = {}) {
  if (!existsSync(AXUM_SSR)) {
    throw new Error(`${AXUM_SSR} is missing: run \`cargo build -p consentry-server --example axum_ssr\``);
  }
  const child = spawn(AXUM_SSR, [], {
    env: { ...process.env, PORT: '0', CONSENTRY_DIST: DIST, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const upstream = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`axum_ssr printed no "listening on" line in 10 s: ${out}`)), 10_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`axum_ssr exited (${code}) before listening: ${out}`)); });
    });
    return { upstream, stop: () => child.kill() };
  } catch (e) {
    child.kill();
    throw e;
  }
}

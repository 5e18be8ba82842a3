// The axum example (crates/consentry-server/examples/axum_ssr.rs) as the
// first-party upstream of the harness: start it on a free port, stop it after.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, DIST } from './harness.mjs';

export const AXUM_SSR = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug/examples/axum_ssr');

/** Starts the example; resolves to { upstream: 'http://127.0.0.1:PORT', stop() }. */
export async function startAxumSsr() {
  if (!existsSync(AXUM_SSR)) {
    throw new Error(`${AXUM_SSR} is missing: run \`cargo build -p consentry-server --example axum_ssr\``);
  }
  const server = spawn(AXUM_SSR, [], {
    env: { ...process.env, PORT: '0', CONSENTRY_DIST: DIST },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const upstream = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`axum_ssr printed no "listening on" line in 10 s: ${out}`)), 10_000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`axum_ssr exited (${code}) before listening: ${out}`)); });
  });
  return { upstream, stop: () => server.kill() };
}

// Runs consentry-server's examples (the axum one, crates/consentry-server/examples/axum_ssr.rs,
// and seed_sites) on a free port, for the suites and benchmarks that proxy www.shop.test to them.
// Needs `cargo build -p consentry-server --example NAME` (same CARGO_TARGET_DIR).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, DIST } from './harness.mjs';

/** A consentry-server example binary (`cargo build -p consentry-server --example NAME`). */
export const exampleBin = (name) => path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug/examples', name);

/**
 * Starts a consentry-server example on a free port; `env` is added to its
 * environment. Resolves to `{ upstream, stop }` once it prints its
 * "listening on" line; `upstream` is for `launch(t, { upstream })`.
 */
export async function startExample(name, env = {}) {
  const bin = exampleBin(name);
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: run \`cargo build -p consentry-server --example ${name}\``);
  }
  const child = spawn(bin, [], {
    env: { ...process.env, PORT: '0', CONSENTRY_DIST: DIST, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const upstream = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${name} printed no "listening on" line in 10 s: ${out}`)), 10_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}) before listening: ${out}`)); });
    });
    return { upstream, stop: () => child.kill() };
  } catch (e) {
    child.kill();
    throw e;
  }
}

/** The axum example (e.g. `{ CONSENTRY_LAYER: 'off' }` in `env`). */
export const startAxumSsr = (env = {}) => startExample('axum_ssr', env);

// examples/vite built with Vite against the packed consentry, served as built
// and driven in headless Chromium (tests/browser/harness.mjs): the tracker
// main.js inserts stays held until the visitor accepts in the banner.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import test from 'node:test';
import { installed, ROOT } from './pack.mjs';

const dir = installed('vite', path.join(ROOT, 'examples/vite'));
execFileSync(process.execPath, [path.join(dir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: dir, stdio: ['ignore', 'inherit', 'inherit'],
});
// The harness serves this directory at the site root.
process.env.CONSENTRY_DIST = path.join(dir, 'dist');
const { launch, marker, T } = await import('../browser/harness.mjs');
const GA = 'https://www.google-analytics.com/analytics.js';

test('the Vite build holds analytics until Accept, then runs it', T, async (t) => {
  const s = await launch(t, { runtime: false });
  await s.goto('/index.html');
  await s.ready();
  await s.page.waitForSelector('[data-consentry="banner"] [data-consentry="accept-all"]');
  await s.settle(300);
  assert.deepEqual(s.hits('www.google-analytics.com'), [], 'held before consent');
  assert.equal(await s.page.$eval('#analytics', (o) => o.value), 'held');
  const wasm = s.hits((r) => /^\/assets\/consentry_bg-[\w-]+\.wasm$/.test(r.path));
  assert.equal(wasm.length, 1, `the engine is Vite's fingerprinted asset:\n${s.log()}`);
  await s.page.click('[data-consentry="banner"] [data-consentry="accept-all"]');
  assert.deepEqual(await s.waitForOrder(1), [marker(GA)]);
  assert.equal(s.hits('www.google-analytics.com').length, 1);
  await s.page.waitForFunction(() => document.getElementById('analytics').value === 'running');
  assert.equal((await s.cookie('consentry')).length, 1, 'the choice is remembered');
  assert.deepEqual(s.errors(), []);
  assert.deepEqual(s.pageErrors, []);
});

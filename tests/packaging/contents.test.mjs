// What `npm pack` puts in the tarball: exactly the `files` whitelist (plus
// what npm always adds), and every `exports` target present.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { execFileSync } from 'node:child_process';
import { installed, PKG, ROOT, tarball } from './pack.mjs';

const manifest = JSON.parse(readFileSync(path.join(PKG, 'package.json'), 'utf8'));

/** Every file path an `exports` value points at (conditions and subpaths). */
function targets(v) {
  if (typeof v === 'string') return [v];
  return Object.values(v).flatMap(targets);
}

test('the tarball holds the files whitelist and nothing else', () => {
  const { entries } = tarball();
  const expected = [...manifest.files, 'package.json'].sort();
  assert.deepEqual(entries, expected);
});

test('every exports target is in the tarball', () => {
  const { entries } = tarball();
  const all = targets(manifest.exports).map((t) => t.replace(/^\.\//, ''));
  assert.ok(all.length >= 8, 'conditions of "." and every subpath');
  for (const t of all) assert.ok(entries.includes(t), `${t} (exports) is not in the tarball`);
  assert.ok(entries.includes(manifest.types.replace(/^\.\//, '')));
  for (const s of manifest.sideEffects) assert.ok(entries.includes(s.replace(/^\.\//, '')), `${s} (sideEffects)`);
});

test('"." conditions: types, browser, node, import, default in that order', () => {
  assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'browser', 'node', 'import', 'default']);
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.version, '0.1.0');
});

test('the Node entry works from the installed tarball with only its own files', () => {
  const dir = installed('node-ssr', path.join(ROOT, 'examples/node-ssr'));
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { createDecider } from 'consentry';
    import { createRequire } from 'node:module';
    const d = createDecider({ catalog: false, categories: [{ id: 'performance' }] });
    const r = d.fromHeaders({ 'sec-gpc': '1' });
    const req = createRequire(import.meta.url);
    console.log(JSON.stringify([r.regime, r.decide('performance'), req.resolve('consentry/wasm'), req.resolve('consentry/schema.json')]));
  `], { cwd: dir, encoding: 'utf8' });
  const [regime, perf, wasm, schema] = JSON.parse(out);
  assert.equal(regime, 'opt-in');
  assert.equal(perf, 'block:no-consent');
  assert.match(wasm, /node_modules[\\/]consentry[\\/]dist[\\/]consentry_bg\.wasm$/);
  assert.match(schema, /node_modules[\\/]consentry[\\/]schema[\\/]policy\.schema\.json$/);
});

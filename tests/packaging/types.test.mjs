// The published types under `tsc --strict --noEmit` (typescript pinned in
// consumer/package.json), against the tarball installed in a copy of consumer/:
// a consumer of the whole API compiles (with and without the DOM library), and
// misspelt categories do not.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { installed } from './pack.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const dir = installed('consumer', path.join(HERE, 'consumer'));
const tsc = path.join(dir, 'node_modules/typescript/bin/tsc');

/** `{ status, out }` of `tsc --strict --noEmit -p <config>`. */
function check(config) {
  try {
    return { status: 0, out: execFileSync(process.execPath, [tsc, '--strict', '--noEmit', '-p', config], { cwd: dir, encoding: 'utf8' }) };
  } catch (e) {
    return { status: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

test('a consumer of the whole API and a policy literal compiles', () => {
  const { status, out } = check('tsconfig.json');
  assert.equal(status, 0, out);
});

test('the types need no DOM library for Node-only use', () => {
  const { status, out } = check('tsconfig.node.json');
  assert.equal(status, 0, out);
});

test('misspelt categories fail to compile, each on its own line', () => {
  const { status, out } = check('tsconfig.misspelt.json');
  assert.notEqual(status, 0, 'misspelt.ts compiled');
  const source = readFileSync(path.join(dir, 'misspelt.ts'), 'utf8').split('\n');
  const marked = source.flatMap((l, i) => (/\/\/ error: /.test(l) ? [i + 1] : []));
  const failed = [...new Set([...out.matchAll(/^misspelt\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])))];
  assert.ok(marked.length >= 4);
  assert.deepEqual(failed.sort((a, b) => a - b), marked, out);
  for (const line of marked) {
    const word = source[line - 1].split('// error: ')[1].trim();
    assert.match(out, new RegExp(`misspelt\\.ts\\(${line},[^\\n]*${word}`), `line ${line} must fail on ${word}`);
  }
});

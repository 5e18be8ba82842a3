// The npm package as users get it: `npm pack` of pkg/ (needs `cargo xtask
// dist`), and temporary copies of projects with that tarball installed.
//
// Work happens in CONSENTRY_PACKAGING_DIR (default target/packaging). A copy's
// third-party modules are installed with `npm ci` only when its lockfile
// changed; the tarball is reinstalled only when its bytes changed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const PKG = path.join(ROOT, 'pkg');
export const WORK = path.resolve(process.env.CONSENTRY_PACKAGING_DIR || path.join(ROOT, 'target/packaging'));

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund'], {
  cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
});
const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

let packed = null;
/** `{ file, entries }`: the tarball's path and the paths npm put in it. */
export function tarball() {
  if (packed) return packed;
  if (!existsSync(path.join(PKG, 'dist/consentry.mjs'))) {
    throw new Error('pkg/dist is missing: run `cargo xtask dist` first');
  }
  const out = path.join(WORK, 'tarball');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', out], PKG));
  packed = { file: path.join(out, info.filename), entries: info.files.map((f) => f.path).sort() };
  return packed;
}

/**
 * Copies project `src` (without node_modules and build output) to WORK/`name`,
 * installs its locked dependencies and then the packed consentry; returns the
 * copy's directory.
 */
export function installed(name, src) {
  const { file } = tarball();
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  cpSync(src, dir, {
    recursive: true,
    filter: (p) => !['node_modules', 'dist'].includes(path.basename(p)),
  });
  const lockStamp = path.join(dir, 'node_modules/.consentry-installed-lock');
  const lock = readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
  if (!existsSync(lockStamp) || readFileSync(lockStamp, 'utf8') !== lock) {
    npm(['ci', '--prefer-offline'], dir);
    writeFileSync(lockStamp, lock);
  }
  const tgzStamp = path.join(dir, 'node_modules/.consentry-installed-tarball');
  const hash = sha(file);
  if (!existsSync(tgzStamp) || readFileSync(tgzStamp, 'utf8') !== hash
    || !existsSync(path.join(dir, 'node_modules/consentry/package.json'))) {
    // --no-save: the copy's package.json/lockfile keep the repo's link to pkg/.
    npm(['install', '--no-save', '--prefer-offline', file], dir);
    writeFileSync(tgzStamp, hash);
  }
  return dir;
}

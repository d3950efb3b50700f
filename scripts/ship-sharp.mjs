// @ts-check
// Copies sharp and what it loads at run time into dist/node_modules/, so that action.yml + dist/
// alone load it (the runner does no npm install): the packages and files listed in
// scripts/sharp-packages.json, nothing else. Each package comes from node_modules/ when npm
// installed that exact version there (package-lock.json vouches for its integrity), else from
// its npm tarball: downloaded once with `npm pack` into .cache/npm-pack/ (gitignored), checked
// against the sha512 integrity in the manifest, extracted with tar. Builds for another CPU
// (linux-arm64) always come this way, since npm refuses to install them here (EBADPLATFORM).
// The output depends only on the manifest and the tarballs' bytes: same files, same bytes,
// modes 644 (files) and 755 (directories), so `npm run build` is reproducible.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_PATH = path.join(ROOT, 'scripts', 'sharp-packages.json');
export const PACK_CACHE = path.join(ROOT, '.cache', 'npm-pack');

/** Files the manifest must never select, whatever its globs say. */
const NEVER_SHIPPED = /(^|\/)(CHANGELOG|HISTORY)[^/]*$|\.d\.[cm]?ts$|\.map$|\.(h|hh|hpp|c|cc|cpp|gyp)$|(^|\/)node_modules\//i;

/**
 * One entry of scripts/sharp-packages.json.
 * @typedef {{ name: string, version: string, integrity: string, files: string[], unusedDependencies?: Record<string, string> }} ManifestPackage
 * @typedef {{ name?: string, version?: string, dependencies?: Record<string, string>, optionalDependencies?: Record<string, string> }} PackageJson
 * @typedef {{ name: string, version: string, from: string, files: number, bytes: number, packageJson: PackageJson }} ShippedRow
 */

class ShipError extends Error {}
/** @type {(message: string) => never} */
const fail = (message) => {
  throw new ShipError(`ship-sharp: ${message}`);
};

/**
 * A JSON file's value, for the caller to give its type.
 * @param {string} file
 * @returns {Promise<unknown>}
 */
async function readJson(file) {
  /** @type {unknown} */
  const value = JSON.parse(await readFile(file, 'utf8'));
  return value;
}

/** @returns {Promise<{ packages: ManifestPackage[] }>} */
export async function readManifest() {
  return /** @type {{ packages: ManifestPackage[] }} */ (await readJson(MANIFEST_PATH));
}

/**
 * `@img/sharp-linux-x64`, `0.35.5` -> `img-sharp-linux-x64-0.35.5.tgz`, as `npm pack` names it.
 * @param {{ name: string, version: string }} pkg
 */
export function tarballName({ name, version }) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** @param {Buffer} bytes */
function integrityOf(bytes) {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** @param {string} glob */
function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = /** @type {string} */ (glob[i]);
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Every file under dir, as sorted relative POSIX paths; symlinks and other oddities refused.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function listFiles(dir, prefix = '') {
  /** @type {string[]} */
  const out = [];
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
    else fail(`${path.join(dir, rel)} is neither a file nor a directory`);
  }
  return out;
}

/**
 * The manifest agrees with package-lock.json: same versions, same integrity.
 * @param {ManifestPackage[]} packages
 */
async function checkAgainstLockfile(packages) {
  const lockPath = path.join(ROOT, 'package-lock.json');
  const lock = /** @type {{ packages?: Record<string, { version?: string, integrity?: string }> }} */ (await readJson(lockPath));
  for (const pkg of packages) {
    const entry = lock.packages?.[`node_modules/${pkg.name}`];
    if (!entry) fail(`${pkg.name} is not in package-lock.json (scripts/sharp-packages.json lists it)`);
    if (entry.version !== pkg.version || entry.integrity !== pkg.integrity) {
      fail(
        `scripts/sharp-packages.json and package-lock.json disagree on ${pkg.name}: ` +
          `${pkg.version} ${pkg.integrity} vs ${entry.version} ${entry.integrity}. ` +
          'Update scripts/sharp-packages.json (version and integrity) to the lockfile.',
      );
    }
  }
}

/**
 * Downloads the tarballs not yet in the cache, with one `npm pack`, and checks every one.
 * @param {ManifestPackage[]} packages
 */
async function fetchTarballs(packages) {
  await mkdir(PACK_CACHE, { recursive: true });
  const missing = packages.filter((pkg) => !existsSync(path.join(PACK_CACHE, tarballName(pkg))));
  if (missing.length > 0) {
    const staging = await mkdtemp(path.join(PACK_CACHE, '.download-'));
    try {
      const specs = missing.map((pkg) => `${pkg.name}@${pkg.version}`);
      console.log(`ship-sharp: npm pack ${specs.join(' ')}`);
      try {
        execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', staging, ...specs], {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'inherit'],
        });
      } catch (error) {
        fail(`npm pack failed (${String(error instanceof Error ? error.message : error).split('\n')[0]}); the registry is needed while .cache/npm-pack/ lacks ${specs.join(', ')}`);
      }
      for (const pkg of missing) {
        const file = path.join(staging, tarballName(pkg));
        if (!existsSync(file)) fail(`npm pack did not produce ${tarballName(pkg)}`);
        const actual = integrityOf(await readFile(file));
        if (actual !== pkg.integrity) fail(`downloaded ${pkg.name}@${pkg.version} has integrity ${actual}, expected ${pkg.integrity}`);
        await rename(file, path.join(PACK_CACHE, tarballName(pkg)));
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  for (const pkg of packages) {
    const file = path.join(PACK_CACHE, tarballName(pkg));
    const actual = integrityOf(await readFile(file));
    if (actual !== pkg.integrity) {
      fail(`${path.relative(ROOT, file)} has integrity ${actual}, expected ${pkg.integrity} (delete it to download it again)`);
    }
  }
}

/**
 * Builds dist/node_modules (destination) from the manifest. fromTarballs: ignore node_modules/
 * and take every package from its checked tarball (to prove both sources give the same bytes).
 * Returns one summary row per package.
 * @param {string} destination
 * @param {{ fromTarballs?: boolean }} [options]
 */
export async function shipSharp(destination, { fromTarballs = false } = {}) {
  const { packages } = await readManifest();
  await checkAgainstLockfile(packages);

  /** @type {Map<string, { dir: string, from: string }>} */
  const sources = new Map();
  /** @type {ManifestPackage[]} */
  const fromPack = [];
  for (const pkg of packages) {
    const installed = path.join(ROOT, 'node_modules', pkg.name);
    let version;
    try {
      version = /** @type {PackageJson} */ (await readJson(path.join(installed, 'package.json'))).version;
    } catch {
      // Not installed here (or unreadable): it comes from its tarball.
    }
    if (!fromTarballs && version === pkg.version) sources.set(pkg.name, { dir: installed, from: 'node_modules' });
    else fromPack.push(pkg);
  }
  await fetchTarballs(fromPack);

  const extracted = await mkdtemp(path.join(os.tmpdir(), 'pto-ship-sharp-'));
  /** @type {ShippedRow[]} */
  const rows = [];
  try {
    for (const pkg of fromPack) {
      const dir = path.join(extracted, tarballName(pkg));
      await mkdir(dir);
      execFileSync('tar', ['-xzf', path.join(PACK_CACHE, tarballName(pkg)), '-C', dir, '--no-same-owner', '--no-same-permissions']);
      sources.set(pkg.name, { dir: path.join(dir, 'package'), from: 'tarball' });
    }

    await rm(destination, { recursive: true, force: true });
    for (const pkg of packages) {
      const { dir, from } = sources.get(pkg.name) ?? fail(`${pkg.name} has no source`);
      const available = await listFiles(dir);
      /** @type {Set<string>} */
      const selected = new Set();
      for (const glob of pkg.files) {
        const re = globToRegExp(glob);
        const matches = available.filter((file) => re.test(file));
        if (matches.length === 0) fail(`${pkg.name}@${pkg.version}: "${glob}" matches no file (has: ${available.join(', ')})`);
        for (const file of matches) selected.add(file);
      }
      const packageJson = /** @type {PackageJson} */ (await readJson(path.join(dir, 'package.json')));
      if (packageJson.name !== pkg.name || packageJson.version !== pkg.version) {
        fail(`${dir} holds ${packageJson.name}@${packageJson.version}, expected ${pkg.name}@${pkg.version}`);
      }
      let bytes = 0;
      for (const file of [...selected].sort()) {
        if (NEVER_SHIPPED.test(file)) fail(`${pkg.name}: the manifest selects ${file}, which is never shipped`);
        const data = await readFile(path.join(dir, file));
        const target = path.join(destination, pkg.name, ...file.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, data);
        await chmod(target, 0o644);
        bytes += data.length;
      }
      rows.push({ name: pkg.name, version: pkg.version, from, files: selected.size, bytes, packageJson });
    }
  } finally {
    await rm(extracted, { recursive: true, force: true });
  }
  await normalizeDirectories(destination);
  checkClosure(rows, packages);
  return rows.map(({ packageJson: _packageJson, ...row }) => row);
}

/** @param {string} dir */
async function normalizeDirectories(dir) {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await normalizeDirectories(child);
    else if (!(await lstat(child)).isFile()) fail(`${child} is not a file`);
  }
}

/**
 * Everything a shipped package depends on is shipped, in a version it accepts, unless the
 * manifest says the copied files never load it; the @img builds have sharp's exact version.
 * @param {ShippedRow[]} rows
 * @param {ManifestPackage[]} packages
 */
function checkClosure(rows, packages) {
  const shipped = new Map(rows.map((row) => [row.name, row.version]));
  const sharpVersion = shipped.get('sharp') ?? fail('the manifest does not list sharp');
  for (const row of rows) {
    const unused = packages.find((pkg) => pkg.name === row.name)?.unusedDependencies ?? {};
    for (const [dependency, range] of Object.entries(row.packageJson.dependencies ?? {})) {
      const version = shipped.get(dependency);
      if (version === undefined) {
        if (!(dependency in unused)) fail(`${row.name} depends on ${dependency}, which is not shipped (ship it, or list it under unusedDependencies with the reason)`);
      } else if (!semver.satisfies(version, range)) {
        fail(`${row.name} needs ${dependency}@${range}, the manifest ships ${version}`);
      }
    }
    for (const [dependency, range] of Object.entries(row.packageJson.optionalDependencies ?? {})) {
      const version = shipped.get(dependency);
      if (version !== undefined && !semver.satisfies(version, range)) fail(`${row.name} needs ${dependency}@${range}, the manifest ships ${version}`);
    }
    if (/^@img\/sharp-(?!libvips-)/.test(row.name) && row.version !== sharpVersion) {
      fail(`${row.name}@${row.version} does not match sharp@${sharpVersion}`);
    }
  }
}

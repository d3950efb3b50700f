// @ts-check
// The seed's method, the baseline the bench compares against: the seed's own compress_image in
// Python with Pillow (seed_method.py, one core, one process for the whole corpus), run in the
// same bench run as ours. Each image is copied into a work directory and compressed there in
// place, as the seed does; the work file is then what the seed would publish.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed_method.py');

/** A python3 that imports PIL: the one on PATH, Debian's, or Debian's after installing
 * python3-pil (the bench's one system dependency). */
function pythonWithPillow() {
  const works = (/** @type {string} */ py) => spawnSync(py, ['-c', 'import PIL'], { stdio: 'ignore' }).status === 0;
  for (const py of ['python3', '/usr/bin/python3']) if (works(py)) return py;
  console.error('installing python3-pil (Pillow) for the seed method…');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-pil'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (works('/usr/bin/python3')) return '/usr/bin/python3';
  throw new Error('the seed method needs Python with Pillow: apt-get install python3-pil');
}

/**
 * Runs the seed on every image; the results are in the order of `names`.
 * @param {import('./types.mjs').Sharp} sharp
 * @param {string} corpusDir
 * @param {string[]} names
 * @param {string} workDir
 * @returns {Promise<{ pillow: string, python: string, runs: import('./types.mjs').TimedRun[] }>}
 */
export async function runSeed(sharp, corpusDir, names, workDir) {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const jobs = names.map((name, i) => ({ input: path.join(corpusDir, name), work: path.join(workDir, `${i}-${name}`) }));
  const jobsFile = path.join(workDir, 'jobs.json');
  await writeFile(jobsFile, JSON.stringify(jobs));
  const py = pythonWithPillow();
  const out = execFileSync(py, [SCRIPT, jobsFile], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const parsed = parseSeedOutput(out);
  /** @type {import('./types.mjs').TimedRun[]} */
  const runs = [];
  for (const [i, job] of jobs.entries()) {
    const r = /** @type {{ ms: number, ok: boolean, error?: string }} */ (parsed.images[i]);
    const input = await readFile(job.input);
    const output = await readFile(job.work);
    if (!r.ok) {
      runs.push({ result: { kind: 'kept', reason: 'unreadable', detail: `Pillow: ${r.error ?? 'failed'}` }, ms: r.ms });
    } else if (output.equals(input)) {
      runs.push({ result: { kind: 'kept', reason: 'under-cap' }, ms: r.ms });
    } else {
      const meta = await sharp(output).metadata();
      runs.push({ result: { kind: 'compressed', data: output, width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0, method: 'seed (Pillow)' }, ms: r.ms });
    }
  }
  return { pillow: parsed.pillow, python: parsed.python, runs };
}

/**
 * @param {string} out
 * @returns {{ pillow: string, python: string, images: { ms: number, ok: boolean, error?: string }[] }}
 */
function parseSeedOutput(out) {
  /** @type {unknown} */
  const value = JSON.parse(out);
  if (typeof value !== 'object' || value === null || !Array.isArray(/** @type {{ images?: unknown }} */ (value).images)) throw new Error(`seed_method.py printed no results: ${out.slice(0, 200)}`);
  return /** @type {{ pillow: string, python: string, images: { ms: number, ok: boolean, error?: string }[] }} */ (value);
}

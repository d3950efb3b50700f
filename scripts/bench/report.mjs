// @ts-check
// Turns the measured runs into the printed table and the target verdicts.
import { stats } from './measure.mjs';

/**
 * One timed run of one tool (measure.mjs's numbers), what it printed as outputs, and the check of
 * the bucket afterwards.
 * @typedef {{ wallMs: number, cpuMs: number | null, userMs: number | null, sysMs: number | null, rssMB: number | null, code: number | null, timedOut: boolean, outputs?: Record<string, string>, verify?: { ok: boolean, problems: string[] } }} Run
 * @typedef {ReturnType<typeof summarize>} Summary
 * @typedef {{ label: string, runs: Run[], skipped?: string, summary?: Summary }} ToolResult
 * @typedef {{ title: string, files: number, bytes: number, tools: Record<string, ToolResult> }} UploadCase
 * @typedef {{ title: string, ours: number[], node: number[], profile?: unknown }} StartupCase
 * @typedef {{ title: string, files: number, layouts: Record<string, { times: number[], pages: number }> }} PagesCase
 * @typedef {import('./history.mjs').HistoryCase} HistoryCase
 * @typedef {import('./compare.mjs').CompareResult} CompareCase
 * @typedef {{ startup?: StartupCase, pages?: PagesCase, history?: HistoryCase, compare?: CompareCase, profileSmall?: unknown } & { [id: string]: UploadCase | StartupCase | PagesCase | HistoryCase | CompareCase | unknown }} Cases
 * @typedef {{ target: string, measured: number | null, limit: number, unit: string, met: boolean | null }} Verdict
 */

/** @param {number | null | undefined} ms */
const s = (ms) => (ms === null || ms === undefined ? '-' : (ms / 1000).toFixed(2));
const ratio = (/** @type {number | null | undefined} */ a, /** @type {number | null | undefined} */ b) => (a && b ? `${(a / b).toFixed(2)}×` : '-');

/**
 * Summary of one tool's runs in one case (medians unless said otherwise).
 * @param {Run[]} runs
 * @param {number} files
 */
export function summarize(runs, files) {
  const ok = runs.filter((r) => r.code === 0);
  const wall = stats(ok.map((r) => r.wallMs));
  const cpu = stats(ok.map((r) => r.cpuMs));
  const rss = stats(ok.map((r) => r.rssMB));
  return {
    runs: runs.length,
    failed: runs.length - ok.length,
    verified: runs.length > 0 && runs.every((r) => r.verify?.ok),
    wallMinMs: wall.min,
    wallMedianMs: wall.median,
    cpuMedianMs: cpu.median,
    cpuPerFileMs: cpu.median === null ? null : cpu.median / files,
    rssMaxMB: rss.max,
  };
}

/**
 * One markdown table per upload case; ratios are tool ÷ ours (above 1×: slower / more than ours).
 * @param {UploadCase} c
 */
export function uploadTable(c) {
  const ours = c.tools.ours?.summary ?? c.tools.pipeline?.summary;
  const lines = [
    `### ${c.title}`,
    '',
    '| tool | wall min s | wall median s | wall ÷ ours | CPU s (user+sys) | CPU ms/file | CPU ÷ ours | peak RSS MB | verified |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const [, t] of Object.entries(c.tools)) {
    if (t.skipped) {
      lines.push(`| ${t.label} | skipped: ${t.skipped} | | | | | | | |`);
      continue;
    }
    const m = /** @type {Summary} */ (t.summary);
    const bad = m.failed ? ` (${m.failed} of ${m.runs} runs FAILED)` : '';
    lines.push(
      `| ${t.label} | ${s(m.wallMinMs)} | ${s(m.wallMedianMs)} | ${ratio(m.wallMedianMs, ours?.wallMedianMs)} | ${s(m.cpuMedianMs)} | ${m.cpuPerFileMs?.toFixed(2) ?? '-'} | ${ratio(m.cpuMedianMs, ours?.cpuMedianMs)} | ${m.rssMaxMB?.toFixed(0) ?? '-'} | ${m.verified ? 'yes' : 'NO'}${bad} |`,
    );
  }
  return lines.join('\n');
}

/** @param {number | null} v the stat of a list that is never empty here */
const known = (v) => /** @type {number} */ (v);

/** @param {StartupCase} c */
export function startupTable(c) {
  return [
    `### ${c.title}`,
    '',
    '| measure | runs | min ms | median ms |',
    '|---|---:|---:|---:|',
    `| ours: spawn → first HTTP request | ${c.ours.length} | ${known(stats(c.ours).min).toFixed(0)} | ${known(stats(c.ours).median).toFixed(0)} |`,
    `| reference: \`node -e 0\` spawn → exit | ${c.node.length} | ${known(stats(c.node).min).toFixed(0)} | ${known(stats(c.node).median).toFixed(0)} |`,
  ].join('\n');
}

/** @param {PagesCase} c */
export function pagesTable(c) {
  const rows = Object.entries(c.layouts).map(([name, l]) => {
    const st = stats(l.times);
    return `| ${c.files.toLocaleString('en-US')} files, ${name === 'oneFolder' ? 'one folder' : '100 folders'} | ${l.times.length} | ${known(st.min).toFixed(0)} | ${known(st.median).toFixed(0)} | ${l.pages} |`;
  });
  return [`### ${c.title}`, '', '| layout | runs | min ms | median ms | pages |', '|---|---:|---:|---:|---:|', ...rows].join('\n');
}

/**
 * The targets, each as measured: met, missed, or not measured (a case or peer absent).
 * @param {Cases} cases
 * @returns {Verdict[]}
 */
export function verdicts(cases) {
  /** @type {Verdict[]} */
  const out = [];
  /** @typedef {'wallMedianMs' | 'cpuMedianMs' | 'rssMaxMB'} Measure */
  /** @type {(c: string, t: string, k?: Measure) => number | null} */
  const med = (c, t, k = 'wallMedianMs') => /** @type {UploadCase | undefined} */ (cases[c])?.tools?.[t]?.summary?.[k] ?? null;
  /** @type {(target: string, value: number | null, limit: number, unit?: string) => void} */
  const check = (target, value, limit, unit = '×') => {
    const measured = value === null || limit === null ? null : value;
    out.push({ target, measured, limit, unit, met: measured === null ? null : measured <= limit });
  };
  /** @type {(c: string, t: string, k?: Measure) => number | null} */
  const rel = (c, t, k) => (med(c, 'ours', k) !== null && med(c, t, k) ? /** @type {number} */ (med(c, 'ours', k)) / /** @type {number} */ (med(c, t, k)) : null);
  check('small files: wall ≤ 0.75× aws-cli default', rel('small', 'aws'), 0.75);
  check('small files: wall ≤ 1.1× rclone --transfers 32', rel('small', 'rclone32'), 1.1);
  check('small files: CPU/file ≤ 0.5× aws-cli default', rel('small', 'aws', 'cpuMedianMs'), 0.5);
  check('small files: CPU/file ≤ 1.25× rclone --transfers 32', rel('small', 'rclone32', 'cpuMedianMs'), 1.25);
  check('100 ms latency: wall ≤ ⅓ aws-cli default', rel('latency', 'aws'), 1 / 3);
  check('100 ms latency: wall ≤ ½ rclone --transfers 32', rel('latency', 'rclone32'), 0.5);
  const bestRclone = /** @type {number[]} */ (['rclone', 'rclone32'].map((t) => med('big', t)).filter(Boolean));
  check('1 GiB: wall ≤ 1.1× rclone (faster variant)', med('big', 'ours') && bestRclone.length ? /** @type {number} */ (med('big', 'ours')) / Math.min(...bestRclone) : null, 1.1);
  check('1 GiB: peak RSS ≤ 200 MB', med('big', 'ours', 'rssMaxMB'), 200, ' MB');
  check('start-up (median) ≤ 300 ms', cases.startup ? stats(cases.startup.ours).median : null, 300, ' ms');
  const pages = cases.pages ? Math.max(...Object.values(cases.pages.layouts).map((l) => known(stats(l.times).median))) : null;
  check(`pages for ${cases.pages?.files?.toLocaleString('en-US') ?? '?'} files (median, worse layout) ≤ 1 s`, pages, 1000, ' ms');
  const retention = /** @type {{ pruneMs?: number, publications?: number, files?: number } | undefined} */ (cases['retention']);
  check(`prune ${retention?.publications?.toLocaleString('en-US') ?? '?'} expired publications × ${retention?.files ?? '?'} files ≤ 30 s`, retention?.pruneMs ?? null, 30_000, ' ms');
  const history = cases.history;
  const publications = history?.publications.toLocaleString('en-US') ?? '?';
  check(`history of ${publications}: warm update of the level pages (median) ≤ 1.5 s`, history ? stats(history.warmMs).median : null, 1500, ' ms');
  check(`history of ${publications}: largest page ≤ 1 MB`, history ? history.largestPage / 1024 : null, 1024, ' KB');
  const compare = cases.compare;
  check(`compare ${compare?.files.toLocaleString('en-US') ?? '?'} files, ${compare?.changed ?? '?'} changed: added to a publication (median) ≤ 1 s`, compare ? stats(compare.stageMs).median : null, 1000, ' ms');
  check('image comparison (pixelmatch + overlay) per 1 MP image (median) ≤ 150 ms', compare ? stats(compare.imageMsPerMP).median : null, 150, ' ms');
  return out;
}

/** @param {Verdict[]} list */
export function verdictTable(list) {
  /** @type {(v: number | null, unit: string) => string} */
  const fmt = (v, unit) => (v === null ? '-' : unit === '×' ? `${v.toFixed(2)}×` : `${v.toFixed(0)}${unit}`);
  return [
    '| target | measured | limit | verdict |',
    '|---|---:|---:|---|',
    ...list.map((v) => `| ${v.target} | ${fmt(v.measured, v.unit)} | ${fmt(v.limit, v.unit)} | ${v.met === null ? 'not measured' : v.met ? 'met' : '**missed**'} |`),
  ].join('\n');
}

// Turns the measured runs into the printed table and the target verdicts.
import { stats } from './measure.mjs';

const s = (ms) => (ms === null || ms === undefined ? '-' : (ms / 1000).toFixed(2));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '-');

/** Summary of one tool's runs in one case (medians unless said otherwise). */
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

/** One markdown table per upload case; ratios are tool ÷ ours (above 1×: slower / more than ours). */
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
    const m = t.summary;
    const bad = m.failed ? ` (${m.failed} of ${m.runs} runs FAILED)` : '';
    lines.push(
      `| ${t.label} | ${s(m.wallMinMs)} | ${s(m.wallMedianMs)} | ${ratio(m.wallMedianMs, ours?.wallMedianMs)} | ${s(m.cpuMedianMs)} | ${m.cpuPerFileMs?.toFixed(2) ?? '-'} | ${ratio(m.cpuMedianMs, ours?.cpuMedianMs)} | ${m.rssMaxMB?.toFixed(0) ?? '-'} | ${m.verified ? 'yes' : 'NO'}${bad} |`,
    );
  }
  return lines.join('\n');
}

export function startupTable(c) {
  return [
    `### ${c.title}`,
    '',
    '| measure | runs | min ms | median ms |',
    '|---|---:|---:|---:|',
    `| ours: spawn → first HTTP request | ${c.ours.length} | ${stats(c.ours).min.toFixed(0)} | ${stats(c.ours).median.toFixed(0)} |`,
    `| reference: \`node -e 0\` spawn → exit | ${c.node.length} | ${stats(c.node).min.toFixed(0)} | ${stats(c.node).median.toFixed(0)} |`,
  ].join('\n');
}

export function pagesTable(c) {
  const rows = Object.entries(c.layouts).map(([name, l]) => {
    const st = stats(l.times);
    return `| ${c.files.toLocaleString('en-US')} files, ${name === 'oneFolder' ? 'one folder' : '100 folders'} | ${l.times.length} | ${st.min.toFixed(0)} | ${st.median.toFixed(0)} | ${l.pages} |`;
  });
  return [`### ${c.title}`, '', '| layout | runs | min ms | median ms | pages |', '|---|---:|---:|---:|---:|', ...rows].join('\n');
}

/** The targets, each as measured: met, missed, or not measured (a case or peer absent). */
export function verdicts(cases) {
  const out = [];
  const med = (c, t, k = 'wallMedianMs') => cases[c]?.tools?.[t]?.summary?.[k] ?? null;
  const check = (target, value, limit, unit = '×') => {
    const measured = value === null || limit === null ? null : value;
    out.push({ target, measured, limit, unit, met: measured === null ? null : measured <= limit });
  };
  const rel = (c, t, k) => (med(c, 'ours', k) !== null && med(c, t, k) ? med(c, 'ours', k) / med(c, t, k) : null);
  check('small files: wall ≤ 0.75× aws-cli default', rel('small', 'aws'), 0.75);
  check('small files: wall ≤ 1.1× rclone --transfers 32', rel('small', 'rclone32'), 1.1);
  check('small files: CPU/file ≤ 0.5× aws-cli default', rel('small', 'aws', 'cpuMedianMs'), 0.5);
  check('small files: CPU/file ≤ 1.25× rclone --transfers 32', rel('small', 'rclone32', 'cpuMedianMs'), 1.25);
  check('100 ms latency: wall ≤ ⅓ aws-cli default', rel('latency', 'aws'), 1 / 3);
  check('100 ms latency: wall ≤ ½ rclone --transfers 32', rel('latency', 'rclone32'), 0.5);
  const bestRclone = ['rclone', 'rclone32'].map((t) => med('big', t)).filter(Boolean);
  check('1 GiB: wall ≤ 1.1× rclone (faster variant)', med('big', 'ours') && bestRclone.length ? med('big', 'ours') / Math.min(...bestRclone) : null, 1.1);
  check('1 GiB: peak RSS ≤ 200 MB', med('big', 'ours', 'rssMaxMB'), 200, ' MB');
  check('start-up (median) ≤ 300 ms', cases.startup ? stats(cases.startup.ours).median : null, 300, ' ms');
  const pages = cases.pages ? Math.max(...Object.values(cases.pages.layouts).map((l) => stats(l.times).median)) : null;
  check(`pages for ${cases.pages?.files?.toLocaleString('en-US') ?? '?'} files (median, worse layout) ≤ 1 s`, pages, 1000, ' ms');
  return out;
}

export function verdictTable(list) {
  const fmt = (v, unit) => (v === null ? '-' : unit === '×' ? `${v.toFixed(2)}×` : `${v.toFixed(0)}${unit}`);
  return [
    '| target | measured | limit | verdict |',
    '|---|---:|---:|---|',
    ...list.map((v) => `| ${v.target} | ${fmt(v.measured, v.unit)} | ${fmt(v.limit, v.unit)} | ${v.met === null ? 'not measured' : v.met ? 'met' : '**missed**'} |`),
  ].join('\n');
}

// @ts-check
// Screenshot-like SVGs: a web UI (light, dark, 2× scale) and a long log page: mostly small text
// on flat colour, unlike the plots.
import { FONT, MONO, esc, svgDoc } from './svg.mjs';

const WORDS = 'test run passed failed skipped build deploy worker queue cache shard retry timeout latency upload artifact report coverage module service request handler config parser render index page bucket manifest summary status duration commit branch merge review'.split(' ');
const sentence = (/** @type {import('./random.mjs').Rng} */ rng, /** @type {number} */ n) => Array.from({ length: n }, () => rng.pick(WORDS)).join(' ');

/**
 * @param {import('./random.mjs').Rng} rng
 * @param {{ W: number, H: number, scale?: number, dark?: boolean }} options
 */
export function uiScreenshot(rng, { W, H, scale = 1, dark = false }) {
  const u = scale;
  const bg = dark ? '#1e1e1e' : '#ffffff';
  const fg = dark ? '#d4d4d4' : '#24292f';
  const muted = dark ? '#8b949e' : '#57606a';
  const panel = dark ? '#252526' : '#f6f8fa';
  let body = `<rect width='${W}' height='${56 * u}' fill='${dark ? '#333333' : '#24292f'}'/>`;
  body += `<text x='${20 * u}' y='${35 * u}' font-size='${18 * u}' fill='#ffffff' ${FONT} font-weight='bold'>Test outputs</text>`;
  for (let i = 0; i < 5; i++) body += `<text x='${(220 + i * 110) * u}' y='${34 * u}' font-size='${14 * u}' fill='#d0d7de' ${FONT}>${esc(rng.pick(WORDS))}</text>`;
  body += `<rect x='0' y='${56 * u}' width='${260 * u}' height='${H - 56 * u}' fill='${panel}'/>`;
  for (let i = 0; i < Math.floor((H / u - 80) / 30); i++) {
    const y = (90 + i * 30) * u;
    if (i === 3) body += `<rect x='${8 * u}' y='${y - 20 * u}' width='${244 * u}' height='${28 * u}' rx='${6 * u}' fill='${dark ? '#094771' : '#ddf4ff'}'/>`;
    body += `<text x='${24 * u}' y='${y}' font-size='${14 * u}' fill='${fg}' ${FONT}>${esc(sentence(rng, 2))}</text>`;
  }
  const x0 = 290 * u;
  body += `<text x='${x0}' y='${100 * u}' font-size='${24 * u}' fill='${fg}' ${FONT}>Run #${rng.int(1000, 9999)} — ${esc(sentence(rng, 3))}</text>`;
  /** @type {[string, string][]} */
  const badges = [['passed', '#1a7f37'], ['failed', '#cf222e'], ['skipped', '#9a6700']];
  badges.forEach(([label, color], i) => {
    body += `<rect x='${x0 + i * 110 * u}' y='${118 * u}' width='${100 * u}' height='${26 * u}' rx='${13 * u}' fill='${color}'/>`;
    body += `<text x='${x0 + (i * 110 + 50) * u}' y='${136 * u}' font-size='${13 * u}' fill='#ffffff' text-anchor='middle' ${FONT}>${rng.int(1, 400)} ${label}</text>`;
  });
  const tableTop = 170 * u;
  body += `<rect x='${x0}' y='${tableTop}' width='${W - x0 - 30 * u}' height='${36 * u}' fill='${panel}' stroke='${dark ? '#3c3c3c' : '#d0d7de'}'/>`;
  const cols = /** @type {const} */ ([0, 420, 560, 700, 840]);
  ['name', 'status', 'duration', 'size', 'modified'].forEach((h, i) => (body += `<text x='${x0 + (/** @type {number} */ (cols[i]) + 12) * u}' y='${tableTop + 23 * u}' font-size='${13 * u}' fill='${muted}' font-weight='bold' ${FONT}>${h}</text>`));
  for (let r = 0; r * 34 * u + tableTop + 70 * u < H; r++) {
    const y = tableTop + (36 + r * 34) * u;
    body += `<line x1='${x0}' x2='${W - 30 * u}' y1='${y + 34 * u}' y2='${y + 34 * u}' stroke='${dark ? '#3c3c3c' : '#d8dee4'}' stroke-width='${u}'/>`;
    const [label, color] = rng.pick(badges);
    body += `<text x='${x0 + 12 * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${dark ? '#4fc1ff' : '#0969da'}' ${FONT}>${esc(sentence(rng, 3).replace(/ /g, '/'))}.png</text>`;
    body += `<circle cx='${x0 + (cols[1] + 16) * u}' cy='${y + 17 * u}' r='${5 * u}' fill='${color}'/>`;
    body += `<text x='${x0 + (cols[1] + 28) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${fg}' ${FONT}>${label}</text>`;
    body += `<text x='${x0 + (cols[2] + 12) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${fg}' ${MONO}>${rng.range(0.01, 90).toFixed(2)} s</text>`;
    body += `<text x='${x0 + (cols[3] + 12) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${fg}' ${MONO}>${rng.range(1, 900).toFixed(1)} KB</text>`;
    body += `<text x='${x0 + (cols[4] + 12) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${muted}' ${FONT}>${rng.int(1, 59)} minutes ago</text>`;
  }
  return svgDoc(W, H, body, { background: bg });
}

/**
 * @param {import('./random.mjs').Rng} rng
 * @param {{ W: number, H: number }} size
 */
export function logPage(rng, { W, H }) {
  let body = '';
  const lineH = 16;
  for (let i = 0; (i + 2) * lineH < H; i++) {
    const level = rng() < 0.08 ? ['ERROR', '#cf222e'] : rng() < 0.15 ? ['WARN', '#9a6700'] : ['INFO', '#57606a'];
    const ts = `2024-06-11T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${rng.int(100, 999)}Z`;
    if (i % 2) body += `<rect x='0' y='${(i + 1) * lineH - 12}' width='${W}' height='${lineH}' fill='#f6f8fa'/>`;
    body += `<text x='8' y='${(i + 1) * lineH}' font-size='12' ${MONO}><tspan fill='#8c959f'>${ts}</tspan> <tspan fill='${level[1]}'>${level[0]}</tspan> ${esc(sentence(rng, rng.int(4, 12)))}</text>`;
  }
  return svgDoc(W, H, body);
}

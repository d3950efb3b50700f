// Test results in what the action reports (issue 17), end to end: the built action with JUnit
// reports among its outputs (a real Playwright report with a trace, and a hostile one whose
// names carry markup, mentions and the characters that break Markdown links and tables), a real
// S3 server, and the local GitHub API server. The comment is read back from that server as
// GitHub would show it; the job summary from GITHUB_STEP_SUMMARY; the links are fetched.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { ACTIONS_TOKEN, startGithubApi, type GithubApi } from './helpers/github-api.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const SHA = '2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d';
const FIXTURES = path.resolve(import.meta.dirname, '../__fixtures__/junit');
const HOSTILE = '<img src=x onerror=alert(1)> @octocat `rm -rf` | cell ](javascript:alert(1)) [x';
const LONG = `case 05 ${'long name '.repeat(30)}`;
/** Failing tests of the hostile report; the Playwright report adds its own. */
const HOSTILE_FAILURES = 14;

let target: S3Target;
let api: GithubApi;
let workspace: string;
let bucket: string;

const xmlAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A report whose failures each attach a file of the outputs (Jenkins' ATTACHMENT lines). */
function hostileReport(failures: number, o: { message?: string; name?: (i: number) => string } = {}): string {
  const name = o.name ?? ((i: number) => (i === 5 ? LONG : `case ${String(i).padStart(2, '0')} ${HOSTILE}`));
  const cases = Array.from({ length: failures }, (_, i) =>
    `<testcase classname="hostile" name="${xmlAttr(name(i))}"><failure message="${xmlAttr(o.message ?? `expected <b>1</b> @org/team #12\nsecond line`)}"/>` +
    `<system-out>[[ATTACHMENT|shots/case-${i}.txt]]</system-out></testcase>`,
  );
  return `<?xml version="1.0"?><testsuite name="${xmlAttr(`suite ${HOSTILE}`)}">${cases.join('')}<testcase name="passes"/><testcase name="skips"><skipped/></testcase></testsuite>`;
}

async function outputs(dir: string, report: string, failures: number): Promise<void> {
  await mkdir(path.join(workspace, dir, 'reports'), { recursive: true });
  await mkdir(path.join(workspace, dir, 'shots'), { recursive: true });
  await writeFile(path.join(workspace, dir, 'reports/hostile.xml'), report);
  for (let i = 0; i < failures; i++) await writeFile(path.join(workspace, dir, `shots/case-${i}.txt`), `output of case ${i}\n`);
  await writeFile(path.join(workspace, dir, 'log.txt'), 'ran\n');
}

beforeAll(async () => {
  target = await s3Target();
  bucket = await target.createBucket();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-results-comment-'));
  await outputs('out', hostileReport(HOSTILE_FAILURES), HOSTILE_FAILURES);
  await copyFile(path.join(FIXTURES, 'playwright/results.xml'), path.join(workspace, 'out/reports/playwright.xml'));
  await mkdir(path.join(workspace, 'out/test-results/checkout-checkout-shows-the-total'), { recursive: true });
  await writeFile(path.join(workspace, 'out/test-results/checkout-checkout-shows-the-total/trace.zip'), Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary'));
  await writeFile(path.join(workspace, 'event-pr.json'), JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42, head: { sha: SHA } } }));
});
afterAll(async () => {
  await api?.close();
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});
beforeEach(async () => {
  await api?.close();
  api = await startGithubApi();
});

let attempt = 0;
function publish(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    cwd: workspace,
    inputs: { bucket, path: 'out', 'test-name': 'e2e', 'github-token': ACTIONS_TOKEN, compare: 'off', ...inputs },
    env: { ...target.env(), GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(workspace, 'event-pr.json'), GITHUB_API_URL: api.url, GITHUB_RUN_ATTEMPT: String(++attempt) },
  });
}

/** The PR's comments as the API serves them to a client, not the server's own state. */
async function commentsOf(pr: number): Promise<{ id: number; body: string }[]> {
  const res = await fetch(`${api.url}/repos/octo-org/octo-repo/issues/${pr}/comments?per_page=100`, { headers: { authorization: `token ${ACTIONS_TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: number; body: string }[];
}

const decode = (s: string): string => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((m) => decode(m[1]!));
/** Every HTML tag name in a text: what GitHub would render as markup. */
const tags = (text: string): Set<string> => new Set([...text.matchAll(/<\/?([A-Za-z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));

/** What no hostile string may leave raw in a comment or summary. */
function expectNeutralised(text: string): void {
  expect(text).not.toMatch(/@octocat|@org\/team/);
  expect(text).toContain('@\u200Boctocat');
  expect(text).not.toContain('<img');
  expect(text).not.toContain('<b>');
  // `](javascript:…)` stays text: every link is the store's.
  for (const url of hrefs(text)) expect(url).toMatch(/^https?:\/\//);
  expect(text).not.toContain('`rm -rf`');
  expect(text).toContain('&#60;img src=x onerror=alert(1)&#62;');
}

describe('test results in the comment and the job summary', () => {
  it('comment: the status line first, the browse link, 10 failures linking their outputs, then "and N more" to the page; nothing unescaped', async () => {
    const run = await publish();
    expect(run.code, run.stdout).toBe(0);
    const [comment, ...others] = await commentsOf(42);
    expect(others).toEqual([]);
    const body = comment!.body;
    const lines = body.split('\n').filter((l) => l !== '');
    // The Playwright report's 2 failures (and 2 passed, 1 flaky, 1 skipped) and the hostile report's.
    const failed = HOSTILE_FAILURES + 2;
    expect(run.outputs).toMatchObject({ passed: '3', failed: String(failed), skipped: '2' });
    expect(lines[0]).toBe('<!-- publish-test-outputs:e2e -->');
    expect(lines[1]).toBe('### Test outputs: e2e');
    expect(lines[2]).toBe(`**❌ ${failed} failed · 3 passed · 2 skipped · 1 flaky**`);
    expect(lines[3]).toMatch(new RegExp(`^\\*\\*\\[Browse the outputs\\]\\(${run.outputs['url']!.replace(/[.?*+^$()[\]\\]/g, '\\$&')}\\)\\*\\*`));
    const items = lines.filter((l) => l.startsWith('- '));
    const failures = items.filter((l) => !/>and \d+ more</.test(l));
    expect(failures).toHaveLength(10);
    expect(items.at(-1)).toBe(`- <a href="${run.outputs['url']}#results">and ${failed - 10} more</a>`);
    expect(lines.indexOf(items[0]!)).toBe(4);
    // Every failure with outputs links them (the hostile report's attach a file each; the
    // Playwright report's test with a folder links it and its trace); each link opens.
    const linked = failures.filter((l) => l.startsWith('- <a href='));
    expect(linked.filter((l) => l.includes('case ')).length).toBe(failures.filter((l) => l.includes('case ')).length);
    expect(linked.some((l) => l.includes('shows the total') && l.includes('>trace</a>'))).toBe(true);
    for (const line of linked) {
      const [url, ...rest] = hrefs(line);
      expect((await fetch(url!)).status, url).toBe(200);
      for (const trace of rest) expect(trace).toMatch(/^https:\/\/trace\.playwright\.dev\/\?trace=http/);
    }
    // The 300-character name is cut, on one line, its Markdown inert.
    const long = failures.find((l) => l.includes('long name'))!;
    expect(long).toMatch(/ › case 05 (long name ){10}.*…<\/a> — expected &#60;b&#62;1&#60;\/b&#62; @\u200Borg\/team #\u200B12$/);
    expect(decode(/">(.*)<\/a>/.exec(long)![1]!).replace(/\u200B/g, '').length).toBeLessThanOrEqual(200);
    // The link text of a hostile name: `]`, `|` and a backtick cannot end a link or open code.
    const hostile = failures.find((l) => l.includes('case 00'))!;
    expect(hostile.replace(/<a href="[^"]*">/, '')).not.toMatch(/[[\]|`]/);
    expect([...tags(body)].sort()).toEqual(['a', 'sub']);
    expectNeutralised(body);
    expect(body.length).toBeLessThanOrEqual(65_536);
  });

  it('summary: the same status line and a table of every failure, escaped the same way', async () => {
    const run = await publish();
    expect(run.code, run.stdout).toBe(0);
    const s = run.summary;
    const failed = HOSTILE_FAILURES + 2;
    expect(s.indexOf(`❌ ${failed} failed · 3 passed · 2 skipped · 1 flaky`)).toBeLessThan(s.indexOf('Browse the outputs'));
    expect(s).toContain('<tr><th align="left">Suite</th><th align="left">Test</th><th align="left">Message</th><th align="left">Outputs</th></tr>');
    const table = s.slice(s.indexOf('<th align="left">Suite</th>'));
    const rows = table.slice(0, table.indexOf('</table>')).split('\n').filter((l) => l.startsWith('<tr><td>'));
    expect(rows).toHaveLength(failed);
    const hostile = rows.filter((r) => r.includes('case '));
    expect(hostile).toHaveLength(HOSTILE_FAILURES);
    for (const row of hostile) {
      const url = hrefs(row)[0]!;
      expect(url).toMatch(/\/shots\/case-\d+\.txt$/);
      expect((await fetch(url)).status).toBe(200);
    }
    expect(hostile[0]).toContain('<td>suite &#60;img src=x onerror=alert(1)&#62; @\u200Boctocat &#96;rm -rf&#96; &#124; cell &#93;(javascript:alert(1)) &#91;x</td>');
    expect([...tags(s)].filter((t) => !['h3', 'p', 'strong', 'a', 'br', 'table', 'tr', 'th', 'td', 'code'].includes(t))).toEqual([]);
    expectNeutralised(s);
  });

  it('with fail-on-test-failure: true, fails the step after the files are published and the comment is posted', async () => {
    const run = await publish({ 'fail-on-test-failure': 'true' });
    expect(run.code).toBe(1);
    const failed = HOSTILE_FAILURES + 2;
    const error = run.stdout.indexOf(`::error::${failed} tests failed (fail-on-test-failure)`);
    expect(error, run.stdout).toBeGreaterThan(-1);
    expect(run.stdout.indexOf('commented on pull request #42')).toBeGreaterThan(-1);
    expect(run.stdout.indexOf('commented on pull request #42')).toBeLessThan(error);
    expect((await commentsOf(42))[0]!.body).toContain(`❌ ${failed} failed`);
    expect((await fetch(run.outputs['url']!)).status).toBe(200);
    expect(run.outputs).toMatchObject({ files: '18', failed: String(failed) });
    // No failed test, no failure: the same input passes a green run.
    await rm(path.join(workspace, 'green'), { recursive: true, force: true });
    await mkdir(path.join(workspace, 'green'), { recursive: true });
    await writeFile(path.join(workspace, 'green/junit.xml'), '<testsuite name="s"><testcase name="a"/><testcase name="b"/></testsuite>');
    const green = await publish({ path: 'green', 'fail-on-test-failure': 'true' });
    expect(green.code, green.stdout).toBe(0);
    expect(green.outputs).toMatchObject({ passed: '2', failed: '0', skipped: '0' });
    expect((await commentsOf(42))[0]!.body).toContain('**✅ 2 passed**');
  });

  it('stays under GitHub\'s 65,536 characters with 300 failures of long names and messages', async () => {
    const n = 300;
    await outputs('many', hostileReport(n, { message: `${'m'.repeat(5000)} @octocat`, name: (i) => `${String(i).padStart(3, '0')} ${HOSTILE} ${'n'.repeat(2000)}` }), n);
    const run = await publish({ path: 'many' });
    expect(run.code, run.stdout).toBe(0);
    const body = (await commentsOf(42))[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.split('\n').filter((l) => l.startsWith('- <a href=') && !/>and \d+ more</.test(l))).toHaveLength(10);
    // 100 are recorded (the manifest and the pages), the rest counted: "and 290 more" in all.
    expect(body).toContain(`>and ${n - 10} more</a>`);
    expectNeutralised(body);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(512 * 1024);
  });
});

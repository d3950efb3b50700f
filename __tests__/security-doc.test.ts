// SECURITY.md and the README's fork workflow say what the code does about active content.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, TEXT_FALLBACK_TYPE } from '../src/files/plan.js';

const root = path.resolve(import.meta.dirname, '..');
let security: string;
let readme: string;

beforeAll(async () => {
  security = await readFile(path.join(root, 'SECURITY.md'), 'utf8');
  readme = await readFile(path.join(root, 'README.md'), 'utf8');
});

describe('SECURITY.md', () => {
  it('names only extensions that html: text really serves as text, and at least the usual ones', () => {
    const paragraph = security.slice(security.indexOf('**`html: text`** stores'), security.indexOf('Why `render` is the default'));
    const extensions = [...paragraph.matchAll(/`(\.[a-z]+)`/g)].map((m) => m[1]!);
    expect(extensions).toEqual(expect.arrayContaining(['.html', '.htm', '.shtml', '.xhtml', '.xht']));
    for (const ext of [...extensions, '.svg', '.xml', '.mht', '.xslt']) expect(contentTypeFor(`f${ext}`, 'text'), ext).toBe(TEXT_FALLBACK_TYPE);
  });

  it('says how to report a vulnerability', () => {
    expect(security).toMatch(/^## Reporting a vulnerability$/m);
    expect(security).toContain('Report a vulnerability');
  });
});

describe("the README's fork workflow", () => {
  it('publishes with html: text', () => {
    const start = readme.indexOf('# .github/workflows/publish.yml');
    const block = readme.slice(start, readme.indexOf('```', start));
    const steps = (parse(block) as { jobs: { publish: { steps: { uses?: string; with?: Record<string, string> }[] } } }).jobs.publish.steps;
    expect(steps.find((s) => s.uses?.includes('publish-test-outputs'))?.with?.['html']).toBe('text');
  });
});

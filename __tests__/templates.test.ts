// src/report/templates.generated.ts, the templates as a module (scripts/gen-templates.mjs): it
// is what `npm run templates` writes from src/report/templates/ now, and each of its strings is
// its file's text exactly, whatever characters a template holds.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR, TEMPLATES_MODULE, templatesModule } from '../scripts/gen-templates.mjs';
import { templates } from '../src/report/templates.generated.js';

describe('the generated templates module', () => {
  it('is what `npm run templates` writes from src/report/templates/ (run it after editing a template)', async () => {
    expect(await readFile(TEMPLATES_MODULE, 'utf8')).toBe(await templatesModule());
  });

  it('holds every template, each string equal to its file', async () => {
    const names = (await readdir(TEMPLATES_DIR)).sort();
    expect(Object.keys(templates).sort()).toEqual(names);
    for (const name of names) expect(templates[name as keyof typeof templates], name).toBe(await readFile(path.join(TEMPLATES_DIR, name), 'utf8'));
  });

  it('keeps backticks, ${, backslashes, CRLF and non-ASCII exact', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-templates-'));
    try {
      const awkward = "a `tick` ${not} \\n \\` \\${x} \\\\ line\r\nnext\r\u2028é 🎉 'q' \"d\"\n";
      await mkdir(path.join(dir, 'in'));
      await writeFile(path.join(dir, 'in', "it's.mustache"), awkward);
      await writeFile(path.join(dir, 'out.ts'), await templatesModule(path.join(dir, 'in')));
      const loaded = (await import(path.join(dir, 'out.ts'))) as { templates: Record<string, string> };
      expect(loaded.templates).toEqual({ "it's.mustache": awkward });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Every generated page's Content-Security-Policy comes from one place (report/csp.ts): the same
// directives, with at most the one inline script of the page allowed by its hash.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IMAGE_PAGE_CSP } from '../src/compare/image-page.js';
import { HISTORY_CSP } from '../src/history/render.js';
import { COMPARE_CSP, pageCsp } from '../src/report/csp.js';
import { PAGE_CSP } from '../src/report/render.js';
import { templates } from '../src/report/templates.generated.js';

const hash = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

describe('pageCsp', () => {
  it('allows no script unless given one, and then only that one by its hash', () => {
    expect(pageCsp()).toBe("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'none'; base-uri 'none'; form-action 'none'");
    expect(pageCsp('alert(1)')).toBe(pageCsp().replace("script-src 'none'", `script-src ${hash('alert(1)')}`));
    expect(pageCsp('a')).not.toBe(pageCsp('b'));
  });

  it("is each page's policy, with that page's script", () => {
    expect(PAGE_CSP).toBe(pageCsp(templates['sort-table.js.txt']));
    expect(HISTORY_CSP).toBe(pageCsp(templates['history-filter.js.txt']));
    expect(IMAGE_PAGE_CSP).toBe(pageCsp(templates['compare-image.js.txt']));
    expect(COMPARE_CSP).toContain("script-src 'none'");
  });
});

// Where a publication's stable links go and what their page says (pure). A stable link is a
// small HTML redirect page, `<root>/latest/<branch>/<test>/index.html` or
// `<root>/pr/<n>/<test>/index.html`, whose meta refresh and plain link lead, by a relative URL,
// to the newest publication's root page: the link works under any host (the S3 endpoint, a
// public-base-url, a mirror) and costs one small object per link whatever the publication's
// size (docs/stable-links.md has the measurements and the alternative, a copy of the root page).
import type { RunContext } from '../config.js';
import { keySegment, relativeHref } from '../files/keys.js';
import { historyPlace, INDEX_NAME, LATEST_DIR, PR_DIR } from '../layout.js';

export type StableLinkKind = 'latest' | 'pr';

export interface StableLinkPlace {
  kind: StableLinkKind;
  /** The link page's key: `<root>/latest/<branch>/<test>/index.html`. */
  key: string;
  /** What the link follows, for the page and the log: `branch main`, `pull request #17`. */
  follows: string;
}

/** The stable links a publication at `prefix` has: one per branch (when the branch is known) and
 * one per pull request (when it is known); none for a prefix of fewer than three segments. */
export function stableLinkPlaces(prefix: string, context: Pick<RunContext, 'branch' | 'pullRequest'>): StableLinkPlace[] {
  const place = historyPlace(prefix);
  if (place === undefined) return [];
  const places: StableLinkPlace[] = [];
  if (context.branch !== undefined && context.branch !== '') {
    places.push({ kind: 'latest', key: [place.root, LATEST_DIR, keySegment(context.branch), place.test, INDEX_NAME].join('/'), follows: `branch ${context.branch}` });
  }
  if (context.pullRequest !== undefined) {
    places.push({ kind: 'pr', key: [place.root, PR_DIR, String(context.pullRequest.number), place.test, INDEX_NAME].join('/'), follows: `pull request #${context.pullRequest.number}` });
  }
  return places;
}

/** The root page's links into the history (relative to `<prefix>/index.html`): the branch's
 * stable link, and the repository page filtered on the pull request (`<root>/index.html?pr=17`),
 * when the repository page is written (`repositoryPage`). */
export function rootPageLinks(prefix: string, context: Pick<RunContext, 'branch' | 'pullRequest'>, repositoryPage: boolean): { latestHref?: string; prRunsHref?: string } {
  const place = historyPlace(prefix);
  if (place === undefined) return {};
  const page = `${prefix}/${INDEX_NAME}`;
  const latest = stableLinkPlaces(prefix, context).find((p) => p.kind === 'latest');
  const pr = context.pullRequest;
  return {
    ...(latest ? { latestHref: relativeHref(page, latest.key) } : {}),
    ...(pr && repositoryPage ? { prRunsHref: `${relativeHref(page, `${place.root}/${INDEX_NAME}`)}?pr=${pr.number}` } : {}),
  };
}


const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface StableLinkPageFacts {
  /** The link page's own key. */
  key: string;
  /** The key of the page it leads to (the publication's root page). */
  targetKey: string;
  testName: string;
  follows: string;
  /** How the run is named: `#1658821493 attempt 1`, `pipeline #4711`. */
  runLabel: string;
}

/** The redirect page: a meta refresh for browsers, a plain link for everything else (curl, a
 * browser that refuses refreshes), and nothing that needs a script. */
export function renderStableLinkPage(f: StableLinkPageFacts): string {
  const href = escapeHtml(relativeHref(f.key, f.targetKey));
  const test = escapeHtml(f.testName);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="publish-test-outputs">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; base-uri 'none'; form-action 'none'">`,
    '<meta name="robots" content="noindex">',
    `<meta http-equiv="refresh" content="0; url=${href}">`,
    `<title>${test}: latest of ${escapeHtml(f.follows)}</title>`,
    '</head>',
    '<body>',
    `<p>The latest outputs of <strong>${test}</strong> on ${escapeHtml(f.follows)} are those of run ${escapeHtml(f.runLabel)}: <a href="${href}">open them</a>.</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

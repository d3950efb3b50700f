// The comparison page of a changed image (pure): the view (the shared header, both versions side
// by side, the share of pixels that differ, the difference overlay) and its rendering with
// templates/compare-image.mustache. A small inline script, allowed by its hash, adds a swipe
// view; without it the page shows everything else. Every link and image source is a field named
// `href` or ending in `Href`, so that link-mode presigned signs them (storage/presign.ts).
import Mustache from 'mustache';
import { wbrLambda } from '../report/break-names.js';
import { pageCsp } from '../report/csp.js';
import { templates } from '../report/templates.generated.js';
import type { ComparisonPageHead, ImageDiff } from './types.js';

const pageTemplate = templates['compare-image.mustache'];
const swipeScript = templates['compare-image.js.txt'];
const partials = { head: templates['head.mustache'], compareHeader: templates['compare-header.mustache'], pageStyle: templates['compare-image-style.mustache'] };

// The swipe view is the page's one script (report/csp.ts).
export const IMAGE_PAGE_CSP = pageCsp(swipeScript);

export interface ImageSize {
  width: number;
  height: number;
  /** `1600×1200`. */
  label: string;
}

export interface ImagePageView extends ComparisonPageHead {
  /** Why there is no comparison, or anything else the reader should know first. */
  note?: string;
  /** The sizes are known only when both images could be compared. */
  baseSize?: ImageSize;
  headSize?: ImageSize;
  diff?: {
    /** `2.31% of pixels differ`, `no pixel differs`. */
    summary: string;
    /** `23,100 of 1,000,000 pixels`. */
    counted: string;
    /** `compared after scaling: base 800×600, this 1600×1200`, when the sizes differed or were bounded. */
    scaledNote?: string;
    /** The overlay's size (the compared one). */
    width: number;
    height: number;
    /** The difference overlay, relative to the page; absent when it was not written. */
    overlayHref?: string;
  };
}

const count = (n: number): string => n.toLocaleString('en-US');
const size = (s: { width: number; height: number }): ImageSize => ({ width: s.width, height: s.height, label: `${s.width}×${s.height}` });

/** The share of pixels that differ, in words. Two decimals, but never "0.00%" for a change. */
export function describeShare(differentPixels: number, share: number): string {
  if (differentPixels === 0) return 'no pixel differs';
  if (share < 0.0001) return 'fewer than 0.01% of pixels differ';
  return `${(share * 100).toFixed(2)}% of pixels differ`;
}

function scaledNote(diff: ImageDiff): string | undefined {
  if (!diff.scaled) return undefined;
  const sameSize = diff.base.width === diff.head.width && diff.base.height === diff.head.height;
  const bounded = diff.width !== diff.head.width || diff.height !== diff.head.height;
  const sizes = sameSize ? `both ${size(diff.head).label}` : `base ${size(diff.base).label}, this ${size(diff.head).label}`;
  return `compared after scaling${bounded ? ` to ${size(diff).label}` : ''}: ${sizes}`;
}

/** The page's view. `diff` undefined: the images could not be compared (`note` says why); the
 * page still shows both. `overlayHref`: the overlay's link relative to the page (overlayHref()). */
export function imagePageView(head: ComparisonPageHead, diff: ImageDiff | undefined, overlayHref: string | undefined, note?: string): ImagePageView {
  const view: ImagePageView = { ...head };
  if (note !== undefined) view.note = note;
  if (!diff) return view;
  view.baseSize = size(diff.base);
  view.headSize = size(diff.head);
  const scaling = scaledNote(diff);
  view.diff = {
    summary: describeShare(diff.differentPixels, diff.share),
    counted: `${count(diff.differentPixels)} of ${count(diff.width * diff.height)} pixels`,
    width: diff.width,
    height: diff.height,
    ...(scaling === undefined ? {} : { scaledNote: scaling }),
    ...(overlayHref === undefined ? {} : { overlayHref }),
  };
  return view;
}

/** The overlay's link from the image's page: both lie in one folder (layout.ts comparePagePath,
 * compareOverlayPath), so it is the file name, encoded. */
export function overlayHref(path: string): string {
  return encodeURIComponent(`${path.slice(path.lastIndexOf('/') + 1)}.diff.png`);
}

export function renderImagePage(view: ImagePageView): string {
  return Mustache.render(pageTemplate, { ...view, csp: IMAGE_PAGE_CSP, script: swipeScript, wbr: wbrLambda }, partials);
}

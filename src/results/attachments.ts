// `[[ATTACHMENT|path]]` paths as published paths. Tools write them relative to the report
// (Jenkins' convention), to the directory the tests ran in (Playwright: its config's; pytest,
// Go: the test's working directory, usually the workspace), or absolute. Each is tried in that
// order against what was published; only a published path is kept. Pure (path arithmetic).
import path from 'node:path';

export interface AttachmentPlaces {
  /** The report's path in the publication. */
  reportPath: string;
  /** Absolute directory the publication's paths are relative to (the outputs' root). */
  outputsRoot: string | undefined;
  /** Absolute path of the workspace (where the tests most likely ran). */
  workspace: string;
  /** The published paths. */
  published: ReadonlySet<string>;
}

// A path in the publication, or undefined when `p` leads out of it.
const inside = (p: string): string | undefined => {
  const normal = path.posix.normalize(p);
  return normal === '.' || normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal) ? undefined : normal;
};

const fromAbsolute = (absolute: string, root: string | undefined): string | undefined =>
  root === undefined ? undefined : inside(path.relative(root, absolute).split(path.sep).join('/'));

/** The published path an attachment names, or undefined when it names none that was published. */
export function resolveAttachment(attachment: string, places: AttachmentPlaces): string | undefined {
  const written = attachment.replace(/\\/g, '/');
  const candidates: (string | undefined)[] = [];
  if (path.isAbsolute(attachment) || path.posix.isAbsolute(written) || /^[A-Za-z]:\//.test(written)) {
    candidates.push(fromAbsolute(attachment, places.outputsRoot));
  } else {
    candidates.push(inside(path.posix.join(path.posix.dirname(places.reportPath), written)));
    candidates.push(fromAbsolute(path.resolve(places.workspace, attachment), places.outputsRoot));
    candidates.push(inside(written));
  }
  return candidates.find((c): c is string => c !== undefined && places.published.has(c));
}

/** The published paths of a test's attachments, in the report's order, each once. */
export function publishedAttachments(attachments: readonly string[], places: AttachmentPlaces): string[] {
  const found = new Set<string>();
  for (const a of attachments) {
    const p = resolveAttachment(a, places);
    if (p !== undefined) found.add(p);
  }
  return [...found];
}

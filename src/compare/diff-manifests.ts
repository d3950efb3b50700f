// Which files changed between two publications, from their manifests alone (pure): by relative
// path and content hash, so that no file is downloaded to learn that it is unchanged. A
// compressed image goes by the hash of its original bytes (manifest originalSha256), so that a
// new compressor, cap or quality never shows as a change. The action's own objects (kept
// originals) are not outputs and are left out; generated pages are not in `files` at all.
import type { Manifest, ManifestObject } from '../report/manifest.js';
import type { FileChange, FileVersion, ManifestDiff } from './types.js';

function version(o: ManifestObject): FileVersion {
  return {
    path: o.path,
    key: o.key,
    size: o.size,
    contentType: o.contentType,
    sha256: o.sha256,
    ...(o.originalSha256 !== undefined ? { originalSha256: o.originalSha256 } : {}),
  };
}

/** The files a comparison takes: outputs, not the kept originals (either field marks them:
 * manifests before originalOf have only the metadata). */
export function comparedFiles(files: readonly ManifestObject[]): Map<string, FileVersion> {
  const out = new Map<string, FileVersion>();
  for (const f of files) {
    if (f.originalOf !== undefined || f.metadata?.['original-of'] !== undefined) continue;
    out.set(f.path, version(f));
  }
  return out;
}

/** What identifies a file's content: the original's hash when the published bytes are a copy. */
const contentOf = (v: FileVersion): string => v.originalSha256 ?? v.sha256;

/** Whether two versions hold the same content. A manifest written before originals were hashed
 * has only the compressed copy's hash: the copies' hashes are compared then, and an image
 * compressed only on one side counts as changed (the bytes a reviewer sees differ). */
function same(base: FileVersion, head: FileVersion): boolean {
  if (base.originalSha256 !== undefined && head.originalSha256 !== undefined) return base.originalSha256 === head.originalSha256;
  if (base.originalSha256 === undefined && head.originalSha256 === undefined) return base.sha256 === head.sha256;
  // One side compressed: the uncompressed side's bytes are its original bytes.
  return contentOf(base) === contentOf(head) || base.sha256 === head.sha256;
}

const byPath = (a: FileChange, b: FileChange): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function diffManifests(base: Pick<Manifest, 'files'>, head: Pick<Manifest, 'files'>): ManifestDiff {
  const before = comparedFiles(base.files);
  const after = comparedFiles(head.files);
  const changed: FileChange[] = [];
  const added: FileChange[] = [];
  const removed: FileChange[] = [];
  let unchanged = 0;
  for (const [path, h] of after) {
    const b = before.get(path);
    if (b === undefined) added.push({ path, kind: 'added', head: h });
    else if (same(b, h)) unchanged++;
    else changed.push({ path, kind: 'changed', base: b, head: h });
  }
  for (const [path, b] of before) if (!after.has(path)) removed.push({ path, kind: 'removed', base: b });
  return { changed: changed.sort(byPath), added: added.sort(byPath), removed: removed.sort(byPath), unchanged };
}

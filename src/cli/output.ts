// What the command line prints. Logs go to stderr: on a terminal with a status line redrawn in
// place (the phase, compression and upload progress as a bar, elapsed time; at most 10 redraws
// a second), otherwise as plain lines, progress at most one line a second per stage. Warnings
// are `warning: …` lines. stdout gets the result only (the test results' status line and
// failures among it, results-text.ts): the browse URL last, or with --json the publication as
// JSON and nothing else.
import { changeCounts } from '../compare/label.js';
import type { Logger, ProgressEvent, PublishResult } from '../publish.js';
import { humanBytes } from '../util/format.js';
import type { PublicationPlan } from './dry-run.js';
import { resultsText } from './results-text.js';

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const REDRAW_MS = 100;
/** Plain progress lines (not a terminal): at most one a second per stage, and the last. */
const PLAIN_PROGRESS_MS = 1000;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const BAR_WIDTH = 20;

/** `3/10 images, 1.2 MB` or `120/480 files, 12.3 MB`. */
function counts(e: ProgressEvent): string {
  const bytes = e.bytes === undefined ? '' : `, ${humanBytes(e.bytes)}`;
  return `${e.done}/${e.total} ${e.stage === 'compress' ? 'images' : 'files'}${bytes}`;
}

function bar(e: ProgressEvent): string {
  const filled = e.total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.round((e.done / e.total) * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${counts(e)}`;
}

/** The plain line of a step; the upload's is the one the action's log has. */
function plainLine(e: ProgressEvent): string {
  return e.stage === 'upload' ? `uploaded ${counts(e)}` : `compressed ${counts(e)}`;
}

export class CliLogger implements Logger {
  private phase: string | undefined;
  private status: string | undefined;
  private readonly lastPlain = new Map<ProgressEvent['stage'], number>();
  private started = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;

  constructor(
    private readonly err: Stream,
    private readonly options: { verbose: boolean; now?: () => number },
  ) {}

  private get tty(): boolean {
    return this.err.isTTY === true;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  info(message: string): void {
    this.line(message);
  }

  progress(e: ProgressEvent): void {
    if (this.tty) {
      // Drawn by the clock (draw()), however often the core reports.
      this.status = bar(e);
      return;
    }
    if (e.total === 0 || e.done === 0) return;
    const t = this.now();
    const last = this.lastPlain.get(e.stage);
    if (e.done < e.total && last !== undefined && t - last < PLAIN_PROGRESS_MS) return;
    this.lastPlain.set(e.stage, t);
    this.line(plainLine(e));
  }

  warning(message: string): void {
    this.line(`warning: ${message}`);
  }

  debug(message: string): void {
    if (this.options.verbose) this.line(`debug: ${message}`);
  }

  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!this.tty) {
      this.line(`${name}…`);
      return fn();
    }
    this.phase = name;
    this.status = undefined;
    this.started = this.now();
    this.draw();
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
    try {
      return await fn();
    } finally {
      clearInterval(this.timer);
      this.timer = undefined;
      this.clear();
      const seconds = ((this.now() - this.started) / 1000).toFixed(1);
      this.phase = undefined;
      this.line(`✓ ${name} (${seconds}s)`);
    }
  }

  /** A whole line, above the status line. */
  line(text: string): void {
    this.clear();
    this.err.write(`${text}\n`);
    if (this.phase !== undefined) this.draw();
  }

  private clear(): void {
    if (this.drawn) this.err.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(): void {
    if (this.phase === undefined) return;
    const seconds = ((this.now() - this.started) / 1000).toFixed(1);
    const spinner = SPINNER[this.frame++ % SPINNER.length] ?? '';
    const tail = `${this.status ? ` ${this.status}` : ''} ${seconds}s`;
    const room = Math.max(20, (this.err.columns || 100) - 1);
    // A long phase (the upload names its s3:// destination) is cut, not the progress after it.
    const fixed = spinner.length + 1 + tail.length;
    const phase = fixed + this.phase.length <= room ? this.phase : `${this.phase.slice(0, Math.max(0, room - fixed - 1))}…`;
    this.err.write(`\r\x1b[2K${`${spinner} ${phase}${tail}`.slice(0, room)}`);
    this.drawn = true;
  }
}

/** Plain lines of a dry run's plan. */
export function planLines(plan: PublicationPlan): string[] {
  const lines = [`dry run: nothing is sent; a publication would write to s3://${plan.bucket}/${plan.prefix}/`, `files under ${plan.root}:`];
  const width = Math.max(0, ...plan.files.map((f) => f.key.length));
  for (const f of plan.files) {
    const note = f.image === 'compress' ? '  (image over max-image-size: compressed)' : f.image ? `  (image over max-image-size: ${f.image}, published as it is)` : '';
    lines.push(`  ${f.key.padEnd(width)}  ${humanBytes(f.size).padStart(9)}  ${f.contentType}${note}`);
  }
  for (const key of plan.originals) lines.push(`  ${key}  (kept original)`);
  if (plan.originalsAuto) lines.push('keep-originals: auto: which originals are kept is known only after compression (those whose copy loses detail)');
  const compressed = plan.files.filter((f) => f.image === 'compress').length;
  lines.push(`${plan.files.length} files, ${humanBytes(plan.bytes)} before compression; ${compressed} images would be compressed`);
  for (const s of plan.skipped) lines.push(`skipped ${s.path}: ${s.reason}`);
  if (plan.hiddenSkipped > 0) lines.push(`left out ${plan.hiddenSkipped} hidden files (--include-hidden-files to publish them)`);
  lines.push(`claim: ${plan.claim}`, `pages (${plan.pages.length}):`, ...plan.pages.map((p) => `  ${p}`), `manifest: ${plan.manifest}`);
  if (plan.levels.length > 0) lines.push('index pages above the prefix, updated:', ...plan.levels.map((l) => `  ${l}`));
  if (plan.stableLinks.length > 0) lines.push('stable links, unless a newer publication holds them:', ...plan.stableLinks.map((l) => `  ${l}`));
  if (plan.url) lines.push(`browse URL: ${plan.url}`);
  return lines;
}

/** The human summary of a publication; the browse URL is the last line. */
export function resultLines(result: PublishResult, bucket: string): string[] {
  if (result.files === 0 && result.failed.length === 0) return ['nothing was published'];
  const lines = [`published ${result.files} files, ${humanBytes(result.bytes)}, to s3://${bucket}/${result.prefix}/`];
  if (result.failed.length > 0) lines.push(`${result.failed.length} files failed to upload (listed above)`);
  if (result.stableLinks?.latestUrl) lines.push(`latest on this branch: ${result.stableLinks.latestUrl}`);
  if (result.stableLinks?.prUrl) lines.push(`latest of this pull request: ${result.stableLinks.prUrl}`);
  const c = result.comparison;
  if (c?.outcome === 'compared') lines.push(`${changeCounts({ changed: c.changed.length, added: c.added.length, removed: c.removed.length })} since ${c.label ?? 'the baseline'}${c.url ? `: ${c.url}` : ''}`);
  else if (c) lines.push(`not compared: ${c.reason ?? 'no baseline'}`);
  if (result.results && result.results.reports.length > 0) lines.push(...resultsText(result.results));
  if (result.url) lines.push(`browse the outputs: ${result.url}`);
  return lines;
}

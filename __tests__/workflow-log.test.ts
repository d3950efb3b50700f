// The demo prints the action's log as a person reads it, not as the runner parses it (issue 18).
import { describe, expect, it } from 'vitest';
import { humanLog } from '../scripts/workflow-log.mjs';

describe('humanLog', () => {
  it('drops debug lines and masks, shows a group as a header over its lines, and an empty group not at all', () => {
    const log = ['::add-mask::S3RVER', '::debug::inputs: {}', '::group::Find files', '::debug::x', 'found 14 files', '::endgroup::', '::group::Comment on the pull request', '::endgroup::', 'browse the outputs: http://x/'].join('\n');
    expect(humanLog(`${log}\n`)).toBe('== Find files\n  found 14 files\nbrowse the outputs: http://x/\n');
  });

  it('writes annotations as "warning: …", with their properties and escapes undone', () => {
    expect(humanLog('::warning::could not comment%0Asecond line 100%25')).toBe('warning: could not comment\n  second line 100%\n');
    expect(humanLog('::error title=Upload failed,file=a%2Cb.txt::boom')).toBe('error (Upload failed a,b.txt): boom\n');
    expect(humanLog('::notice::note')).toBe('notice: note\n');
  });

  it('leaves no "::" workflow command in what it prints', () => {
    const log = ['::group::A', '::warning file=x::w', '::endgroup::', '::set-output name=a::b', '::debug::d'].join('\n');
    expect(humanLog(log)).not.toMatch(/^::|\n::/);
  });
});

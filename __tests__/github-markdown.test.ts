// The demo shows the summary and the comment as GitHub renders them, and never runs script from them.
import { describe, expect, it } from 'vitest';
import { MARKDOWN_PAGE_CSP, markdownPage, renderGithubMarkdown } from '../scripts/github-markdown.mjs';

describe('renderGithubMarkdown', () => {
  it('renders GitHub-flavoured Markdown and keeps the HTML GitHub keeps', () => {
    const html = renderGithubMarkdown(
      '### Test outputs\n\n| a | b |\n| --- | ---: |\n| 1 | ~~2~~ |\n\n<details><summary>Failed</summary>\n\n- `x`\n\n</details>\n\n<a href="http://s3/x.png"><img src="http://s3/x.png" alt="x" height="120"></a> <sub>note</sub>\n',
    );
    expect(html).toContain('<h3>Test outputs</h3>');
    expect(html).toMatch(/<table>[\s\S]*<td>1<\/td>/);
    expect(html).toContain('<s>2</s>');
    expect(html).toContain('<details><summary>Failed</summary>');
    expect(html).toContain('<img src="http://s3/x.png" alt="x" height="120" />');
    expect(html).toContain('<sub>note</sub>');
  });

  it('drops script, event handlers, javascript: links, iframes and styles', () => {
    const html = renderGithubMarkdown(
      '<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n[link](javascript:alert(3)) <a href="javascript:alert(4)">a</a>\n\n<iframe src="http://evil/"></iframe><style>body{}</style><svg onload="alert(5)"></svg>\n',
    );
    expect(html).not.toMatch(/<script|onerror|onload|href="javascript:|<iframe|<style|<svg|alert\(1\)/i);
    // markdown-it leaves a javascript: link as the text it was written as.
    expect(html).toContain('[link](javascript:alert(3))');
  });
});

describe('markdownPage', () => {
  it('carries a CSP with no script source, and escapes its title', () => {
    const page = markdownPage({ title: 'a <b>', caption: 'c', markdown: 'hi' });
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${MARKDOWN_PAGE_CSP}">`);
    expect(MARKDOWN_PAGE_CSP).toMatch(/default-src 'none'/);
    expect(MARKDOWN_PAGE_CSP).not.toMatch(/script-src/);
    expect(page).toContain('<title>a &#60;b&#62;</title>');
    expect(page).toContain('<p>hi</p>');
  });
});

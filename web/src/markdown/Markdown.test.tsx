import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { InlineMarkdown, Markdown } from './Markdown';
import { parseInline, safeHref } from './parse';

function html(source: string): string {
  const { container } = render(<Markdown source={source} />);
  return (container.firstElementChild as HTMLElement).innerHTML;
}

function inline(source: string): string {
  const { container } = render(
    <p>
      <InlineMarkdown source={source} />
    </p>,
  );
  return (container.firstElementChild as HTMLElement).innerHTML;
}

describe('markdown renderer', () => {
  it('splits paragraphs on blank lines and keeps wrapped lines in one', () => {
    expect(html('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p><p>three</p>');
  });

  it('renders inline code, bold and italic', () => {
    expect(html('use `a*b` and **bold** and *it*')).toBe(
      '<p>use <code>a*b</code> and <strong>bold</strong> and <em>it</em></p>',
    );
    expect(html('**bold with *italic* inside**')).toBe('<p><strong>bold with <em>italic</em> inside</strong></p>');
    expect(html('``code with ` inside``')).toBe('<p><code>code with ` inside</code></p>');
  });

  it('leaves unmatched and spaced markers as text', () => {
    expect(html('2 * 3 * 4 and `open and **half')).toBe('<p>2 * 3 * 4 and `open and **half</p>');
    expect(html('snake_case_name and \\*not italic\\*')).toBe('<p>snake_case_name and *not italic*</p>');
  });

  it('renders fenced code blocks verbatim, markers and all', () => {
    expect(html('before\n```python\ndef f(x):\n    return x * 2 ** 3\n```\nafter')).toBe(
      '<p>before</p><pre class="code-block"><code data-language="python">def f(x):\n    return x * 2 ** 3</code></pre><p>after</p>',
    );
    expect(html('```\nunclosed')).toBe('<pre class="code-block"><code>unclosed</code></pre>');
  });

  it('renders bullet and numbered lists', () => {
    expect(html('- a\n- **b**\n  continued\n- c')).toBe(
      '<ul><li>a</li><li><strong>b</strong>\ncontinued</li><li>c</li></ul>',
    );
    // CommonMark: another bullet character starts another list.
    expect(html('- a\n* b')).toBe('<ul><li>a</li></ul><ul><li>b</li></ul>');
    expect(html('1. one\n2. two')).toBe('<ol><li>one</li><li>two</li></ol>');
    expect(html('3) three\n4) four')).toBe('<ol start="3"><li>three</li><li>four</li></ol>');
    expect(html('text\n- item\n\n1. first')).toBe('<p>text</p><ul><li>item</li></ul><ol><li>first</li></ol>');
    // A loose list (items apart) keeps its paragraphs; a nested list goes in its item.
    expect(html('- a\n\n- b\n  - c')).toBe('<ul><li><p>a</p></li><li><p>b</p><ul><li>c</li></ul></li></ul>');
  });

  it('renders tables, headings from h3, quotes and rules', () => {
    expect(html('| a | b |\n|:--|--:|\n| `1` | **2** |')).toBe(
      '<table class="markdown__table"><thead><tr><th scope="col" style="text-align: left;">a</th>' +
        '<th scope="col" style="text-align: right;">b</th></tr></thead><tbody><tr>' +
        '<td style="text-align: left;"><code>1</code></td><td style="text-align: right;"><strong>2</strong></td>' +
        '</tr></tbody></table>',
    );
    expect(html('# Title\n\n### Three')).toBe('<h3>Title</h3><h5>Three</h5>');
    expect(html('> quoted\n\n---')).toBe('<blockquote><p>quoted</p></blockquote><hr>');
  });

  it('renders raw HTML as text, never as elements', () => {
    const source =
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> and **<b>bold</b>**\n\n- <a href="javascript:alert(3)">x</a>' +
      '\n\n<div>\n*still markdown*\n</div>\n\n<!-- comment -->';
    const { container } = render(<Markdown source={source} />);
    expect(container.querySelector('script, img, a, b, .markdown div')).toBeNull();
    expect(container).toHaveTextContent('<script>alert(1)</script>');
    expect(container).toHaveTextContent('<img src=x onerror="alert(2)"> and <b>bold</b>');
    expect(container).toHaveTextContent('<!-- comment -->');
    expect(container.querySelector('em')).toHaveTextContent('still markdown');
    expect(container.querySelectorAll('*[onerror], *[href], *[src]')).toHaveLength(0);
    expect(container.innerHTML).toContain('&lt;script&gt;');
  });

  it('links only to web and mail addresses', () => {
    const { container } = render(
      <Markdown
        source={[
          '[site](https://example.com/a?b=1&c=2 "Title") [mail](mailto:a@example.com) [page](/questions/two-sum)',
          '<https://example.org> [ref][r]',
          '',
          '[r]: http://example.net',
        ].join('\n')}
      />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['site', 'https://example.com/a?b=1&c=2'],
      ['mail', 'mailto:a@example.com'],
      ['page', '/questions/two-sum'],
      ['https://example.org', 'https://example.org'],
      ['ref', 'http://example.net'],
    ]);
    expect(links[0]).toHaveAttribute('title', 'Title');
    expect(links.every((a) => a.rel === 'nofollow noopener noreferrer')).toBe(true);
  });

  it('refuses script and data links, however spelt, and loads no image', () => {
    const source = [
      '[a](javascript:alert(1)) [b](JavaScript:alert(2)) [c](java&#x09;script:alert(3)) [d](<java\tscript:alert(4)>)',
      '[e](data:text/html,<script>alert(5)</script>) [f](vbscript:msgbox) <javascript:alert(6)> [g][bad]',
      '![a picture](https://example.com/track.png)',
      '',
      '[bad]: javascript:alert(7)',
    ].join('\n');
    const { container } = render(<Markdown source={source} />);
    expect(container.querySelectorAll('a, img')).toHaveLength(0);
    expect(container).toHaveTextContent(/^a b c d e f javascript:alert\(6\) g a picture$/);
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('\u0000javascript:alert(1)')).toBeNull();
    expect(safeHref('https://example.com')).toBe('https://example.com');
  });

  it('renders inline markdown without blocks', () => {
    expect(inline('`1 <= n` and <img onerror=x>')).toBe('<code>1 &lt;= n</code> and &lt;img onerror=x&gt;');
    expect(inline('- not a list')).toBe('- not a list');
    expect(inline('# not a heading')).toBe('# not a heading');
    expect(inline('1. not a list, **bold**')).toBe('1. not a list, <strong>bold</strong>');
    expect(inline('```not a fence```')).toBe('<code>not a fence</code>');
    expect(parseInline('')).toEqual([]);
  });
});

import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { InlineMarkdown, Markdown } from './Markdown';
import { parseInline, parseMarkdown } from './parse';

function html(source: string): string {
  const { container } = render(<Markdown source={source} />);
  return (container.firstElementChild as HTMLElement).innerHTML;
}

describe('markdown renderer', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    expect(html('one\ntwo\n\nthree')).toBe('<p>one two</p><p>three</p>');
  });

  it('renders inline code, bold and italic', () => {
    expect(html('use `a*b` and **bold** and *it*')).toBe(
      '<p>use <code>a*b</code> and <strong>bold</strong> and <em>it</em></p>',
    );
    expect(html('**bold with *italic* inside**')).toBe('<p><strong>bold with <em>italic</em> inside</strong></p>');
  });

  it('leaves unmatched and spaced markers as text', () => {
    expect(html('2 * 3 * 4 and `open and **half')).toBe('<p>2 * 3 * 4 and `open and **half</p>');
    expect(html('snake_case_name and \\*not italic\\*')).toBe('<p>snake_case_name and *not italic*</p>');
  });

  it('renders fenced code blocks verbatim, markers and all', () => {
    expect(html('before\n```python\ndef f(x):\n    return x * 2 ** 3\n```\nafter')).toBe(
      '<p>before</p><pre class="code-block"><code data-language="python">def f(x):\n    return x * 2 ** 3</code></pre><p>after</p>',
    );
    expect(parseMarkdown('```\nunclosed')).toEqual([{ kind: 'code', language: null, text: 'unclosed' }]);
  });

  it('renders bullet and numbered lists', () => {
    expect(html('- a\n- **b**\n  continued\n* c')).toBe('<ul><li>a</li><li><strong>b</strong> continued</li><li>c</li></ul>');
    expect(html('1. one\n2. two')).toBe('<ol><li>one</li><li>two</li></ol>');
    expect(html('3) three\n4) four')).toBe('<ol start="3"><li>three</li><li>four</li></ol>');
    expect(html('text\n- item\n\n1. first')).toBe('<p>text</p><ul><li>item</li></ul><ol><li>first</li></ol>');
  });

  it('renders raw HTML as text, never as elements', () => {
    const source = '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> and **<b>bold</b>**\n\n- <a href="javascript:alert(3)">x</a>';
    const { container } = render(<Markdown source={source} />);
    expect(container.querySelector('script, img, a, b')).toBeNull();
    expect(container).toHaveTextContent('<script>alert(1)</script>');
    expect(container).toHaveTextContent('<img src=x onerror="alert(2)"> and <b>bold</b>');
    expect(container.querySelectorAll('*[onerror], *[href], *[src]')).toHaveLength(0);
    expect(container.innerHTML).toContain('&lt;script&gt;');
  });

  it('renders inline markdown without blocks', () => {
    const { container } = render(
      <p>
        <InlineMarkdown source="`1 <= n` and <img onerror=x>" />
      </p>,
    );
    expect(container.innerHTML).toBe('<p><code>1 &lt;= n</code> and &lt;img onerror=x&gt;</p>');
    expect(parseInline('')).toEqual([]);
  });
});

/// <reference types="node" />
// Every Markdown text of the question bank (question_svc/bank/*.yaml: statements and editorials as documents;
// constraints, hints and examples' explanations as inline Markdown) renders without losing or adding a word,
// every code span as code, no Markdown marker left over and no element but the renderer's own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InlineMarkdown, Markdown } from './Markdown';

interface BankFile {
  slug: string;
  statement: string;
  constraints?: string[];
  hints?: string[];
  examples?: { explanation?: string }[];
  editorial: { approach: string };
}

// jsdom replaces the global URL, which node:fs won't take: the path is made from the string.
const BANK = fileURLToPath(new globalThis.URL('../../../question_svc/bank/', import.meta.url).href);
const files = readdirSync(BANK)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const bank = files.map((name) => parse(readFileSync(join(BANK, name), 'utf8')) as BankFile);

/** What the renderers may make; anything else would have come from the source. */
const DOCUMENT_TAGS = new Set(
  'div p code strong em del br a ul ol li pre blockquote hr h3 h4 h5 h6 table thead tbody tr th td'.split(' '),
);
const INLINE_TAGS = new Set('p code strong em del br a'.split(' ')); // the p is the test's own wrapper

/** The code spans of a Markdown text, found without a Markdown parser (the bank writes them simply). */
function codeSpans(source: string): string[] {
  return [...source.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)].map(([, , code = '']) =>
    code.replace(/\n/g, ' ').replace(/^ (.*) $/s, '$1'),
  );
}

/** The words of a Markdown text as a reader sees them: code spans kept, markers and list numbers dropped. */
function sourceWords(source: string): string[] {
  const text = source
    .split('\n')
    .map((line) => line.replace(/^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+/, '')) // list markers
    .filter((line) => !/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line)) // table delimiter rows
    .join('\n');
  return words(text);
}

function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** The words of rendered output; text nodes joined with a space, so table cells don't run together. */
function renderedWords(element: Element): string[] {
  const texts: string[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) texts.push(node.nodeValue ?? '');
  return words(texts.join(' '));
}

/** The output's text outside code elements, where no Markdown marker may be left. */
function proseText(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  for (const code of copy.querySelectorAll('code')) code.remove();
  return copy.textContent;
}

function expectFaithful(container: Element, source: string, allowed: ReadonlySet<string>) {
  expect(renderedWords(container)).toEqual(sourceWords(source));
  expect([...container.querySelectorAll('code')].map((code) => code.textContent)).toEqual(codeSpans(source));
  const prose = proseText(container);
  expect(prose).not.toContain('**');
  expect(prose).not.toContain('`');
  expect(prose).not.toContain('|');
  const foreign = [...container.querySelectorAll('*')].map((el) => el.tagName.toLowerCase()).filter((tag) => !allowed.has(tag));
  expect(foreign).toEqual([]);
}

describe('the question bank through the Markdown renderer', () => {
  it('reads the whole bank', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(bank.map((question) => question.slug)).toContain('two-sum');
  });

  describe.each(bank.map((question) => [question.slug, question] as const))('%s', (_slug, question) => {
    it.each([
      ['statement', question.statement],
      ['editorial', question.editorial.approach],
    ])('renders the %s in full', (_field, source) => {
      const { container } = render(<Markdown source={source} />);
      expectFaithful(container, source, DOCUMENT_TAGS);
      expect(container.querySelector('.markdown > p, .markdown > ul, .markdown > ol, .markdown > table')).not.toBeNull();
    });

    const inline = [
      ...(question.constraints ?? []).map((text, i) => [`constraint ${String(i + 1)}`, text] as const),
      ...(question.hints ?? []).map((text, i) => [`hint ${String(i + 1)}`, text] as const),
      ...(question.examples ?? []).flatMap((example, i) =>
        example.explanation === undefined ? [] : [[`example ${String(i + 1)}'s explanation`, example.explanation] as const],
      ),
    ];
    it.each(inline)('renders %s inline, in full', (_field, source) => {
      const { container } = render(
        <p>
          <InlineMarkdown source={source} />
        </p>,
      );
      expectFaithful(container, source, INLINE_TAGS);
      expect(container.querySelectorAll('p')).toHaveLength(1);
    });
  });

  it('renders the Roman numerals table as a table (the old renderer showed its pipes)', () => {
    const roman = bank.find((question) => question.slug === 'roman-to-integer');
    const { container } = render(<Markdown source={roman?.statement ?? ''} />);
    const headers = [...container.querySelectorAll('table thead th')].map((th) => th.textContent);
    expect(headers).toEqual(['Symbol', 'I', 'V', 'X', 'L', 'C', 'D', 'M']);
    expect([...container.querySelectorAll('table tbody td')].map((td) => td.textContent)).toEqual(
      ['Value', '1', '5', '10', '50', '100', '500', '1000'],
    );
  });
});

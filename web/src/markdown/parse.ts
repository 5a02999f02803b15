// Markdown as a syntax tree (mdast), read by mdast-util-from-markdown (micromark: CommonMark) with GFM tables.
// Raw HTML is switched off in the tokenizer, so `<b>` or `<script>` in the source is plain text, the way
// CommonMark treats any other text: the tree never holds an `html` node for the renderer to pass through.
import type { Definition, Nodes, PhrasingContent, Root } from 'mdast';
import { fromMarkdown, type Options } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';

/** A micromark (tokenizer) extension. */
type Extension = NonNullable<Options['extensions']>[number];

/** Raw HTML (blocks and inline tags) read as text. */
const NO_HTML: Extension = { disable: { null: ['htmlFlow', 'htmlText'] } };

/** Every block construct but the paragraph: one line of inline Markdown stays one run of text. */
const INLINE_ONLY: Extension = {
  disable: {
    null: ['blockQuote', 'codeFenced', 'codeIndented', 'definition', 'headingAtx', 'list', 'setextUnderline', 'thematicBreak'],
  },
};

/** A Markdown document: paragraphs, headings, lists, block quotes, code, tables, emphasis, links. */
export function parseMarkdown(source: string): Root {
  return fromMarkdown(source, { extensions: [NO_HTML, gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
}

/** One line of Markdown, inline constructs only (code, emphasis, links): "- x" or "# x" stay text. */
export function parseInline(source: string): PhrasingContent[] {
  const root = fromMarkdown(source, { extensions: [NO_HTML, INLINE_ONLY] });
  return root.children.flatMap((node, index) => {
    if (node.type !== 'paragraph') return [];
    return index === 0 ? node.children : [{ type: 'text', value: ' ' } as const, ...node.children];
  });
}

/** The link and image definitions of a document (`[id]: url`), by their normalised identifier. */
export function definitions(root: Root): Map<string, Definition> {
  const found = new Map<string, Definition>();
  const visit = (node: Nodes) => {
    if (node.type === 'definition' && !found.has(node.identifier)) found.set(node.identifier, node);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return found;
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL when a browser would open it as a web page or a mail address (http, https, mailto, or relative to this
 * site), else null: `javascript:`, `data:`, `vbscript:` and the like never become a link. Read with the URL
 * parser browsers use, so tricks such as `java\tscript:` or `JAVASCRIPT:` are judged as the browser would.
 */
export function safeHref(url: string): string | null {
  try {
    return SAFE_PROTOCOLS.has(new URL(url, 'https://relative.invalid/').protocol) ? url : null;
  } catch {
    return null;
  }
}

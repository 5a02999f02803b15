// Renders the Markdown subset of ./parse as React elements. Text goes through React as text, so nothing in
// the source becomes markup: no innerHTML, no attributes from the source, no links.
import type { ReactNode } from 'react';
import { type Block, type Inline, parseInline, parseMarkdown } from './parse';

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, index) => {
    if (typeof node === 'string') return node;
    switch (node.kind) {
      case 'code':
        return <code key={index}>{node.text}</code>;
      case 'strong':
        return <strong key={index}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={index}>{renderInline(node.children)}</em>;
    }
  });
}

function renderBlock(block: Block, index: number): ReactNode {
  switch (block.kind) {
    case 'paragraph':
      return <p key={index}>{renderInline(block.children)}</p>;
    case 'code':
      return (
        <pre key={index} className="code-block">
          <code data-language={block.language ?? undefined}>{block.text}</code>
        </pre>
      );
    case 'list': {
      const items = block.items.map((item, i) => <li key={i}>{renderInline(item)}</li>);
      return block.ordered ? (
        <ol key={index} start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      ) : (
        <ul key={index}>{items}</ul>
      );
    }
  }
}

/** A Markdown document as blocks (paragraphs, lists, code). */
export function Markdown({ source, className }: { source: string; className?: string }) {
  return <div className={['markdown', className].filter(Boolean).join(' ')}>{parseMarkdown(source).map(renderBlock)}</div>;
}

/** One line of Markdown, inline constructs only (for constraints, hints, examples' explanations). */
export function InlineMarkdown({ source }: { source: string }) {
  return <>{renderInline(parseInline(source))}</>;
}

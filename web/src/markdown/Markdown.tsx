// Renders the Markdown tree of ./parse as React elements. Text goes through React as text, so nothing in the
// source becomes markup: no innerHTML, no attributes from the source but a checked link address, no images
// loaded (an image shows as its description), and a node kind this renderer doesn't know shows as its text.
import type { AlignType, Definition, PhrasingContent, RootContent, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { createContext, Fragment, type ReactNode, useContext, useMemo } from 'react';
import { definitions, parseInline, parseMarkdown, safeHref } from './parse';

/** The document's `[id]: url` definitions, for reference links. */
const Definitions = createContext<ReadonlyMap<string, Definition>>(new Map());

/** A statement sits under the page's own h1 and h2: its headings start at h3. */
const HEADINGS = ['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const;

function Link({ url, title, children }: { url: string; title?: string | null; children: ReactNode }) {
  const href = safeHref(url);
  if (href === null) return <>{children}</>;
  return (
    <a href={href} title={title ?? undefined} rel="nofollow noopener noreferrer">
      {children}
    </a>
  );
}

function Reference({ identifier, children }: { identifier: string; children: ReactNode }) {
  const definition = useContext(Definitions).get(identifier);
  if (definition === undefined) return <>{children}</>;
  return (
    <Link url={definition.url} title={definition.title}>
      {children}
    </Link>
  );
}

function renderInline(nodes: PhrasingContent[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case 'text':
        return node.value;
      case 'inlineCode':
        return <code key={index}>{node.value}</code>;
      case 'strong':
        return <strong key={index}>{renderInline(node.children)}</strong>;
      case 'emphasis':
        return <em key={index}>{renderInline(node.children)}</em>;
      case 'delete':
        return <del key={index}>{renderInline(node.children)}</del>;
      case 'break':
        return <br key={index} />;
      case 'link':
        return (
          <Link key={index} url={node.url} title={node.title}>
            {renderInline(node.children)}
          </Link>
        );
      case 'linkReference':
        return (
          <Reference key={index} identifier={node.identifier}>
            {renderInline(node.children)}
          </Reference>
        );
      case 'image':
      case 'imageReference':
        return node.alt ?? '';
      default:
        return toString(node);
    }
  });
}

function renderRow(row: TableRow, header: boolean, align: readonly AlignType[]) {
  return row.children.map((cell, index) => {
    const textAlign = align[index] ?? null;
    const style = textAlign === null ? undefined : { textAlign };
    return header ? (
      <th key={index} scope="col" style={style}>
        {renderInline(cell.children)}
      </th>
    ) : (
      <td key={index} style={style}>
        {renderInline(cell.children)}
      </td>
    );
  });
}

/** A list item's blocks; in a tight list a paragraph is its text alone, as CommonMark renders it. */
function renderItem(children: RootContent[], tight: boolean): ReactNode[] {
  return children.map((child, index) =>
    tight && child.type === 'paragraph' ? (
      <Fragment key={index}>{renderInline(child.children)}</Fragment>
    ) : (
      renderBlock(child, index)
    ),
  );
}

function renderBlock(node: RootContent, index: number): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return <p key={index}>{renderInline(node.children)}</p>;
    case 'heading': {
      const Heading = HEADINGS[node.depth - 1] ?? 'h6';
      return <Heading key={index}>{renderInline(node.children)}</Heading>;
    }
    case 'code':
      return (
        <pre key={index} className="code-block">
          <code data-language={node.lang ?? undefined}>{node.value}</code>
        </pre>
      );
    case 'list': {
      const tight = node.spread !== true && node.children.every((item) => item.spread !== true);
      const items = node.children.map((item, i) => <li key={i}>{renderItem(item.children, tight)}</li>);
      return node.ordered === true ? (
        <ol key={index} start={node.start === 1 || node.start == null ? undefined : node.start}>
          {items}
        </ol>
      ) : (
        <ul key={index}>{items}</ul>
      );
    }
    case 'blockquote':
      return <blockquote key={index}>{node.children.map(renderBlock)}</blockquote>;
    case 'thematicBreak':
      return <hr key={index} />;
    case 'table': {
      const [head, ...body] = node.children;
      const align = node.align ?? [];
      return (
        <table key={index} className="markdown__table">
          {head && (
            <thead>
              <tr>{renderRow(head, true, align)}</tr>
            </thead>
          )}
          <tbody>
            {body.map((row, i) => (
              <tr key={i}>{renderRow(row, false, align)}</tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'definition':
      return null;
    default:
      return <p key={index}>{toString(node)}</p>;
  }
}

/** A Markdown document as blocks (paragraphs, lists, code, tables...). */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const root = useMemo(() => parseMarkdown(source), [source]);
  const defined = useMemo(() => definitions(root), [root]);
  return (
    <Definitions value={defined}>
      <div className={['markdown', className].filter(Boolean).join(' ')}>{root.children.map(renderBlock)}</div>
    </Definitions>
  );
}

/** One line of Markdown, inline constructs only (for constraints, hints, examples' explanations). */
export function InlineMarkdown({ source }: { source: string }) {
  const nodes = useMemo(() => parseInline(source), [source]);
  return <>{renderInline(nodes)}</>;
}

// A tiny Markdown reader for the subset question statements use: paragraphs, `inline code`, fenced code
// blocks, **bold**, *italic*, and bullet or numbered lists. It yields a tree of plain strings and node kinds,
// never HTML: whatever else the source holds (raw HTML included) stays text.

export type Inline =
  | string
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'code'; language: string | null; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: Inline[][] };

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const ESCAPABLE = '\\`*_{}[]()#+-.!<>';

function pushText(out: Inline[], text: string): void {
  if (text === '') return;
  const last = out.at(-1);
  if (typeof last === 'string') out[out.length - 1] = last + text;
  else out.push(text);
}

/** Finds the closing `marker` for an emphasis opened just before `from`: not empty, not after a space. */
function closing(text: string, marker: string, from: number): number {
  let at = text.indexOf(marker, from);
  while (at !== -1) {
    const inner = text.slice(from, at);
    const single = marker === '*' && (text[at + 1] === '*' || text[at - 1] === '*');
    if (inner.trim() !== '' && !/\s$/.test(inner) && !single) return at;
    at = text.indexOf(marker, at + marker.length);
  }
  return -1;
}

/** Inline code, bold and italic; a backslash escapes a punctuation mark. Anything unmatched is text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1] ?? '')) {
      pushText(out, text[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (ch === '`') {
      let ticks = 1;
      while (text[i + ticks] === '`') ticks += 1;
      const fence = '`'.repeat(ticks);
      const end = text.indexOf(fence, i + ticks);
      if (end !== -1) {
        const code = text.slice(i + ticks, end);
        out.push({ kind: 'code', text: /^ .* $/.test(code) ? code.slice(1, -1) : code });
        i = end + ticks;
        continue;
      }
      pushText(out, fence);
      i += ticks;
      continue;
    }
    if (ch === '*' && !/\s/.test(text[i + (text[i + 1] === '*' ? 2 : 1)] ?? ' ')) {
      const strong = text[i + 1] === '*';
      const marker = strong ? '**' : '*';
      const end = closing(text, marker, i + marker.length);
      if (end !== -1) {
        const children = parseInline(text.slice(i + marker.length, end));
        out.push(strong ? { kind: 'strong', children } : { kind: 'em', children });
        i = end + marker.length;
        continue;
      }
    }
    pushText(out, ch ?? '');
    i += 1;
  }
  return out;
}

/** The blocks of a Markdown document, in order. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | null = null;

  const flush = () => {
    if (paragraph.length > 0) {
      blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join(' ')) });
      paragraph = [];
    }
    if (list !== null) {
      blocks.push({ kind: 'list', ordered: list.ordered, start: list.start, items: list.items.map(parseInline) });
      list = null;
    }
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(marker)) {
        body.push(lines[i] ?? '');
        i += 1;
      }
      const language = fence[2] ?? '';
      blocks.push({ kind: 'code', language: language === '' ? null : language, text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      if (paragraph.length > 0 || (list !== null && list.ordered !== ordered)) flush();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push((bullet ? bullet[1] : numbered?.[2]) ?? '');
      continue;
    }
    if (list !== null && /^\s+\S/.test(line)) {
      // An indented line goes on the last item.
      const last = list.items.length - 1;
      list.items[last] = `${list.items[last] ?? ''} ${line.trim()}`;
      continue;
    }
    if (list !== null) flush();
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

// The editor's live preview of the examples, rendered as the question page shows them (pages/Question.tsx).
import { InlineMarkdown } from '../../markdown/Markdown';
import type { ExampleDraft } from './draft';

export function ExamplesPreview({ examples }: { examples: ExampleDraft[] }) {
  if (examples.length === 0) return <p className="field__hint">No examples yet.</p>;
  return (
    <>
      {examples.map((example, index) => (
        <div key={example.key} className="example">
          <h4>Example {index + 1}</h4>
          <dl className="example__fields">
            <dt>Input</dt>
            <dd>
              <code>{example.input}</code>
            </dd>
            <dt>Output</dt>
            <dd>
              <code>{example.output}</code>
            </dd>
            {example.explanation.trim() !== '' && (
              <>
                <dt>Explanation</dt>
                <dd>
                  <InlineMarkdown source={example.explanation} />
                </dd>
              </>
            )}
          </dl>
        </div>
      ))}
    </>
  );
}

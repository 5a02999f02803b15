// A question's examples as the question page shows them; the admin editor's preview shows the same.
import { InlineMarkdown } from '../markdown/Markdown';

export interface ExampleView {
  input: string;
  output: string;
  explanation?: string | null;
}

export function ExampleList({ examples, heading: Heading }: { examples: ExampleView[]; heading: 'h3' | 'h4' }) {
  return (
    <>
      {examples.map((example, index) => (
        <div key={index} className="example">
          <Heading>Example {index + 1}</Heading>
          <dl className="example__fields">
            <dt>Input</dt>
            <dd>
              <code>{example.input}</code>
            </dd>
            <dt>Output</dt>
            <dd>
              <code>{example.output}</code>
            </dd>
            {example.explanation != null && example.explanation.trim() !== '' && (
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

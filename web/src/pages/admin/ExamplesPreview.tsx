// The editor's live preview of the examples, rendered as the question page shows them.
import { ExampleList } from '../../ui/ExampleList';
import type { ExampleDraft } from './draft';

export function ExamplesPreview({ examples }: { examples: ExampleDraft[] }) {
  if (examples.length === 0) return <p className="field__hint">No examples yet.</p>;
  return <ExampleList examples={examples} heading="h4" />;
}

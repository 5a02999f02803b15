// The statement (Markdown) beside its live preview, rendered as the question page renders it.
import { Markdown } from '../../markdown/Markdown';
import { TextAreaField } from '../../ui/TextField';
import type { DraftForm } from './useDraftForm';

export function StatementField({ form }: { form: DraftForm }) {
  const { draft, idOf, update, control } = form;
  return (
    <div className="editor__grid">
      <TextAreaField
        {...control('statement', draft.statement, (statement) => {
          update({ statement }, 'statement');
        })}
        hint="Markdown (CommonMark): paragraphs, `code`, fenced code, **bold**, *italic*, lists, tables, links; HTML shows as text."
        rows={12}
        required
      />
      <section aria-labelledby={idOf('preview')}>
        <h2 id={idOf('preview')} className="field__label">
          Preview
        </h2>
        <div className="editor__preview" data-testid="statement-preview">
          <Markdown source={draft.statement} />
        </div>
      </section>
    </div>
  );
}

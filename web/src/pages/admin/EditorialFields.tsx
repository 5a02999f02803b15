// The reference solution in Python and the editorial: the approach (Markdown) and its time and space.
import { TextAreaField, TextField } from '../../ui/TextField';
import type { DraftForm } from './useDraftForm';

export function SolutionField({ form }: { form: DraftForm }) {
  const { draft, update, control } = form;
  return (
    <TextAreaField
      {...control('solutions.python', draft.python, (python) => {
        update({ python }, 'solutions.python');
      })}
      rows={10}
      spellCheck={false}
      required
    />
  );
}

export function EditorialFields({ form }: { form: DraftForm }) {
  const { draft, update, control } = form;
  return (
    <>
      <h2>Editorial</h2>
      <TextAreaField
        {...control('editorial.approach', draft.approach, (approach) => {
          update({ approach }, 'editorial.approach');
        })}
        hint="Markdown."
        rows={6}
      />
      <div className="editor__grid">
        <TextField
          {...control('editorial.time', draft.time, (time) => {
            update({ time }, 'editorial.time');
          })}
          hint="e.g. O(n)"
        />
        <TextField
          {...control('editorial.space', draft.space, (space) => {
            update({ space }, 'editorial.space');
          })}
          hint="e.g. O(1)"
        />
      </div>
    </>
  );
}

// The constraints and the hints, one per line each.
import { TextAreaField } from '../../ui/TextField';
import type { DraftForm } from './useDraftForm';

export function ConstraintsHintsFields({ form }: { form: DraftForm }) {
  const { draft, update, control } = form;
  return (
    <div className="editor__grid">
      <TextAreaField
        {...control('constraints', draft.constraints, (constraints) => {
          update({ constraints }, 'constraints');
        })}
        hint="One per line."
      />
      <TextAreaField
        {...control('hints', draft.hints, (hints) => {
          update({ hints }, 'hints');
        })}
        hint="One per line, gentlest first."
      />
    </div>
  );
}

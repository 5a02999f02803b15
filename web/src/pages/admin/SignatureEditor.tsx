// The function people write: its name, its parameters ("name: type", one per line) and its return type.
import { TextAreaField, TextField } from '../../ui/TextField';
import type { DraftForm } from './useDraftForm';

export function SignatureEditor({ form }: { form: DraftForm }) {
  const { draft, update, control } = form;
  return (
    <>
      <h2>Function signature</h2>
      <div className="editor__grid">
        <TextField
          {...control('signature.function', draft.fn, (fn) => {
            update({ fn }, 'signature.function');
          })}
        />
        <TextAreaField
          {...control('signature.params', draft.params, (params) => {
            update({ params }, 'signature.params');
          })}
          hint='One per line, as "name: type", e.g. "nums: list[int]".'
          rows={3}
        />
        <TextField
          {...control('signature.returns', draft.returns, (returns) => {
            update({ returns }, 'signature.returns');
          })}
        />
      </div>
    </>
  );
}

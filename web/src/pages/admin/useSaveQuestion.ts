// Saving the question editor's draft: checked in the browser first, then POSTed (new) or PUT (edit); on success
// the saved question opens, on failure the server's field errors land on the editor's controls.
import { type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { createQuestion, replaceQuestion } from '../../api/questions';
import { useMutation } from '../../hooks/useMutation';
import { buildQuestion } from './draft';
import { placeErrors } from './fields';
import type { DraftForm } from './useDraftForm';

const FIX_FIELDS = 'Please fix the highlighted fields.';

export function useSaveQuestion(form: DraftForm, slug: string | null) {
  const navigate = useNavigate();
  const save = useMutation((body: Parameters<typeof createQuestion>[0]) =>
    slug === null ? createQuestion(body) : replaceQuestion(slug, body),
  );

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.pending) return;
    const built = buildQuestion(form.draft);
    if (!built.ok) {
      form.fail(FIX_FIELDS, built.errors);
      return;
    }
    form.clearErrors();
    const result = await save.run(built.question);
    if (result.ok) {
      void navigate(`/questions/${encodeURIComponent(result.data.slug)}`);
      return;
    }
    const { error } = result;
    const fields = placeErrors(error.fieldErrors);
    if (error.status === 409 && Object.keys(fields).length === 0) fields.slug = error.message;
    form.fail(error.message, fields);
  };

  return { onSubmit, pending: save.pending };
}

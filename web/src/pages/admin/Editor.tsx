// The question editor's form: its sections in page order over one draft (useDraftForm), saved by
// useSaveQuestion. `slug` is null for a new question.
import type { TopicCount } from '../../api/questionTypes';
import { FormError } from '../../ui/FormError';
import { ConstraintsHintsFields } from './ConstraintsHintsFields';
import { DetailsFields } from './DetailsFields';
import type { Draft } from './draft';
import { EditorialFields, SolutionField } from './EditorialFields';
import { ExamplesEditor } from './ExamplesEditor';
import { SaveBar } from './SaveBar';
import { SignatureEditor } from './SignatureEditor';
import { StatementField } from './StatementField';
import { TestsEditor } from './TestsEditor';
import { TopicsField } from './TopicsField';
import { useDraftForm } from './useDraftForm';
import { useSaveQuestion } from './useSaveQuestion';

export function Editor({ initial, slug, topics }: { initial: Draft; slug: string | null; topics: TopicCount[] }) {
  const form = useDraftForm(initial);
  const save = useSaveQuestion(form, slug);
  return (
    <form className="editor card" noValidate onSubmit={(event) => void save.onSubmit(event)}>
      <FormError summary={form.summary} focusKey={form.focusKey} />
      <DetailsFields form={form} slug={slug} />
      <TopicsField form={form} topics={topics} />
      <StatementField form={form} />
      <ExamplesEditor form={form} />
      <ConstraintsHintsFields form={form} />
      <SignatureEditor form={form} />
      <TestsEditor form={form} />
      <SolutionField form={form} />
      <EditorialFields form={form} />
      <SaveBar slug={slug} pending={save.pending} />
    </form>
  );
}

// The question editor (admins): /admin/questions/new and /admin/questions/:slug/edit. The page loads the
// question (or starts an empty draft) and the topics; the form is ./admin/Editor.
import { useParams } from 'react-router';
import { getFullQuestion, listTopics } from '../api/questions';
import { useAsync } from '../hooks/useAsync';
import { AsyncContent } from '../ui/Status';
import { draftFrom, emptyDraft } from './admin/draft';
import { Editor } from './admin/Editor';

export default function QuestionEditor() {
  const { slug = null } = useParams();
  const topics = useAsync((signal) => listTopics(signal), 'topics');
  const question = useAsync(
    (signal) => (slug === null ? Promise.resolve(emptyDraft()) : getFullQuestion(slug, signal).then(draftFrom)),
    slug ?? '(new)',
  );
  const heading = slug === null ? 'New question' : 'Edit question';
  return (
    <div className="page">
      <title>{`${heading} · PeerPrep`}</title>
      <header className="page__header">
        <h1>{heading}</h1>
      </header>
      <AsyncContent result={question} loadingLabel="Loading the question…" errorTitle="Couldn't load the question">
        {(initial) => (
          <AsyncContent result={topics} loadingLabel="Loading topics…" errorTitle="Couldn't load the topics">
            {(list) => <Editor key={slug ?? '(new)'} initial={initial} slug={slug} topics={list} />}
          </AsyncContent>
        )}
      </AsyncContent>
    </div>
  );
}

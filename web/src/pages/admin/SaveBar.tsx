// The editor's save button and the way back without saving.
import { Link } from 'react-router';
import { Button } from '../../ui/Button';

export function SaveBar({ slug, pending }: { slug: string | null; pending: boolean }) {
  return (
    <div className="admin-tools">
      <Button type="submit" loading={pending}>
        Save question
      </Button>
      <Link to={slug === null ? '/questions' : `/questions/${encodeURIComponent(slug)}`}>Cancel</Link>
    </div>
  );
}

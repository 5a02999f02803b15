// The question's title, slug (made from the title until edited; fixed once saved), difficulty and comparison.
import { useState } from 'react';
import { COMPARISONS, comparisonLabel, DIFFICULTIES, difficultyLabel, isDifficulty } from '../../api/questionTypes';
import { SelectField, TextField } from '../../ui/TextField';
import { slugify } from './draft';
import type { DraftForm } from './useDraftForm';

export function DetailsFields({ form, slug }: { form: DraftForm; slug: string | null }) {
  const { draft, update, control } = form;
  const [slugEdited, setSlugEdited] = useState(slug !== null);
  return (
    <div className="editor__grid">
      <TextField
        {...control('title', draft.title, (title) => {
          update({ title, ...(slugEdited ? {} : { slug: slugify(title) }) }, 'title', 'slug');
        })}
        required
      />
      {slug === null ? (
        <TextField
          {...control('slug', draft.slug, (value) => {
            setSlugEdited(true);
            update({ slug: value }, 'slug');
          })}
          hint="Lower case words joined by hyphens; part of the question's address."
          required
        />
      ) : (
        <TextField
          {...control('slug', draft.slug, () => undefined)}
          hint="Can't be changed: the slug is the question's address and identity."
          readOnly
        />
      )}
      <SelectField
        {...control('difficulty', draft.difficulty, (value) => {
          if (isDifficulty(value)) update({ difficulty: value }, 'difficulty');
        })}
      >
        {DIFFICULTIES.map((d) => (
          <option key={d} value={d}>
            {difficultyLabel(d)}
          </option>
        ))}
      </SelectField>
      <SelectField
        {...control('comparison', draft.comparison, (value) => {
          const found = COMPARISONS.find((c) => c === value);
          if (found) update({ comparison: found }, 'comparison');
        })}
        hint="How an answer is compared with the expected value."
      >
        {COMPARISONS.map((c) => (
          <option key={c} value={c}>
            {comparisonLabel(c)}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

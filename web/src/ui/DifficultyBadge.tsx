import { type Difficulty, difficultyLabel } from '../api/questionTypes';

/** The difficulty in words, on its colour (AA in both themes: theme.test.ts checks the pairs). */
export function DifficultyBadge({ difficulty }: { difficulty: Difficulty }) {
  return (
    <span className={`badge difficulty difficulty--${difficulty}`} data-difficulty={difficulty}>
      {difficultyLabel(difficulty)}
    </span>
  );
}

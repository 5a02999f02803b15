// The question browser's filters <-> the page's query string, so a reload or the back button keeps them.
import { type Difficulty, isDifficulty, isSortBy, type QuestionQuery, type SortBy } from '../../api/questionTypes';

export const PAGE_SIZE = 20;
const MAX_TOPICS = 10;

export interface Filters {
  q: string;
  difficulty: Difficulty | null;
  topics: string[];
  sort: SortBy | null;
  page: number;
}

/** Reads the filters from the URL, ignoring anything the API would refuse. */
export function readFilters(params: URLSearchParams): Filters {
  const difficulty = params.get('difficulty');
  const sort = params.get('sort');
  const page = Number(params.get('page') ?? '1');
  const topics = [...new Set(params.getAll('topic').filter((t) => t !== ''))].slice(0, MAX_TOPICS);
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    difficulty: isDifficulty(difficulty) ? difficulty : null,
    topics,
    sort: isSortBy(sort) ? sort : null,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The URL's query string for the filters; defaults are left out. */
export function writeFilters(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q !== '') params.set('q', filters.q);
  if (filters.difficulty) params.set('difficulty', filters.difficulty);
  for (const topic of filters.topics) params.append('topic', topic);
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

export function toQuery(filters: Filters): QuestionQuery {
  return {
    q: filters.q.trim(),
    ...(filters.difficulty ? { difficulty: filters.difficulty } : {}),
    topic: filters.topics,
    ...(filters.sort ? { sort: filters.sort } : {}),
    page: filters.page,
    size: PAGE_SIZE,
  };
}

export function hasFilters(filters: Filters): boolean {
  return filters.q.trim() !== '' || filters.difficulty !== null || filters.topics.length > 0;
}

export const MAX_TOPIC_FILTERS = MAX_TOPICS;

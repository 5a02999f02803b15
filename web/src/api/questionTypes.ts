// The question API's types (question_svc), taken from its OpenAPI document: ./generated/question_svc.ts is
// generated from docs/openapi/question_svc.json (`npm run gen:api`; `npm run check:api` fails when it is stale).
// Declare no API shape by hand: alias the schema.
import type { components, operations } from './generated/question_svc';

type Schemas = components['schemas'];

export type Difficulty = Schemas['Difficulty'];
export type SortBy = Schemas['SortBy'];
/** One row of the list: no statement, no editorial. */
export type QuestionSummary = Schemas['Summary'];
/** One page of the list; `total` counts the matches over all pages. */
export type QuestionPage = Schemas['QuestionPage'];
export type TopicCount = Schemas['TopicCount'];
/** A question as people see it: sample tests only, no reference solutions. */
export type Question = Schemas['QuestionView'];
export type Example = Schemas['Example'];
export type Signature = Schemas['Signature'];
export type Editorial = Schemas['Editorial'];

/** The list's query parameters; `topic` is repeated in the query string, any of them matches. */
export type QuestionQuery = NonNullable<operations['list_questions_api_questions_get']['parameters']['query']>;

// Records over the schema's enums, so a value added to or removed from the API fails to compile here.
const EVERY_DIFFICULTY: Record<Difficulty, string> = { easy: 'Easy', medium: 'Medium', hard: 'Hard' };
const EVERY_SORT: Record<SortBy, string> = { relevance: 'Relevance', title: 'Title', difficulty: 'Difficulty' };

/** Every difficulty, easiest first. */
export const DIFFICULTIES: readonly Difficulty[] = Object.keys(EVERY_DIFFICULTY) as Difficulty[];
export const SORTS: readonly SortBy[] = Object.keys(EVERY_SORT) as SortBy[];

export function difficultyLabel(difficulty: Difficulty): string {
  return EVERY_DIFFICULTY[difficulty];
}

export function sortLabel(sort: SortBy): string {
  return EVERY_SORT[sort];
}

export function isDifficulty(value: string | null): value is Difficulty {
  return value !== null && Object.hasOwn(EVERY_DIFFICULTY, value);
}

export function isSortBy(value: string | null): value is SortBy {
  return value !== null && Object.hasOwn(EVERY_SORT, value);
}

// Admin (the editor, export and import).
/** A question as the editor sends it (the bank file format): hidden tests and reference solutions included. */
export type BankQuestion = Schemas['BankQuestion'];
/** A question as the editor loads it, with its revision. */
export type AdminQuestion = Schemas['AdminQuestion'];
export type TestCase = Schemas['TestCase'];
export type Comparison = Schemas['Comparison'];
export type ImportCounts = Schemas['ImportCounts'];

const EVERY_COMPARISON: Record<Comparison, string> = { exact: 'Exact', unordered: 'Unordered', float: 'Float' };
export const COMPARISONS: readonly Comparison[] = Object.keys(EVERY_COMPARISON) as Comparison[];

export function comparisonLabel(comparison: Comparison): string {
  return EVERY_COMPARISON[comparison];
}

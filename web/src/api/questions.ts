// The question API (question_svc), endpoint by endpoint as docs/openapi/question_svc.json lists them.
import { apiRequest } from './client';
import type {
  AdminQuestion,
  BankQuestion,
  ImportCounts,
  Question,
  QuestionPage,
  QuestionQuery,
  TopicCount,
} from './questionTypes';

/** The query string for the list, in a stable order; empty and default-less parameters are left out. */
export function questionQueryString(query: QuestionQuery): string {
  const params = new URLSearchParams();
  if (query.q !== undefined && query.q.trim() !== '') params.set('q', query.q.trim());
  if (query.difficulty) params.set('difficulty', query.difficulty);
  for (const topic of query.topic ?? []) params.append('topic', topic);
  if (query.sort) params.set('sort', query.sort);
  if (query.page !== undefined) params.set('page', String(query.page));
  if (query.size !== undefined) params.set('size', String(query.size));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function listQuestions(query: QuestionQuery, signal?: AbortSignal): Promise<QuestionPage> {
  return apiRequest<QuestionPage>(`/questions${questionQueryString(query)}`, signal ? { signal } : {});
}

/** The managed topics with their question counts; with `difficulty`, counted at that level only. */
export function listTopics(signal?: AbortSignal, difficulty?: string): Promise<TopicCount[]> {
  const query = difficulty ? `?difficulty=${encodeURIComponent(difficulty)}` : '';
  return apiRequest<TopicCount[]>(`/questions/topics${query}`, signal ? { signal } : {});
}

export function getQuestion(slug: string, signal?: AbortSignal): Promise<Question> {
  return apiRequest<Question>(`/questions/${encodeURIComponent(slug)}`, signal ? { signal } : {});
}

// Admin routes: the client sends the bearer token; the server answers 403 to anyone not an admin.

export function getFullQuestion(slug: string, signal?: AbortSignal): Promise<AdminQuestion> {
  return apiRequest<AdminQuestion>(`/questions/${encodeURIComponent(slug)}/full`, signal ? { signal } : {});
}

export function createQuestion(question: BankQuestion): Promise<AdminQuestion> {
  return apiRequest<AdminQuestion>('/questions', { method: 'POST', body: question });
}

/** Replaces the question stored at `slug`; the body's slug must be that slug (a question can't be renamed: 422). */
export function replaceQuestion(slug: string, question: BankQuestion): Promise<AdminQuestion> {
  return apiRequest<AdminQuestion>(`/questions/${encodeURIComponent(slug)}`, { method: 'PUT', body: question });
}

export function deleteQuestion(slug: string): Promise<void> {
  return apiRequest<undefined>(`/questions/${encodeURIComponent(slug)}`, { method: 'DELETE' });
}

export function exportQuestions(): Promise<BankQuestion[]> {
  return apiRequest<BankQuestion[]>('/questions/export');
}

export function importQuestions(questions: BankQuestion[]): Promise<ImportCounts> {
  return apiRequest<ImportCounts>('/questions/import', { method: 'POST', body: questions });
}

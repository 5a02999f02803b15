// The question API (question_svc), endpoint by endpoint as docs/openapi/question_svc.json lists them.
import { apiRequest } from './client';
import type { Question, QuestionPage, QuestionQuery, TopicCount } from './questionTypes';

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

export function listTopics(signal?: AbortSignal): Promise<TopicCount[]> {
  return apiRequest<TopicCount[]>('/questions/topics', signal ? { signal } : {});
}

export function getQuestion(slug: string, signal?: AbortSignal): Promise<Question> {
  return apiRequest<Question>(`/questions/${encodeURIComponent(slug)}`, signal ? { signal } : {});
}

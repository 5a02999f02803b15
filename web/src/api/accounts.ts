// The accounts API (user_svc), endpoint by endpoint as docs/api-accounts.md lists them.
import { apiRequest } from './client';
import type {
  DeleteAccountRequest,
  LoginRequest,
  PasswordChangeRequest,
  PasswordResetAccepted,
  PasswordResetConfirm,
  PasswordResetRequest,
  ProfileUpdate,
  Session,
  SignupRequest,
  User,
} from './types';

export function signup(body: SignupRequest): Promise<Session> {
  return apiRequest<Session>('/users/auth/signup', { method: 'POST', body, auth: false });
}

export function login(body: LoginRequest): Promise<Session> {
  return apiRequest<Session>('/users/auth/login', { method: 'POST', body, auth: false });
}

export function logout(): Promise<void> {
  return apiRequest<undefined>('/users/auth/logout', { method: 'POST', auth: false });
}

export function getMe(signal?: AbortSignal): Promise<User> {
  return apiRequest<User>('/users/me', signal ? { signal } : {});
}

export function updateMe(body: ProfileUpdate): Promise<User> {
  return apiRequest<User>('/users/me', { method: 'PATCH', body });
}

export function changePassword(body: PasswordChangeRequest): Promise<Session> {
  return apiRequest<Session>('/users/me/password', { method: 'POST', body });
}

export function deleteAccount(body: DeleteAccountRequest): Promise<void> {
  return apiRequest<undefined>('/users/me/delete', { method: 'POST', body });
}

export function requestPasswordReset(body: PasswordResetRequest): Promise<PasswordResetAccepted> {
  return apiRequest<PasswordResetAccepted>('/users/auth/password-reset', { method: 'POST', body, auth: false });
}

export function confirmPasswordReset(body: PasswordResetConfirm): Promise<void> {
  return apiRequest<undefined>('/users/auth/password-reset/confirm', { method: 'POST', body, auth: false });
}

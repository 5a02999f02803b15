// The accounts API's types (user_svc), taken from its OpenAPI document: ./generated/user_svc.ts is generated
// from docs/openapi/user_svc.json (`npm run gen:api`; `npm run check:api` fails when it is stale). Declare no
// API shape by hand here or anywhere else: alias the schema, or narrow it with `Narrower` below.
import type { components } from './generated/user_svc';

type Schemas = components['schemas'];

/**
 * `Narrow`, checked to be assignable to the schema's `Wide`: for a union the client needs where the schema
 * only says `string` or `number`. Fails to compile when the API stops accepting or returning one of them.
 */
type Narrower<Wide, Narrow extends Wide> = Narrow;

export type User = Schemas['User'];
/** What sign-up, log-in, refresh and password change return. The refresh token is an httpOnly cookie. */
export type Session = Schemas['Session'];
export type SignupRequest = Schemas['SignupIn'];
/** `login` is an email address or a username. */
export type LoginRequest = Schemas['LoginIn'];
/** Only the fields sent are changed; null clears `avatar_url` and `proficiency`. */
export type ProfileUpdate = Schemas['ProfilePatch'];
export type PasswordChangeRequest = Schemas['PasswordChangeIn'];
export type DeleteAccountRequest = Schemas['DeleteAccountIn'];
/** Ask for a password reset link by mail; the answer is the same whether or not an account uses the address. */
export type PasswordResetRequest = Schemas['PasswordResetIn'];
export type PasswordResetAccepted = Schemas['ResetAccepted'];
/** The mailed link's token and the new password. */
export type PasswordResetConfirm = Schemas['PasswordResetConfirmIn'];
/** The admin list of users. */
export type UserPage = Schemas['UserPage'];
/** The one error shape every endpoint answers with, whatever the status. */
export type ErrorBody = Schemas['ErrorResponse'];

export type Language = Schemas['Language'];
/** The schema says an integer from 1 to 5. */
export type Proficiency = Narrower<NonNullable<User['proficiency']>, 1 | 2 | 3 | 4 | 5>;
/** The schema says strings; these are the roles user_svc gives. */
export type Role = Narrower<User['roles'][number], 'user' | 'admin'>;

/** The stable error codes of the contract, plus the client's own for failures with no server answer. */
export type ErrorCode = Narrower<
  ErrorBody['error']['code'],
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'network_error'
  | 'http_error'
>;

// A record over the schema's enum, so a language added to or removed from the API fails to compile here.
const EVERY_LANGUAGE: Record<Language, true> = { python: true, javascript: true, java: true, cpp: true };
/** Every language the API accepts, in the order the profile form lists them. */
export const LANGUAGES: readonly Language[] = Object.keys(EVERY_LANGUAGE) as Language[];

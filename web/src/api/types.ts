// Hand-written from docs/api-accounts.md, the contract between user_svc and the web client.

export type Language = 'python' | 'javascript' | 'java' | 'cpp';
export type Proficiency = 1 | 2 | 3 | 4 | 5;
export type Role = 'user' | 'admin';

export const LANGUAGES: readonly Language[] = ['python', 'javascript', 'java', 'cpp'];

export interface User {
  id: string;
  email: string;
  username: string;
  display_name: string;
  avatar_color: string;
  avatar_url: string | null;
  language: Language;
  proficiency: Proficiency | null;
  timezone: string;
  roles: Role[];
  created_at: string;
}

/** What sign-up, log-in, refresh and password change return. The refresh token is an httpOnly cookie. */
export interface Session {
  user: User;
  access_token: string;
  token_type: 'bearer';
  /** Seconds until the access token expires (900 today). */
  expires_in: number;
}

export interface SignupRequest {
  email: string;
  username: string;
  password: string;
  display_name?: string;
}

export interface LoginRequest {
  /** An email address or a username. */
  login: string;
  password: string;
}

export type ProfileUpdate = Partial<
  Pick<User, 'display_name' | 'avatar_color' | 'avatar_url' | 'language' | 'proficiency' | 'timezone'>
>;

export interface PasswordChangeRequest {
  current_password: string;
  new_password: string;
}

export interface DeleteAccountRequest {
  password: string;
}

export interface UserPage {
  items: User[];
  total: number;
}

/** The stable error codes of the contract, plus the client's own for failures with no server answer. */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'network_error'
  | 'http_error';

/** The one error shape every endpoint answers with, whatever the status. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: {
      fields?: Record<string, string>;
      retry_after_s?: number;
      [key: string]: unknown;
    };
  };
}

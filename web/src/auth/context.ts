import { createContext, useContext } from 'react';
import type {
  DeleteAccountRequest,
  LoginRequest,
  PasswordChangeRequest,
  ProfileUpdate,
  SignupRequest,
  User,
} from '../api/types';
import type { EndReason } from './session';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

export interface AuthContextValue {
  /** 'loading' while the silent refresh on start-up runs. */
  status: AuthStatus;
  user: User | null;
  /** Why the last session ended, for the log-in page to say so. */
  endReason: EndReason | null;
  signup: (request: SignupRequest) => Promise<User>;
  login: (request: LoginRequest) => Promise<User>;
  logout: () => Promise<void>;
  updateProfile: (update: ProfileUpdate) => Promise<User>;
  changePassword: (request: PasswordChangeRequest) => Promise<User>;
  deleteAccount: (request: DeleteAccountRequest) => Promise<void>;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (value === null) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

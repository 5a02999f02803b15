// The field rules of docs/api-accounts.md as pure functions, with the messages user_svc answers with
// (user_svc/src/user_svc/domain/fields.py), so a problem reads the same whether the browser or the server
// finds it. Each returns the message a person can act on, or null when the value is fine. The server stays
// the authority: its messages replace these on 422/409.

export const MESSAGES = {
  emailInvalid: 'Enter a valid email address, like ada@example.com.',
  emailTooLong: 'Use at most 254 characters.',
  usernameLength: 'Use 3 to 30 characters.',
  usernameStart: 'Start with a letter.',
  usernameChars: 'Use only letters, digits, _ or -.',
  passwordTooShort: 'Use at least 10 characters.',
  passwordTooLong: 'Use at most 128 characters.',
  passwordOneChar: 'Use more than one different character.',
  passwordIsEmail: "Don't use your email address as your password.",
  passwordIsUsername: "Don't use your username as your password.",
  displayNameLength: 'Use 1 to 64 characters.',
  avatarColor: 'Use a colour like #6d28d9.',
  avatarUrl: 'Use an https:// address, or leave it empty.',
  timezone: 'Use a time zone name like Europe/London.',
  // Fields with no rule but "say something" (the server answers these with a 401 or 422 of its own).
  loginRequired: 'Enter your email or username.',
  loginPasswordRequired: 'Enter your password.',
  currentPasswordRequired: 'Enter your current password.',
} as const;

export type Message = (typeof MESSAGES)[keyof typeof MESSAGES];
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

const EMAIL_MAX = 254;
const EMAIL_LOCAL_MAX = 64;
const AVATAR_URL_MAX = 2048;

/** Length in characters (code points), as the server counts them, not UTF-16 units. */
function length(value: string): number {
  return Array.from(value).length;
}

/** As the server stores it: NFKC, trimmed, lower-case. */
export function normaliseEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/** As the server stores it: NFC and trimmed (case is kept; uniqueness ignores it). */
export function normaliseUsername(value: string): string {
  return value.normalize('NFC').trim();
}

export function normaliseDisplayName(value: string): string {
  return value.normalize('NFC').trim();
}

// The server's pattern: dot-separated atoms, then a domain of labels ending in a 2-63 letter TLD.
const EMAIL =
  /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/;

export function validateEmail(value: string): Message | null {
  const email = normaliseEmail(value);
  if (length(email) > EMAIL_MAX) return MESSAGES.emailTooLong;
  const match = EMAIL.exec(email);
  if (match === null || (match[1]?.length ?? 0) > EMAIL_LOCAL_MAX) return MESSAGES.emailInvalid;
  return null;
}

export function validateUsername(value: string): Message | null {
  const username = normaliseUsername(value);
  const size = length(username);
  if (size < 3 || size > 30) return MESSAGES.usernameLength;
  if (!/^[A-Za-z]/.test(username)) return MESSAGES.usernameStart;
  if (!/^[A-Za-z0-9_-]+$/.test(username)) return MESSAGES.usernameChars;
  return null;
}

export interface PasswordContext {
  email?: string;
  username?: string;
}

/** Checked as typed: a password is never trimmed. */
/** What a new password must be. How guessable it is only the server judges (zxcvbn); its message then shows on the
 * field, with zxcvbn's advice. */
export const PASSWORD_HINT =
  'At least 10 characters, not your email or username, and hard to guess: a few uncommon words together work well.';

export function validatePassword(value: string, context: PasswordContext = {}): Message | null {
  if (length(value) < 10) return MESSAGES.passwordTooShort;
  if (length(value) > 128) return MESSAGES.passwordTooLong;
  if (new Set(value).size === 1) return MESSAGES.passwordOneChar;
  const folded = value.toLowerCase();
  const email = normaliseEmail(context.email ?? '');
  if (email && folded === email) return MESSAGES.passwordIsEmail;
  const username = normaliseUsername(context.username ?? '').toLowerCase();
  if (username && folded === username) return MESSAGES.passwordIsUsername;
  return null;
}

/** Required on the profile; optional at sign-up, where an empty one defaults to the username. */
export function validateDisplayName(value: string, { required = true } = {}): Message | null {
  const size = length(normaliseDisplayName(value));
  if (size === 0) return required ? MESSAGES.displayNameLength : null;
  return size > 64 ? MESSAGES.displayNameLength : null;
}

export function validateAvatarColor(value: string): Message | null {
  return /^#[0-9a-fA-F]{6}$/.test(value) ? null : MESSAGES.avatarColor;
}

// The server's pattern (user_svc's AVATAR_URL_PATTERN): https://, a host name, an optional port, then a path,
// query or fragment without whitespace.
const AVATAR_URL = /^https:\/\/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?(?:[/?#]\S*)?$/;

/** Empty means no picture (null); anything else must be an https URL. */
export function validateAvatarUrl(value: string): Message | null {
  if (value === '') return null;
  if (length(value) > AVATAR_URL_MAX || /\s/.test(value)) return MESSAGES.avatarUrl;
  return AVATAR_URL.test(value) ? null : MESSAGES.avatarUrl;
}

/** An IANA name this browser knows. The server checks its own tz database, which may differ slightly. */
export function isTimeZone(value: string): boolean {
  if (value === '' || value !== value.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function validateTimezone(value: string): Message | null {
  return isTimeZone(value) ? null : MESSAGES.timezone;
}

export function validateLogin(value: string): Message | null {
  return value.trim() === '' ? MESSAGES.loginRequired : null;
}

export function validateLoginPassword(value: string): Message | null {
  return value === '' ? MESSAGES.loginPasswordRequired : null;
}

export function validateCurrentPassword(value: string): Message | null {
  return value === '' ? MESSAGES.currentPasswordRequired : null;
}

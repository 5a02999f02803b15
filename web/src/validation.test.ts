import { describe, expect, it } from 'vitest';
import {
  MESSAGES,
  isTimeZone,
  validateAvatarColor,
  validateAvatarUrl,
  validateCurrentPassword,
  validateDisplayName,
  validateEmail,
  validateLogin,
  validateLoginPassword,
  validatePassword,
  validateTimezone,
  validateUsername,
} from './validation';

describe('email', () => {
  it.each([
    'ada@example.com',
    '  Ada.Lovelace+prep@Mail.Example.co.uk ',
    'a@b.io',
    "o'brien_1{x}@sub-domain.example.museum",
  ])('accepts %j', (email) => {
    expect(validateEmail(email)).toBeNull();
  });

  it.each([
    '',
    '   ',
    'ada',
    'ada@',
    '@example.com',
    'ada@example',
    'ada @example.com',
    'a@b@c.com',
    '.ada@example.com',
    'ada.@example.com',
    'a..da@example.com',
    'ada@example..com',
    'ada@-example.com',
    'ada@example.c',
    'ada@example.123',
    'adä@example.com',
  ])('rejects %j', (email) => {
    expect(validateEmail(email)).toBe(MESSAGES.emailInvalid);
  });

  it('allows a local part of at most 64 characters', () => {
    expect(validateEmail(`${'a'.repeat(64)}@example.com`)).toBeNull();
    expect(validateEmail(`${'a'.repeat(65)}@example.com`)).toBe(MESSAGES.emailInvalid);
  });

  it('allows at most 254 characters', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.io`;
    expect(at254).toHaveLength(254);
    expect(validateEmail(at254)).toBeNull();
    expect(validateEmail(`${at254.slice(0, -2)}com`)).toBe(MESSAGES.emailTooLong);
  });
});

describe('username', () => {
  it.each(['ada', 'Ada_Lovelace-1815', 'a'.repeat(30), 'x9_', '  ada  '])('accepts %j', (name) => {
    expect(validateUsername(name)).toBeNull();
  });

  it.each([
    ['', MESSAGES.usernameLength],
    ['ab', MESSAGES.usernameLength],
    ['  ab  ', MESSAGES.usernameLength],
    ['a'.repeat(31), MESSAGES.usernameLength],
    ['1ada', MESSAGES.usernameStart],
    ['_ada', MESSAGES.usernameStart],
    ['-ada', MESSAGES.usernameStart],
    ['äda', MESSAGES.usernameStart],
    ['ada lovelace', MESSAGES.usernameChars],
    ['ada.l', MESSAGES.usernameChars],
    ['adä', MESSAGES.usernameChars],
  ])('rejects %j with %j', (name, message) => {
    expect(validateUsername(name)).toBe(message);
  });
});

describe('password', () => {
  const who = { email: ' Ada@Example.com ', username: 'ada_lovelace' };

  it('accepts 10 to 128 characters, untrimmed', () => {
    expect(validatePassword('correct horse', who)).toBeNull();
    expect(validatePassword('abcdefghij', who)).toBeNull();
    expect(validatePassword('ab'.repeat(64), who)).toBeNull();
    expect(validatePassword('  abcdefg ', who)).toBeNull();
  });

  it.each([
    ['', MESSAGES.passwordTooShort],
    ['abcdefghi', MESSAGES.passwordTooShort],
    [`${'ab'.repeat(64)}c`, MESSAGES.passwordTooLong],
    ['aaaaaaaaaaaa', MESSAGES.passwordOneChar],
    ['ada@example.com', MESSAGES.passwordIsEmail],
    ['ADA@EXAMPLE.COM', MESSAGES.passwordIsEmail],
    ['ada_lovelace', MESSAGES.passwordIsUsername],
    ['Ada_Lovelace', MESSAGES.passwordIsUsername],
  ])('rejects %j with %j', (password, message) => {
    expect(validatePassword(password, who)).toBe(message);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validatePassword('🔑🔑🔑🔑🔑🔒🔒🔒🔒')).toBe(MESSAGES.passwordTooShort); // 9 characters, 18 units
    expect(validatePassword('🔑🔑🔑🔑🔑🔒🔒🔒🔒🔒')).toBeNull();
  });

  it('compares with the email and username only when they are known', () => {
    expect(validatePassword('ada@example.com')).toBeNull();
  });
});

describe('display name', () => {
  it('is required on the profile: 1 to 64 characters after trimming', () => {
    expect(validateDisplayName('Ada')).toBeNull();
    expect(validateDisplayName(`  ${'x'.repeat(64)}  `)).toBeNull();
    expect(validateDisplayName('   ')).toBe(MESSAGES.displayNameLength);
    expect(validateDisplayName('x'.repeat(65))).toBe(MESSAGES.displayNameLength);
  });

  it('is optional at sign-up', () => {
    expect(validateDisplayName('', { required: false })).toBeNull();
    expect(validateDisplayName('  ', { required: false })).toBeNull();
    expect(validateDisplayName('x'.repeat(65), { required: false })).toBe(MESSAGES.displayNameLength);
  });
});

describe('avatar', () => {
  it('colour is #rrggbb', () => {
    expect(validateAvatarColor('#6d28d9')).toBeNull();
    expect(validateAvatarColor('#6D28D9')).toBeNull();
    for (const bad of ['6d28d9', '#6d28d', '#6d28d9f', '#ggg000', 'purple', '']) {
      expect(validateAvatarColor(bad)).toBe(MESSAGES.avatarColor);
    }
  });

  it('URL is https or empty', () => {
    expect(validateAvatarUrl('')).toBeNull();
    expect(validateAvatarUrl('https://example.com/ada.png')).toBeNull();
    expect(validateAvatarUrl('https://cdn.example.com:8443/a/b.png?s=2#x')).toBeNull();
    for (const bad of [
      'http://example.com/a.png',
      'example.com/a.png',
      'javascript:alert(1)',
      'https://',
      'https://example.com/a b.png',
      `https://example.com/${'a'.repeat(2048)}`,
      'HTTPS://example.com/a.png',
      'https://ada@example.com/a.png',
      'https://[::1]/a.png',
    ]) {
      expect(validateAvatarUrl(bad)).toBe(MESSAGES.avatarUrl);
    }
  });
});

describe('time zone', () => {
  it('accepts IANA names', () => {
    expect(validateTimezone('Europe/London')).toBeNull();
    expect(validateTimezone('Asia/Singapore')).toBeNull();
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
  });

  it.each(['', 'Mars/Olympus_Mons', 'London', ' Europe/London'])('rejects %j', (zone) => {
    expect(validateTimezone(zone)).toBe(MESSAGES.timezone);
  });
});

describe('log-in and password-check fields', () => {
  it('only need something typed', () => {
    expect(validateLogin('  ')).toBe(MESSAGES.loginRequired);
    expect(validateLogin('ada')).toBeNull();
    expect(validateLoginPassword('')).toBe(MESSAGES.loginPasswordRequired);
    expect(validateLoginPassword('short')).toBeNull();
    expect(validateCurrentPassword('')).toBe(MESSAGES.currentPasswordRequired);
    expect(validateCurrentPassword('x')).toBeNull();
  });
});

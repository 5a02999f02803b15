import { describe, expect, it } from 'vitest';
import { initials } from './Avatar';

describe('initials', () => {
  it('takes the first letter of the first and last words', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('grace brewster murray hopper')).toBe('GH');
    expect(initials('  Alan  ')).toBe('A');
  });

  it('skips punctuation: a word without a letter does not count, a word starting with one counts from its letter', () => {
    expect(initials('Ada L. (edited)')).toBe('AE');
    expect(initials('Ada -')).toBe('A');
    expect(initials('"Zed"')).toBe('Z');
  });

  it('keeps letters of any script and digits', () => {
    expect(initials('émile zola')).toBe('ÉZ');
    expect(initials('李 小龙')).toBe('李小');
    expect(initials('R2 D2')).toBe('RD');
  });

  it('is empty when the name has no letter', () => {
    expect(initials('(( ))')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import css from './theme.css?raw';

// Every colour token is light-dark(LIGHT, DARK); read both sides and check the pairs the UI draws.
const tokens = new Map<string, [string, string]>();
for (const match of css.matchAll(/--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)) {
  tokens.set(match[1]!, [match[2]!, match[3]!]);
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background, minimum]: 4.5 for text (WCAG AA), 3 for control borders and focus rings.
const PAIRS: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'surface', 4.5],
  ['text', 'surface-2', 4.5],
  ['text-muted', 'bg', 4.5],
  ['text-muted', 'surface', 4.5],
  ['text-muted', 'surface-2', 4.5],
  ['on-primary', 'primary', 4.5],
  ['on-primary', 'primary-hover', 4.5],
  ['on-danger', 'danger', 4.5],
  ['on-danger', 'danger-hover', 4.5],
  ['link', 'bg', 4.5],
  ['link', 'surface', 4.5],
  ['link', 'primary-soft', 4.5],
  ['danger', 'surface', 4.5],
  ['danger', 'danger-soft', 4.5],
  ['success', 'surface', 4.5],
  ['success', 'success-soft', 4.5],
  ['warning', 'surface', 4.5],
  // The difficulty badges: easy, medium, hard.
  ['warning', 'warning-soft', 4.5],
  ['border-strong', 'surface', 3],
  ['focus', 'bg', 3],
  ['focus', 'surface', 3],
];

describe('theme colours', () => {
  it('defines every token the checks use', () => {
    for (const [fg, bg] of PAIRS) {
      expect(tokens.has(fg), fg).toBe(true);
      expect(tokens.has(bg), bg).toBe(true);
    }
  });

  it.each(['light', 'dark'] as const)('meet WCAG AA in the %s theme', (theme) => {
    const side = theme === 'light' ? 0 : 1;
    const failures = PAIRS.flatMap(([fg, bg, min]) => {
      const ratio = contrast(tokens.get(fg)![side], tokens.get(bg)![side]);
      return ratio >= min ? [] : [`${fg} on ${bg}: ${ratio.toFixed(2)} < ${String(min)}`];
    });
    expect(failures).toEqual([]);
  });
});

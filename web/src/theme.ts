// Light or dark: the person's choice if they made one (kept in localStorage), else the system's.
// The choice is applied as data-theme on <html>; theme.css also follows the system before any script runs.
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'peerprep-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
const listeners = new Set<() => void>();

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage blocked (privacy settings): follow the system
  }
}

function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

let current: Theme = 'light';

function apply(theme: Theme): void {
  current = theme;
  document.documentElement.dataset.theme = theme;
  for (const listener of listeners) listener();
}

export function getTheme(): Theme {
  return current;
}

export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not kept across visits, still applied now.
  }
  apply(theme);
}

export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Applies the initial theme and follows system changes and other tabs until a choice is made. */
export function initTheme(): () => void {
  apply(storedTheme() ?? systemTheme());
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
  const onSystem = () => {
    if (storedTheme() === null) apply(systemTheme());
  };
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_KEY) apply(storedTheme() ?? systemTheme());
  };
  media?.addEventListener('change', onSystem);
  window.addEventListener('storage', onStorage);
  return () => {
    media?.removeEventListener('change', onSystem);
    window.removeEventListener('storage', onStorage);
  };
}

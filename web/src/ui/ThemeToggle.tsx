import { useSyncExternalStore } from 'react';
import { getTheme, setTheme, subscribeTheme } from '../theme';
import { Button } from './Button';
import { MoonIcon, SunIcon } from './icons';

export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribeTheme, getTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <Button
      variant="ghost"
      className="btn--icon"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => {
        setTheme(next);
      }}
    >
      {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
    </Button>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { User } from '../api/types';
import { Avatar } from '../ui/Avatar';
import { LogOutIcon, UserIcon } from '../ui/icons';

/**
 * A disclosure (button + panel), not an ARIA menu: Tab moves through the panel as through any links.
 * Escape or a click elsewhere closes it; navigating closes it too.
 */
export function UserMenu({ user, onLogout }: { user: User; onLogout: () => void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const [openedAt, setOpenedAt] = useState(location.key);

  // Navigating closes the panel (adjusting state while rendering, as React recommends over an effect).
  if (open && openedAt !== location.key) {
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn--ghost menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpenedAt(location.key);
          setOpen((value) => !value);
        }}
      >
        <span className="sr-only">Account menu: </span>
        <Avatar user={user} size={32} />
        <span className="menu__name hide-narrow">{user.display_name}</span>
      </button>
      <div className="menu__panel" id={panelId} hidden={!open}>
        <p className="menu__who">
          <strong>{user.display_name}</strong>
          <span>@{user.username}</span>
        </p>
        <ul>
          <li>
            <Link className="menu__item" to="/profile">
              <UserIcon size={18} />
              Profile
            </Link>
          </li>
          <li>
            <button type="button" className="menu__item" onClick={onLogout}>
              <LogOutIcon size={18} />
              Log out
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}

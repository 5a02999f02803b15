import { useState } from 'react';
import type { User } from '../api/types';

type AvatarUser = Pick<User, 'display_name' | 'avatar_color' | 'avatar_url'>;

/** The first letter of the first and last words that have one: "Ada L. (edited)" -> "AE", never "A(". */
export function initials(name: string): string {
  const firsts = name
    .split(/\s+/)
    .map((word) => /[\p{L}\p{N}]/u.exec(word)?.[0])
    .filter((letter): letter is string => letter !== undefined);
  const picked = firsts.length > 1 ? [firsts[0], firsts[firsts.length - 1]] : firsts;
  return picked.join('').toUpperCase();
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or near-black, whichever reads better on the user's colour. */
export function textColorOn(background: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(background)) return '#ffffff';
  const bg = luminance(background);
  const onWhite = 1.05 / (bg + 0.05);
  const onDark = (bg + 0.05) / (luminance('#111827') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#111827';
}

/** Decorative: the person's name is always written next to it. */
export function Avatar({ user, size = 32 }: { user: AvatarUser; size?: number }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const url = user.avatar_url && user.avatar_url !== failedUrl ? user.avatar_url : null;
  const background = /^#[0-9a-fA-F]{6}$/.test(user.avatar_color) ? user.avatar_color : '#4f46e5';
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: Math.round(size * 0.4),
        background,
        color: textColorOn(background),
      }}
    >
      {url ? (
        <img
          src={url}
          alt=""
          referrerPolicy="no-referrer"
          onError={() => {
            setFailedUrl(url);
          }}
        />
      ) : (
        initials(user.display_name) || '?'
      )}
    </span>
  );
}

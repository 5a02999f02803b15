"""What the pools consult beyond themselves, kept by the service's read models: profiles, and who is held."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    display_name: str
    proficiency: int | None


@dataclass(frozen=True)
class Busy:
    """The user is held by a match: its session (when it has started), or a match still being set up."""

    match_id: str
    session_id: str | None


class ProfileTable:
    """Display names and proficiencies by user, kept in memory from the profile events: the newest wins, whatever
    the order they are read in, and a deleted user stays deleted."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[float, Profile]] = {}
        self._deleted: set[str] = set()

    def save(self, user_id: str, profile: Profile, at: float) -> None:
        current = self._rows.get(user_id)
        if user_id not in self._deleted and (current is None or current[0] <= at):
            self._rows[user_id] = (at, profile)

    def forget(self, user_id: str) -> None:
        self._rows.pop(user_id, None)
        self._deleted.add(user_id)

    def get(self, user_id: str) -> Profile | None:
        row = self._rows.get(user_id)
        return None if row is None else row[1]

    def __len__(self) -> int:
        return len(self._rows)

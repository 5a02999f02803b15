"""Profiles: display names and proficiencies, kept in memory from the profile events (the service's read model)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    display_name: str
    proficiency: int | None


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

    def proficiency(self, user_id: str, asked: int | None) -> int | None:
        """What a request is matched by: the proficiency it asks with, else its user's profile's (else unknown)."""
        if asked is not None:
            return asked
        profile = self.get(user_id)
        return None if profile is None else profile.proficiency

    def display_name(self, user_id: str) -> str | None:
        """The name a partner is shown (None: not known yet)."""
        profile = self.get(user_id)
        return None if profile is None else profile.display_name

    def __len__(self) -> int:
        return len(self._rows)

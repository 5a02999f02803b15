"""An account as the use cases see it, and how a new one starts out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from contracts.common import Language
from user_svc.domain.access import Role
from user_svc.domain.fields import NewAccount, default_avatar_color, username_key


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    username: str
    password_hash: str
    display_name: str
    avatar_color: str
    avatar_url: str | None
    language: Language
    proficiency: int | None
    timezone: str
    roles: tuple[str, ...]
    created_at: datetime

    @property
    def username_key(self) -> str:
        return username_key(self.username)

    def has_role(self, role: Role) -> bool:
        return role.value in self.roles

    def changes(self, values: Mapping[str, object]) -> dict[str, object]:
        """The subset of ``values`` that differs from what the account holds now."""
        return {field: value for field, value in values.items() if getattr(self, field) != value}


def open_account(new: NewAccount, *, user_id: str, password_hash: str, now: datetime) -> Account:
    """A new account: the plain ``user`` role, the default language, a colour of its own, UTC until told."""
    return Account(
        user_id=user_id,
        email=new.email,
        username=new.username,
        password_hash=password_hash,
        display_name=new.display_name,
        avatar_color=default_avatar_color(new.username),
        avatar_url=None,
        language=Language.PYTHON,
        proficiency=None,
        timezone="UTC",
        roles=(Role.USER.value,),
        created_at=now,
    )

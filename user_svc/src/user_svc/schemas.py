"""The HTTP shapes of the accounts API (docs/api-accounts.md): bodies, responses and documented errors.

Request bodies take plain types on purpose: the field rules, and their messages, are the domain's. Their schemas
still state those rules (lengths, patterns, formats), taken from the domain's own (``SCHEMA_RULES``), so the
OpenAPI document says what is enforced; the domain enforces them, field by field, with its messages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from pydantic.json_schema import SkipJsonSchema

from contracts.common import Language
from svc_kit.errors import error_responses
from user_svc.domain import Account
from user_svc.domain.fields import SCHEMA_RULES

LANGUAGES: list[JsonValue] = [lang.value for lang in Language]

# Responses always carry every field, defaults included: the OpenAPI document says so (the web client's types
# are generated from it).
_RESPONSE = ConfigDict(json_schema_serialization_defaults_required=True)


class User(BaseModel):
    model_config = _RESPONSE

    id: str = Field(examples=["01JDQ3M0Z8W5B7N2K4R6T8V0XY"])
    email: str = Field(examples=["ada@example.com"])
    username: str = Field(examples=["ada"])
    display_name: str = Field(examples=["Ada Lovelace"])
    avatar_color: str = Field(examples=["#6d28d9"])
    avatar_url: str | None = None
    language: Language
    proficiency: int | None = Field(default=None, ge=1, le=5)
    timezone: str = Field(examples=["Europe/London"])
    roles: list[str] = Field(examples=[["user"]])
    created_at: datetime

    @classmethod
    def of(cls, account: Account) -> User:
        return cls(
            id=account.user_id,
            email=account.email,
            username=account.username,
            display_name=account.display_name,
            avatar_color=account.avatar_color,
            avatar_url=account.avatar_url,
            language=account.language,
            proficiency=account.proficiency,
            timezone=account.timezone,
            roles=list(account.roles),
            created_at=account.created_at,
        )


class Session(BaseModel):
    model_config = _RESPONSE

    user: User
    access_token: str = Field(description="EdDSA JWT; send as `Authorization: Bearer <access_token>`")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme, not a secret
    expires_in: int = Field(description="seconds the access token is valid", examples=[900])


class UserPage(BaseModel):
    model_config = _RESPONSE

    items: list[User]
    total: int = Field(ge=0)


class Jwks(BaseModel):
    keys: list[dict[str, Any]] = Field(description="RFC 7517 public keys (OKP / Ed25519), by `kid`")


def _rules(field: str) -> dict[str, JsonValue]:
    """The domain's rule of ``field``, for its schema (the domain, not pydantic, enforces it)."""
    return dict(SCHEMA_RULES[field])


def _ruled(field: str, **kwargs: Any) -> Any:
    return Field(json_schema_extra=_rules(field), **kwargs)


class SignupIn(BaseModel):
    email: str = _ruled("email", description="a valid address, stored lower-case, at most 254 characters")
    username: str = _ruled(
        "username", description="3-30 letters, digits, _ or -, starting with a letter (trimmed); unique in any case"
    )
    password: str = _ruled(
        "password",
        description="10-128 characters, not one repeated character, not the email or username, and hard to guess "
        "(zxcvbn's score 3 of 4 or more, with the email, username and display name as words it tries)",
    )
    display_name: str | None = Field(
        default=None,
        description="1-64 characters after trimming; default (also when blank): the username",
        json_schema_extra=lambda field: _nullable_rules(field, "signup_display_name"),
    )


def _typed_password() -> Any:
    return Field(max_length=1024, description="as typed (bounded, so nobody makes us hash a megabyte)")


class LoginIn(BaseModel):
    login: str = Field(max_length=254, description="email address or username")
    password: str = _typed_password()


def _nullable_rules(field: dict[str, JsonValue], rule: str) -> None:
    """``field`` is ``anyOf: [string-or-integer, null]``: the rule applies to the non-null branch."""
    branches = field.get("anyOf")
    assert isinstance(branches, list)
    for branch in branches:
        if isinstance(branch, dict) and branch.get("type") != "null":
            branch.update(_rules(rule))


def _optional(rule: str | None = None, **extra: JsonValue) -> Any:
    """A field that may be left out but never null: the schema says so, and a null sent anyway reaches the domain
    (which refuses it with the field's own message)."""

    def schema(field: dict[str, JsonValue]) -> None:
        field.pop("default", None)
        field.update((_rules(rule) if rule else {}) | extra)

    return Field(default=None, json_schema_extra=schema)


class ProfilePatch(BaseModel):
    """Only the fields sent are changed; ``null`` clears ``avatar_url`` and ``proficiency``."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | SkipJsonSchema[None] = _optional("display_name", description="1-64 characters after trimming")
    avatar_color: str | SkipJsonSchema[None] = _optional("avatar_color", description="#rrggbb", examples=["#6d28d9"])
    avatar_url: str | None = Field(
        default=None,
        description="an https URL (a host name, an optional port and path), or null",
        json_schema_extra=lambda field: _nullable_rules(field, "avatar_url"),
    )
    language: str | SkipJsonSchema[None] = _optional(enum=LANGUAGES)
    proficiency: int | None = Field(
        default=None, description="1-5, or null", json_schema_extra=lambda field: _nullable_rules(field, "proficiency")
    )
    timezone: str | SkipJsonSchema[None] = _optional(
        "timezone", description="a name in the IANA time zone database", examples=["Europe/London"]
    )


class PasswordChangeIn(BaseModel):
    current_password: str = _typed_password()
    new_password: str = _ruled("password", description="the same rules as at sign-up")


class DeleteAccountIn(BaseModel):
    password: str = _typed_password()


_ERRORS: dict[int, dict[str, Any]] = {
    401: {"description": "`unauthenticated`: no valid access token, refresh cookie or password"},
    403: {"description": "`forbidden`: the admin role is needed"},
    404: {"description": "`not_found`: no such user"},
    409: {"description": "`conflict`: email or username taken (`details.fields`), or removing one's own admin role"},
    422: {"description": "`invalid_input`: `details.fields` maps each field to what to fix"},
    429: {
        "description": "`rate_limited`: too many failed attempts; `details.retry_after_s`",
        "headers": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
    },
}
SET_COOKIE = {
    "Set-Cookie": {
        "description": "`pp_refresh`: the refresh token (httpOnly, SameSite=Strict, Path=/api/users/auth)",
        "schema": {"type": "string"},
    }
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error responses of a route, all in the one error shape."""
    return error_responses(_ERRORS, *statuses)


def with_cookie(status: int, description: str, *statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"description": description, "headers": SET_COOKIE}, **errors(*statuses)}

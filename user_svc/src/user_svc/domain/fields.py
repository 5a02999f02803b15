"""Account fields: what each may hold, normalised, with a message a person can act on for each problem."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones

from contracts.common import Language
from user_svc.domain.errors import InvalidFields
from user_svc.domain.strength import personal_words, weakness

EMAIL_MAX = 254
USERNAME_MIN, USERNAME_MAX = 3, 30
PASSWORD_MIN, PASSWORD_MAX = 10, 128
DISPLAY_NAME_MAX = 64
AVATAR_URL_MAX = 2048

MESSAGES = {
    "email_invalid": "Enter a valid email address, like ada@example.com.",
    "email_long": f"Use at most {EMAIL_MAX} characters.",
    "username_length": f"Use {USERNAME_MIN} to {USERNAME_MAX} characters.",
    "username_start": "Start with a letter.",
    "username_chars": "Use only letters, digits, _ or -.",
    "password_short": f"Use at least {PASSWORD_MIN} characters.",
    "password_long": f"Use at most {PASSWORD_MAX} characters.",
    "password_repeated": "Use more than one different character.",
    "password_is_email": "Don't use your email address as your password.",
    "password_is_username": "Don't use your username as your password.",
    "display_name_length": f"Use 1 to {DISPLAY_NAME_MAX} characters.",
    "avatar_color": "Use a colour like #6d28d9.",
    "avatar_url": "Use an https:// address, or leave it empty.",
    "language": f"Choose one of {', '.join(lang.value for lang in Language)}.",
    "proficiency": "Choose a level from 1 to 5, or leave it empty.",
    "timezone": "Use a time zone name like Europe/London.",
    "email_taken": "An account with this email address already exists.",
    "username_taken": "This username is taken.",
}


def _class(chars: str, *, negated: bool = False) -> str:
    """A regex character class of exactly these characters, as ``\\uXXXX`` ranges: Python's ``re`` and ECMA-262
    (the dialect of an OpenAPI ``pattern``) read it alike."""
    codes = sorted(map(ord, chars))
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return f"[{'^' if negated else ''}{body}]"


# What str.strip() trims (every character str.isspace() accepts), and anything else.
_SPACE_CHARS = "".join(c for c in map(chr, range(0x10000)) if c.isspace())
_SPACE, _NOT_SPACE = _class(_SPACE_CHARS), _class(_SPACE_CHARS, negated=True)
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_EMAIL_CORE = rf"{_ATEXT}+(?:\.{_ATEXT}+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+[A-Za-z]{{2,63}}"
_USERNAME_CORE = rf"[A-Za-z][A-Za-z0-9_-]{{{USERNAME_MIN - 1},{USERNAME_MAX - 1}}}"
_NAME_CORE = rf"{_NOT_SPACE}(?:[\s\S]{{0,{DISPLAY_NAME_MAX - 2}}}{_NOT_SPACE})?"  # 1 to 64 characters once trimmed
_HOST = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"

# The rules as regular expressions, each read whole (fullmatch) and in one dialect: the checks below use them, and
# the API's schema publishes them (SCHEMA_RULES), so what the OpenAPI document says is what is enforced.
EMAIL_PATTERN = rf"^{_EMAIL_CORE}$"  # after normalising (NFKC, trimmed)
USERNAME_PATTERN = rf"^{_USERNAME_CORE}$"  # after normalising (NFC, trimmed)
COLOR_PATTERN = r"^#[0-9a-fA-F]{6}$"
AVATAR_URL_PATTERN = rf"^https://{_HOST}(?::[0-9]{{1,5}})?(?:[/?#]{_NOT_SPACE}*)?$"
TWO_DIFFERENT_CHARACTERS = r"([\s\S])(?!\1)[\s\S]"  # somewhere, a character followed by another one (search)
_EMAIL = re.compile(EMAIL_PATTERN)
_USERNAME_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")
_COLOR = re.compile(COLOR_PATTERN)
_AVATAR_URL = re.compile(AVATAR_URL_PATTERN)

# JSON Schema keywords of each field as sent (before the trimming the checks do), for the request bodies' schemas.
# Not enforced by the schema layer: the checks below are, with their own messages. Not expressible here: the
# password differing from the email and username and being hard to guess (zxcvbn), and the time zone being in this
# server's tz database.
SCHEMA_RULES: dict[str, dict[str, str | int]] = {
    "email": {"maxLength": EMAIL_MAX, "pattern": rf"^{_SPACE}*{_EMAIL_CORE}{_SPACE}*$"},
    "username": {"pattern": rf"^{_SPACE}*{_USERNAME_CORE}{_SPACE}*$"},
    "password": {"minLength": PASSWORD_MIN, "maxLength": PASSWORD_MAX, "pattern": TWO_DIFFERENT_CHARACTERS},
    "signup_display_name": {"pattern": rf"^{_SPACE}*(?:{_NAME_CORE})?{_SPACE}*$"},  # blank: the username
    "display_name": {"pattern": rf"^{_SPACE}*{_NAME_CORE}{_SPACE}*$"},
    "avatar_color": {"pattern": COLOR_PATTERN},
    "avatar_url": {"maxLength": AVATAR_URL_MAX, "pattern": AVATAR_URL_PATTERN},
    "proficiency": {"minimum": 1, "maximum": 5},
    "timezone": {"format": "iana-time-zone"},
}
PALETTE = ("#6d28d9", "#2563eb", "#0891b2", "#059669", "#65a30d", "#d97706", "#dc2626", "#db2777")
PROFILE_FIELDS = ("display_name", "avatar_color", "avatar_url", "language", "proficiency", "timezone")
_PROFILE_MESSAGE = {"display_name": "display_name_length"}


def normalise_email(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().lower()


def username_key(value: str) -> str:
    """What usernames are unique by (and looked up by): case-insensitive."""
    return unicodedata.normalize("NFKC", value).strip().lower()


def email_problem(email: str) -> str | None:
    if len(email) > EMAIL_MAX:
        return MESSAGES["email_long"]
    if _EMAIL.fullmatch(email) is None:  # no 64-character bound on the local part: a pattern cannot say it
        return MESSAGES["email_invalid"]  # beside the dot-atom rule without a lookahead (254 in all still holds)
    return None


def username_problem(username: str) -> str | None:
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        return MESSAGES["username_length"]
    if not ("a" <= username[0].lower() <= "z"):
        return MESSAGES["username_start"]
    if not _USERNAME_CHARS.fullmatch(username):
        return MESSAGES["username_chars"]
    return None


def password_problem(password: str, *, email: str, username: str, display_name: str = "") -> str | None:
    """Passwords are checked as typed: never trimmed or case-folded before hashing. Last, how guessable it is
    (``strength``), with the person's details as words a guesser would try."""
    if len(password) < PASSWORD_MIN:
        return MESSAGES["password_short"]
    if len(password) > PASSWORD_MAX:
        return MESSAGES["password_long"]
    if len(set(password)) == 1:
        return MESSAGES["password_repeated"]
    if email and password.casefold() == email.casefold():
        return MESSAGES["password_is_email"]
    if username and password.casefold() == username.casefold():
        return MESSAGES["password_is_username"]
    return weakness(password, max_length=PASSWORD_MAX, user_inputs=personal_words(email, username, display_name))


def clean_display_name(value: str) -> str | None:
    """The trimmed name, or None when it breaks the rule."""
    name = unicodedata.normalize("NFC", value).strip()
    return name if 1 <= len(name) <= DISPLAY_NAME_MAX else None


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def default_avatar_color(username: str) -> str:
    digest = hashlib.sha256(username_key(username).encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


@dataclass(frozen=True)
class NewAccount:
    email: str
    username: str
    password: str
    display_name: str


def validate_signup(email: str, username: str, password: str, display_name: str | None) -> NewAccount:
    """Every field checked at once, so the form shows every problem together."""
    too_long = len(email) > EMAIL_MAX  # as sent, as the schema says, and once normalised
    email, username = normalise_email(email), unicodedata.normalize("NFC", username).strip()
    problems = {
        "email": MESSAGES["email_long"] if too_long else email_problem(email),
        "username": username_problem(username),
    }
    name = username
    if display_name is not None and display_name.strip():  # an empty optional field means "not given"
        cleaned = clean_display_name(display_name)
        problems["display_name"] = None if cleaned else MESSAGES["display_name_length"]
        name = cleaned or name
    problems["password"] = password_problem(password, email=email, username=username, display_name=name)
    fields = {field: message for field, message in problems.items() if message}
    if fields:
        raise InvalidFields(fields)
    return NewAccount(email=email, username=username, password=password, display_name=name)


def validate_profile_changes(changes: Mapping[str, object]) -> dict[str, object]:
    """Normalised values of the profile fields given (``None`` clears a nullable one); every problem at once."""
    values: dict[str, object] = {}
    fields: dict[str, str] = {}
    for field, raw in changes.items():
        value, ok = _profile_value(field, raw)
        if ok:
            values[field] = value
        else:
            fields[field] = MESSAGES[_PROFILE_MESSAGE.get(field, field)]
    if fields:
        raise InvalidFields(fields)
    return values


def _profile_value(field: str, raw: object) -> tuple[object, bool]:
    if field == "display_name":
        name = clean_display_name(raw) if isinstance(raw, str) else None
        return name, name is not None
    if field == "avatar_color":
        return (raw.lower(), True) if isinstance(raw, str) and _COLOR.fullmatch(raw) else (None, False)
    if field == "avatar_url":
        return raw, raw is None or (isinstance(raw, str) and _is_https_url(raw))
    if field == "language":
        return (Language(raw), True) if raw in {lang.value for lang in Language} else (None, False)
    if field == "proficiency":
        return raw, raw is None or (type(raw) is int and 1 <= raw <= 5)
    if field == "timezone":
        return raw, isinstance(raw, str) and raw in _zones()
    raise ValueError(f"not a profile field: {field}")


def _is_https_url(value: str) -> bool:
    return len(value) <= AVATAR_URL_MAX and _AVATAR_URL.fullmatch(value) is not None

"""Account field rules: every rule, its message, and normalisation (pure, no I/O)."""

from uuid import UUID

import jsonschema_rs
import pytest

from contracts import Language, uuid7
from user_svc.domain import (
    MESSAGES,
    PROFILE_FIELDS,
    InvalidFields,
    OwnAdminRole,
    Role,
    check_role_removal,
    default_avatar_color,
    normalise_email,
    password_problem,
    user_id_from,
    username_key,
    validate_profile_changes,
    validate_signup,
    with_role,
    without_role,
)
from user_svc.domain.fields import SCHEMA_RULES
from user_svc.domain.strength import TOO_GUESSABLE

GOOD = {"email": "ada@example.com", "username": "ada", "password": "correct horse battery", "display_name": None}


def fields_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InvalidFields) as caught:
        validate_signup(**{**GOOD, **changes})  # type: ignore[arg-type]
    return caught.value.fields


def test_a_valid_sign_up_is_normalised() -> None:
    account = validate_signup("  Ada.Lovelace@Example.COM ", "  Ada_1 ", "correct horse battery", None)
    assert account.email == "ada.lovelace@example.com"
    assert account.username == "Ada_1"  # kept as typed, unique by username_key
    assert account.display_name == "Ada_1"  # defaults to the username
    assert username_key(" Ada_1 ") == "ada_1"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "email_invalid"),
        ("ada", "email_invalid"),
        ("ada@", "email_invalid"),
        ("ada@example", "email_invalid"),
        ("ada @example.com", "email_invalid"),
        ("ada..l@example.com", "email_invalid"),
        (".ada@example.com", "email_invalid"),
        ("ada@-example.com", "email_invalid"),
        ("ada@example.c", "email_invalid"),
        ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".com", "email_long"),
    ],
)
def test_invalid_emails_are_refused_with_a_message(email: str, message: str) -> None:
    assert fields_of(email=email)["email"] == MESSAGES[message]


@pytest.mark.parametrize("email", ["ada@example.com", "ada+pp@mail.example.co.uk", "o'neil@example.org", "A@B.IO"])
def test_valid_emails_pass(email: str) -> None:
    assert validate_signup(**{**GOOD, "email": email}).email == normalise_email(email)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("ab", "username_length"),
        ("a" * 31, "username_length"),
        ("1ada", "username_start"),
        ("_ada", "username_start"),
        ("ada lovelace", "username_chars"),
        ("ada.l", "username_chars"),
        ("adé", "username_chars"),
    ],
)
def test_invalid_usernames_are_refused_with_a_message(username: str, message: str) -> None:
    assert fields_of(username=username)["username"] == MESSAGES[message]


@pytest.mark.parametrize("username", ["ada", "Ada-L_99", "a" * 30, "abc"])
def test_valid_usernames_pass(username: str) -> None:
    assert validate_signup(**{**GOOD, "username": username}).username == username  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "password_short"),
        ("nine char", "password_short"),
        ("x" * 129, "password_long"),
        ("aaaaaaaaaaaa", "password_repeated"),
        ("ADA@example.com", "password_is_email"),
        ("Ada_lovelace", "password_is_username"),
    ],
)
def test_weak_passwords_are_refused_with_a_message(password: str, message: str) -> None:
    problem = password_problem(password, email="ada@example.com", username="ada_lovelace")
    assert problem == MESSAGES[message]


def test_the_contract_example_message_is_exact() -> None:
    assert fields_of(password="short")["password"] == "Use at least 10 characters."


def test_passwords_are_never_trimmed() -> None:
    assert validate_signup(**{**GOOD, "password": "  spaced out pass  "}).password == "  spaced out pass  "  # type: ignore[arg-type]
    assert password_problem("x" * 10, email="", username="") == MESSAGES["password_repeated"]
    assert password_problem("vq8#Lm2!xZ", email="a@b.io", username="abc") is None  # 10 characters, strong


def test_every_problem_is_reported_at_once() -> None:
    fields = fields_of(email="nope", username="1", password="short", display_name="x" * 65)
    assert set(fields) == {"email", "username", "password", "display_name"}
    assert fields["display_name"] == MESSAGES["display_name_length"]


def test_display_name_is_trimmed_and_an_empty_one_means_the_username() -> None:
    assert validate_signup(**{**GOOD, "display_name": "  Ada Lovelace  "}).display_name == "Ada Lovelace"  # type: ignore[arg-type]
    assert validate_signup(**{**GOOD, "display_name": "   "}).display_name == "ada"  # type: ignore[arg-type]
    assert validate_signup(**{**GOOD, "display_name": "x" * 64}).display_name == "x" * 64  # type: ignore[arg-type]


def test_profile_changes_are_normalised() -> None:
    values = validate_profile_changes(
        {
            "display_name": "  Grace  ",
            "avatar_color": "#6D28D9",
            "avatar_url": "https://example.com/a.png",
            "language": "java",
            "proficiency": 3,
            "timezone": "Europe/London",
        }
    )
    assert values == {
        "display_name": "Grace",
        "avatar_color": "#6d28d9",
        "avatar_url": "https://example.com/a.png",
        "language": Language.JAVA,
        "proficiency": 3,
        "timezone": "Europe/London",
    }
    assert validate_profile_changes({"avatar_url": None, "proficiency": None}) == {
        "avatar_url": None,
        "proficiency": None,
    }
    assert validate_profile_changes({}) == {}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "   ", "display_name_length"),
        ("display_name", None, "display_name_length"),
        ("display_name", "x" * 65, "display_name_length"),
        ("avatar_color", "purple", "avatar_color"),
        ("avatar_color", "#6d28d", "avatar_color"),
        ("avatar_color", None, "avatar_color"),
        ("avatar_color", "#6d28d9\n", "avatar_color"),  # a $ that also matched before a final newline
        ("avatar_url", "http://example.com/a.png", "avatar_url"),
        ("avatar_url", "https://", "avatar_url"),
        ("avatar_url", "https://exa mple.com/", "avatar_url"),
        ("avatar_url", "javascript:alert(1)", "avatar_url"),
        ("avatar_url", "https://[example.com/", "avatar_url"),  # urlsplit raised on it: a 500
        ("avatar_url", "\x01https://example.com/", "avatar_url"),  # urlsplit dropped the control character
        ("avatar_url", "HTTPS://example.com/", "avatar_url"),
        ("language", "rust", "language"),
        ("language", None, "language"),
        ("proficiency", 0, "proficiency"),
        ("proficiency", 6, "proficiency"),
        ("proficiency", True, "proficiency"),
        ("timezone", "Mars/Olympus", "timezone"),
        ("timezone", None, "timezone"),
    ],
)
def test_invalid_profile_values_are_refused_with_a_message(field: str, value: object, message: str) -> None:
    with pytest.raises(InvalidFields) as caught:
        validate_profile_changes({field: value})
    assert caught.value.fields == {field: MESSAGES[message]}


def test_profile_fields_are_the_contracts() -> None:
    assert set(PROFILE_FIELDS) == {"display_name", "avatar_color", "avatar_url", "language", "proficiency", "timezone"}


def test_the_default_avatar_colour_is_stable_per_username() -> None:
    assert default_avatar_color("Ada") == default_avatar_color("ada")
    assert default_avatar_color("ada").startswith("#")


def test_user_ids_are_ulids_that_sort_by_creation() -> None:
    first, second = uuid7(1_700_000_000_000), uuid7(1_700_000_000_001)
    a, b = user_id_from(first), user_id_from(second)
    assert len(a) == 26
    assert a < b
    assert user_id_from(UUID(int=0)) == "0" * 26
    assert set(a) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_roles_always_include_user_and_an_admin_cannot_drop_their_own() -> None:
    assert with_role([], Role.ADMIN) == ["user", "admin"]
    assert with_role(["user", "admin"], Role.ADMIN) == ["user", "admin"]
    assert without_role(["user", "admin"], Role.ADMIN) == ["user"]
    assert without_role(["user"], Role.USER) == ["user"]
    check_role_removal(Role.ADMIN, actor_id="a", target_id="b")
    with pytest.raises(OwnAdminRole):
        check_role_removal(Role.ADMIN, actor_id="a", target_id="a")


def test_a_new_account_starts_plain_and_reports_only_real_changes() -> None:
    from datetime import UTC, datetime

    from user_svc.domain import open_account

    new = validate_signup("Ada@Example.com", "Ada", "correct horse battery", "Ada L")
    account = open_account(new, user_id="01A", password_hash="h", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert (account.roles, account.language, account.timezone, account.avatar_url) == (
        ("user",),
        Language.PYTHON,
        "UTC",
        None,
    )
    assert account.username_key == "ada"
    assert account.has_role(Role.USER)
    assert not account.has_role(Role.ADMIN)
    assert account.changes({"display_name": "Ada L", "language": Language.JAVA}) == {"language": Language.JAVA}


def test_an_email_is_at_most_254_characters_as_sent_too() -> None:
    email = "a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 56 + ".com"
    assert len(email) == 254
    assert validate_signup(**{**GOOD, "email": email}).email == email  # type: ignore[arg-type]
    assert fields_of(email=f" {email}")["email"] == MESSAGES["email_long"]  # what the schema's maxLength says


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", " Ada@Example.COM\t"),
        ("email", "ada@example"),
        ("email", "ada@example.com\n"),
        ("email", "ada.@example.com"),
        ("username", "\u3000Ada_1 "),
        ("username", "ab"),
        ("username", "a" * 30),
        ("username", "a" * 31),
        ("username", "1ada"),
        ("username", "ada\n"),
        ("password", "x" * 10),
        ("password", "xxxxxxxxxy"),
        ("password", "x" * 9 + "\n"),
        ("password", "correct horse battery"),
        ("password", "y" * 129),
        ("signup_display_name", "   "),
        ("signup_display_name", " Ada Lovelace "),
        ("signup_display_name", "x" * 64),
        ("signup_display_name", "x" * 65),
        ("display_name", "   "),
        ("display_name", "\u2003x" + " " * 70 + "y\n"),
        ("display_name", "x" + " " * 62 + "y"),
        ("avatar_color", "#6D28D9"),
        ("avatar_color", "#6d28d9\n"),
        ("avatar_url", "https://example.com:8443/a b"),
        ("avatar_url", "https://example.com/a.png?s=2#x"),
        ("avatar_url", "https://a"),
        ("avatar_url", "https://a" + "/" * 2039),
        ("avatar_url", "https://a" + "/" * 2040),
    ],
)
def test_the_schema_rules_say_what_the_checks_accept(field: str, value: str) -> None:
    """SCHEMA_RULES, read by a JSON Schema validator as the OpenAPI document's readers do (ECMA-262 patterns),
    accept a value exactly when the domain's checks do."""
    by_schema = jsonschema_rs.validator_for({"type": "string", **SCHEMA_RULES[field]}).is_valid(value)
    assert by_schema is (_domain_problems(field, value) == {}), (field, value)


def _domain_problems(field: str, value: str) -> dict[str, str]:
    good = {**GOOD, "username": "someone"}
    try:
        if field in ("email", "username", "password"):
            validate_signup(**{**good, field: value})  # type: ignore[arg-type]
        elif field == "signup_display_name":
            validate_signup(**{**good, "display_name": value})  # type: ignore[arg-type]
        else:
            validate_profile_changes({field: value})
    except InvalidFields as exc:  # how guessable a password is no schema can say (zxcvbn): not compared here
        return {k: v for k, v in exc.fields.items() if not v.startswith(TOO_GUESSABLE)}
    return {}

"""The accounts API end to end (docs/api-accounts.md), through user_svc's HTTP API with real Kafka and MongoDB."""

from collections.abc import Callable
from typing import Any

from accounts_helpers import COOKIE, PASSWORD, bearer, error_of, post_with_cookie, signup, user_settings

from contracts.events.user import UserRegistered, UserUpdated
from peerprep_testing import EventLog, Servers, running
from user_svc.app import create_app

NEW_PASSWORD = "a brand new passphrase"


async def test_sign_up_profile_password_change_and_log_out(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with (
        EventLog(servers, prefix, UserRegistered) as registered,
        EventLog(servers, prefix, UserUpdated) as updated,
        running(create_app(user_settings(settings_for))) as client,
    ):
        response = await client.post(
            "/api/users/auth/signup",
            json={"email": " Ada@Example.com ", "username": "Ada", "password": PASSWORD, "display_name": " Ada L "},
            headers={"X-Correlation-ID": "signup-trace"},
        )
        assert response.status_code == 201, response.text
        session = response.json()
        user = session["user"]
        assert set(session) == {"user", "access_token", "token_type", "expires_in"}
        assert (session["token_type"], session["expires_in"]) == ("bearer", 900)
        assert set(user) == {
            "id", "email", "username", "display_name", "avatar_color", "avatar_url",
            "language", "proficiency", "timezone", "roles", "created_at",
        }  # fmt: skip
        assert (user["email"], user["username"], user["display_name"]) == ("ada@example.com", "Ada", "Ada L")
        assert (user["language"], user["proficiency"], user["avatar_url"], user["roles"]) == (
            "python",
            None,
            None,
            ["user"],
        )
        assert user["created_at"].endswith("Z")
        cookie = response.headers["set-cookie"]
        assert f"{COOKIE}=" in cookie
        for attribute in ("HttpOnly", "SameSite=strict", "Path=/api/users/auth", "Max-Age=1209600"):
            assert attribute.lower() in cookie.lower(), cookie
        assert "secure" not in cookie.lower()  # plain-http localhost; production refuses this setting
        first_refresh = response.cookies[COOKIE]

        me = await client.get("/api/users/me", headers=bearer(session))
        assert me.json() == user

        patch = {"display_name": "Ada Lovelace", "language": "cpp", "proficiency": 4, "timezone": "Europe/London"}
        patched = await client.patch("/api/users/me", json=patch, headers=bearer(session))
        assert patched.status_code == 200, patched.text
        assert {k: patched.json()[k] for k in patch} == patch
        unchanged = await client.patch("/api/users/me", json={"avatar_color": "#6D28D9"}, headers=bearer(session))
        assert unchanged.json()["avatar_color"] == "#6d28d9"

        [reg] = await registered.wait_for(1)
        at_signup, upd = await updated.wait_for(2)  # the compacted topic gets the profile at sign-up too
        assert reg.payload == UserRegistered(user_id=user["id"], display_name="Ada L")
        assert reg.correlation_id == "signup-trace"
        assert at_signup.payload == UserUpdated(user_id=user["id"], display_name="Ada L")
        assert upd.payload == UserUpdated(
            user_id=user["id"], display_name="Ada Lovelace", language="cpp", proficiency=4
        )

        other = await client.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})
        other_refresh = other.cookies[COOKIE]
        changed = await client.post(
            "/api/users/me/password",
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            headers=bearer(session),
        )
        assert changed.status_code == 200, changed.text
        new_refresh = changed.cookies[COOKIE]
        for old in (first_refresh, other_refresh):  # every earlier sign-in has ended
            assert (await post_with_cookie(client, "/api/users/auth/refresh", old)).status_code == 401
        assert (await post_with_cookie(client, "/api/users/auth/refresh", new_refresh)).status_code == 200
        old_password = await client.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})
        assert old_password.status_code == 401
        new_login = await client.post(
            "/api/users/auth/login", json={"login": "ADA@example.com", "password": NEW_PASSWORD}
        )
        assert new_login.status_code == 200

        latest = new_login.cookies[COOKIE]
        out = await post_with_cookie(client, "/api/users/auth/logout", latest)
        assert out.status_code == 204
        assert f'{COOKIE}=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
        assert (await post_with_cookie(client, "/api/users/auth/refresh", latest)).status_code == 401
        assert (await post_with_cookie(client, "/api/users/auth/logout", None)).status_code == 204  # idempotent
        assert len(await updated.drain(quiet_s=0.5)) == 2  # the colour is not part of the published profile


async def test_log_in_by_email_or_username_and_one_answer_for_every_failure(settings_for: Callable[..., Any]) -> None:
    async with running(create_app(user_settings(settings_for))) as client:
        await signup(client, "grace")
        for login in ("grace@example.com", " GRACE@EXAMPLE.COM", "grace", "Grace"):
            response = await client.post("/api/users/auth/login", json={"login": login, "password": PASSWORD})
            assert response.status_code == 200, (login, response.text)
            assert response.json()["user"]["username"] == "grace"
            assert response.cookies[COOKIE]
        wrong = await client.post("/api/users/auth/login", json={"login": "grace", "password": "not the password"})
        unknown = await client.post("/api/users/auth/login", json={"login": "nobody", "password": PASSWORD})
        assert wrong.status_code == unknown.status_code == 401
        assert (
            error_of(wrong)
            == error_of(unknown)
            == {
                "code": "unauthenticated",
                "message": "Email/username or password is incorrect.",
            }
        )


async def test_taken_email_or_username_is_409_and_bad_fields_are_422(settings_for: Callable[..., Any]) -> None:
    async with running(create_app(user_settings(settings_for))) as client:
        await signup(client, "alan")
        both = await client.post(
            "/api/users/auth/signup", json={"email": "ALAN@example.com", "username": "ALAN", "password": PASSWORD}
        )
        assert both.status_code == 409
        assert error_of(both)["code"] == "conflict"
        assert error_of(both)["details"]["fields"] == {
            "email": "An account with this email address already exists.",
            "username": "This username is taken.",
        }
        name_only = await client.post(
            "/api/users/auth/signup", json={"email": "turing@example.com", "username": "Alan", "password": PASSWORD}
        )
        assert set(error_of(name_only)["details"]["fields"]) == {"username"}

        weak = await client.post(
            "/api/users/auth/signup", json={"email": "x@example.com", "username": "xavier", "password": "short"}
        )
        assert weak.status_code == 422
        assert error_of(weak) == {
            "code": "invalid_input",
            "message": "Please fix the highlighted fields.",
            "details": {"fields": {"password": "Use at least 10 characters."}},
        }
        missing = await client.post("/api/users/auth/signup", json={"email": "x@example.com"})
        assert missing.status_code == 422
        assert error_of(missing)["details"]["fields"] == {
            "username": "This field is required.",
            "password": "This field is required.",
        }


def allows_null(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "null" or any(allows_null(option) for option in schema.get("anyOf", []))


async def test_a_profile_field_takes_null_exactly_when_its_schema_says_so(settings_for: Callable[..., Any]) -> None:
    """The web client's types come from the OpenAPI document: a null it allows must not be refused."""
    app = create_app(user_settings(settings_for))
    async with running(app) as client:
        session = await signup(client, "barbara")
        patch = app.openapi()["components"]["schemas"]["ProfilePatch"]["properties"]
        nullable = {field for field, schema in patch.items() if allows_null(schema)}
        assert nullable == {"avatar_url", "proficiency"}  # null clears these; the others have no "no value"
        for field in patch:
            response = await client.patch("/api/users/me", json={field: None}, headers=bearer(session))
            if field in nullable:
                assert (response.status_code, response.json()[field]) == (200, None), response.text
            else:
                assert response.status_code == 422, response.text
                assert set(error_of(response)["details"]["fields"]) == {field}


async def test_profile_changes_are_checked_field_by_field(settings_for: Callable[..., Any]) -> None:
    async with running(create_app(user_settings(settings_for))) as client:
        session = await signup(client, "edsger")
        bad = await client.patch(
            "/api/users/me",
            json={
                "avatar_color": "red",
                "avatar_url": "http://x.io/a.png",
                "timezone": "Nowhere/Land",
                "email": "e@x.io",
            },
            headers=bearer(session),
        )
        assert bad.status_code == 422
        assert set(error_of(bad)["details"]["fields"]) == {"email"}  # unknown fields are refused first
        bad = await client.patch(
            "/api/users/me",
            json={"avatar_color": "red", "avatar_url": "http://x.io/a.png", "timezone": "Nowhere/Land"},
            headers=bearer(session),
        )
        assert error_of(bad)["details"]["fields"] == {
            "avatar_color": "Use a colour like #6d28d9.",
            "avatar_url": "Use an https:// address, or leave it empty.",
            "timezone": "Use a time zone name like Europe/London.",
        }
        ok = await client.patch(
            "/api/users/me", json={"avatar_url": "https://x.io/a.png", "proficiency": 2}, headers=bearer(session)
        )
        cleared = await client.patch("/api/users/me", json={"avatar_url": None}, headers=bearer(session))
        assert (ok.json()["avatar_url"], cleared.json()["avatar_url"], cleared.json()["proficiency"]) == (
            "https://x.io/a.png",
            None,
            2,
        )
        wrong = await client.post(
            "/api/users/me/password",
            json={"current_password": "not my password", "new_password": NEW_PASSWORD},
            headers=bearer(session),
        )
        assert (wrong.status_code, error_of(wrong)["details"]["reason"]) == (401, "wrong_password")
        weak = await client.post(
            "/api/users/me/password",
            json={"current_password": PASSWORD, "new_password": "edsger"},
            headers=bearer(session),
        )
        assert error_of(weak)["details"]["fields"] == {"new_password": "Use at least 10 characters."}


async def test_the_openapi_document_describes_every_route_and_its_errors(settings_for: Callable[..., Any]) -> None:
    async with running(create_app(user_settings(settings_for))) as client:
        document = (await client.get("/openapi.json")).json()
    routes = {(path, method): op for path, ops in document["paths"].items() for method, op in ops.items()}
    ours = {key: op for key, op in routes.items() if key[0].startswith("/api/users")}
    assert len(ours) == 14
    for (path, method), op in ours.items():
        assert op.get("tags"), (path, method)
        assert op.get("summary"), (path, method)
        errors = {code for code in op["responses"] if code.startswith(("4", "5"))}
        if path != "/api/users/.well-known/jwks.json" and path != "/api/users/auth/logout":
            assert errors, (path, method)
        for code in errors:
            schema = op["responses"][code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, (path, method, code)
    assert "429" in ours[("/api/users/auth/login", "post")]["responses"]
    assert "Retry-After" in ours[("/api/users/auth/login", "post")]["responses"]["429"]["headers"]
    assert "403" in ours[("/api/users/admin/users", "get")]["responses"]
    assert "HTTPValidationError" not in document["components"]["schemas"]  # every 422 is in the one shape

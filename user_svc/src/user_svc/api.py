"""The accounts HTTP API under /api/users (docs/api-accounts.md): thin routes over the use cases, and the one
table that turns a domain error into an HTTP error."""

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from svc_kit.auth import Principal, PrincipalDependency
from svc_kit.errors import (
    AppError,
    Conflict,
    ErrorTable,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from svc_kit.validation import MESSAGE as FIX_FIELDS
from user_svc.domain import (
    PROFILE_FIELDS,
    AccountError,
    AlreadyTaken,
    BadCredentials,
    InvalidFields,
    NotAllowed,
    OwnAdminRole,
    SignInRequired,
    Throttled,
    UserNotFound,
    WrongPassword,
    client_ip,
)
from user_svc.keys import KeyService
from user_svc.roles import AdminService
from user_svc.schemas import (
    DeleteAccountIn,
    Jwks,
    LoginIn,
    PasswordChangeIn,
    ProfilePatch,
    Session,
    SignupIn,
    User,
    UserPage,
    errors,
    with_cookie,
)
from user_svc.service import AccountService
from user_svc.sessions import IssuedSession
from user_svc.settings import UserSettings

PREFIX = "/api/users"
COOKIE = "pp_refresh"
COOKIE_PATH = f"{PREFIX}/auth"
MAX_OFFSET = 10**9  # far past any real list, and far inside MongoDB's 64-bit integers
SIGN_IN_AGAIN = {
    "missing_refresh": "Sign in to continue.",
    "unknown": "Your sign-in is no longer valid; sign in again.",
    "expired": "Your sign-in has expired; sign in again.",
    "lifetime_exceeded": "You have been signed in for a long time; sign in again to continue.",
    "reused": "This sign-in was ended for your safety; sign in again.",
    "account_gone": "This account no longer exists.",
}


def wait_message(retry_after_s: int) -> str:
    """The delays start at a second: say seconds under a minute, else whole minutes (rounded up)."""
    amount, unit = (retry_after_s, "second") if retry_after_s < 60 else (math.ceil(retry_after_s / 60), "minute")
    return f"Too many failed attempts. Try again in {amount} {unit}{'s' if amount != 1 else ''}."


def _throttled(exc: Throttled) -> AppError:
    return RateLimited(wait_message(exc.retry_after_s), retry_after_s=exc.retry_after_s)


# The one place a domain error becomes an HTTP error (app.py installs it).
ERRORS = (
    ErrorTable()
    .map(InvalidFields, lambda e: InvalidInput(FIX_FIELDS, fields=e.fields))
    .map(AlreadyTaken, lambda e: Conflict("That email address or username is already in use.", fields=e.fields))
    .map(BadCredentials, lambda _: Unauthenticated("Email/username or password is incorrect."))
    .map(WrongPassword, lambda _: Unauthenticated("The password is incorrect.", reason="wrong_password"))
    .map(
        SignInRequired,
        lambda e: Unauthenticated(SIGN_IN_AGAIN.get(e.reason, SIGN_IN_AGAIN["unknown"]), reason=e.reason),
    )
    .map(Throttled, _throttled)
    .map(UserNotFound, lambda _: NotFound("There is no such user."))
    .map(NotAllowed, lambda _: Forbidden("This needs the admin role.", required_role="admin"))
    .map(OwnAdminRole, lambda _: Conflict("You cannot remove your own admin role."))
    .map(AccountError, lambda e: AppError(str(e)))  # one without a row of its own
)


class Http:
    """Cookie and client-address handling, as the settings say."""

    def __init__(self, settings: UserSettings) -> None:
        self.settings = settings

    def session(self, response: Response, issued: IssuedSession) -> Session:
        response.set_cookie(
            COOKIE,
            issued.refresh_token,
            max_age=issued.refresh_max_age_s,
            path=COOKIE_PATH,
            secure=self.settings.cookie_secure,
            httponly=True,
            samesite="strict",
        )
        response.headers["Cache-Control"] = "no-store"
        return Session(user=User.of(issued.user), access_token=issued.access_token, expires_in=issued.expires_in)

    def clear(self, response: Response) -> None:
        response.delete_cookie(
            COOKIE, path=COOKIE_PATH, secure=self.settings.cookie_secure, httponly=True, samesite="strict"
        )

    def failed(self, exc: AccountError) -> JSONResponse:
        """An error that also ends the browser's sign-in (its refresh cookie is useless now)."""
        response = ERRORS.response(exc)
        self.clear(response)
        return response

    def ip(self, request: Request) -> str:
        peer = request.client.host if request.client else None
        return client_ip(peer, request.headers.get("x-forwarded-for"), self.settings.trusted_proxies)


def auth_router(accounts: AccountService, http: Http) -> APIRouter:
    router = APIRouter(prefix=PREFIX, tags=["auth"])

    @router.post(
        "/auth/signup",
        status_code=201,
        summary="Create an account and sign in",
        response_model=Session,
        responses=with_cookie(201, "signed in", 409, 422),
    )
    async def signup(body: SignupIn, response: Response) -> Session:
        issued = await accounts.signup(body.email, body.username, body.password, body.display_name)
        return http.session(response, issued)

    @router.post(
        "/auth/login",
        summary="Sign in with email or username",
        response_model=Session,
        responses=with_cookie(200, "signed in", 401, 422, 429),
    )
    async def login(body: LoginIn, request: Request, response: Response) -> Session:
        return http.session(response, await accounts.login(body.login, body.password, ip=http.ip(request)))

    @router.post(
        "/auth/refresh",
        summary="A new access token for the refresh cookie (which rotates)",
        response_model=Session,
        responses=with_cookie(200, "refreshed", 401),
    )
    async def refresh(request: Request, response: Response) -> Session | JSONResponse:
        try:
            return http.session(response, await accounts.refresh(request.cookies.get(COOKIE)))
        except SignInRequired as exc:
            return http.failed(exc)

    @router.post(
        "/auth/logout",
        status_code=204,
        summary="Sign out: revoke this sign-in, clear the cookie",
        response_class=Response,
        responses=with_cookie(204, "signed out"),
    )
    async def logout(request: Request, response: Response) -> None:
        await accounts.logout(request.cookies.get(COOKIE))
        http.clear(response)

    return router


def me_router(accounts: AccountService, http: Http, current: PrincipalDependency) -> APIRouter:
    router = APIRouter(prefix=f"{PREFIX}/me", tags=["profile"])

    @router.get("", summary="The signed-in user", response_model=User, responses=errors(401))
    async def me(who: Annotated[Principal, Depends(current)]) -> User:
        return User.of(await accounts.me(who.user_id))

    @router.patch("", summary="Change profile fields", response_model=User, responses=errors(401, 422))
    async def update(body: ProfilePatch, who: Annotated[Principal, Depends(current)]) -> User:
        changes = body.model_dump(include=set(PROFILE_FIELDS), exclude_unset=True)
        return User.of(await accounts.update_profile(who.user_id, changes))

    @router.post(
        "/password",
        summary="Change the password; every other sign-in ends",
        response_model=Session,
        responses=with_cookie(200, "signed in again", 401, 422, 429),
    )
    async def password(
        body: PasswordChangeIn, who: Annotated[Principal, Depends(current)], request: Request, response: Response
    ) -> Session:
        ip = http.ip(request)
        issued = await accounts.change_password(who.user_id, body.current_password, body.new_password, ip=ip)
        return http.session(response, issued)

    @router.post(
        "/delete",
        status_code=204,
        summary="Delete the account and everything it owns",
        response_class=Response,
        responses=with_cookie(204, "deleted; cookie cleared", 401, 422, 429),
    )
    async def delete(
        body: DeleteAccountIn, who: Annotated[Principal, Depends(current)], request: Request, response: Response
    ) -> None:
        await accounts.delete_account(who.user_id, body.password, ip=http.ip(request))
        http.clear(response)

    return router


def admin_router(admin: AdminService, admin_principal: PrincipalDependency) -> APIRouter:
    router = APIRouter(prefix=f"{PREFIX}/admin", tags=["admin"])
    Admin = Annotated[Principal, Depends(admin_principal)]

    @router.get("/users", summary="Find users", response_model=UserPage, responses=errors(401, 403, 422))
    async def users(
        who: Admin,
        q: Annotated[str, Query(max_length=100, description="part of an email, username or display name")] = "",
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> UserPage:
        items, total = await admin.list_users(who.user_id, q, limit=limit, offset=offset)
        return UserPage(items=[User.of(u) for u in items], total=total)

    @router.put(
        "/users/{user_id}/roles/admin",
        summary="Make a user an admin",
        response_model=User,
        responses=errors(401, 403, 404, 422),
    )
    async def grant(user_id: str, who: Admin) -> User:
        return User.of(await admin.grant_admin(who.user_id, user_id))

    @router.delete(
        "/users/{user_id}/roles/admin",
        summary="Take the admin role away (not one's own)",
        response_model=User,
        responses=errors(401, 403, 404, 409, 422),
    )
    async def revoke(user_id: str, who: Admin) -> User:
        return User.of(await admin.revoke_admin(who.user_id, user_id))

    return router


def keys_router(keys: KeyService) -> APIRouter:
    router = APIRouter(prefix=PREFIX, tags=["keys"])

    @router.get("/.well-known/jwks.json", summary="Public keys that sign access tokens (JWKS)", response_model=Jwks)
    async def jwks(response: Response) -> Jwks:
        response.headers["Cache-Control"] = "public, max-age=60"
        return Jwks(keys=await keys.public_keys())

    return router

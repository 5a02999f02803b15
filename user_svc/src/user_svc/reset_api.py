"""The password reset routes under /api/users/auth (docs/api-accounts.md, "Forgotten password"): thin, over
resets.py, with their own rows of the domain-error table."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Response
from pydantic import BaseModel, Field

from svc_kit.errors import ErrorTable, InvalidInput
from user_svc.api import PREFIX, Http
from user_svc.domain import InvalidFields, normalise_email
from user_svc.domain.fields import SCHEMA_RULES, email_problem
from user_svc.domain.reset import ResetLinkRefused, ResetVerdict
from user_svc.resets import PasswordResets
from user_svc.schemas import errors

ACCEPTED = "If an account uses that address, a link to reset its password is on its way. It works for 30 minutes."
REFUSED = {
    ResetVerdict.EXPIRED.value: "This reset link has expired. Ask for a new one.",
    ResetVerdict.USED.value: "This reset link has been used already. Ask for a new one if you still need it.",
    ResetVerdict.UNKNOWN.value: "This reset link is not valid (a newer one replaces it). Ask for a new one.",
}

RESET_ERRORS = ErrorTable().map(
    ResetLinkRefused,
    lambda e: InvalidInput(REFUSED.get(e.reason, REFUSED[ResetVerdict.UNKNOWN.value]), reason=e.reason),
)


class PasswordResetIn(BaseModel):
    email: str = Field(json_schema_extra=dict(SCHEMA_RULES["email"]), description="the account's email address")


class PasswordResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=256, description="the `token` of the mailed link")
    new_password: str = Field(json_schema_extra=dict(SCHEMA_RULES["password"]), description="the sign-up rules")


class ResetAccepted(BaseModel):
    message: str = Field(examples=[ACCEPTED])


_REFUSED_DOC: dict[int | str, dict[str, Any]] = {
    422: {
        **errors(422)[422],
        "description": "`invalid_input`: the link is refused (`details.reason`: `reset_expired`, `reset_used` or "
        "`reset_unknown`), or `details.fields.new_password` says what to fix",
    }
}


def reset_router(resets: PasswordResets, http: Http, *, ttl_s: int) -> APIRouter:
    router = APIRouter(prefix=f"{PREFIX}/auth", tags=["auth"])
    accepted = ACCEPTED.replace("30 minutes", f"{max(1, ttl_s // 60)} minutes")

    @router.post(
        "/password-reset",
        status_code=202,
        summary="Mail a password reset link (the same answer whether or not an account uses the address)",
        response_model=ResetAccepted,
        responses=errors(422),
    )
    async def request_reset(body: PasswordResetIn, background: BackgroundTasks) -> ResetAccepted:
        problem = email_problem(normalise_email(body.email))
        if problem:
            raise InvalidFields({"email": problem})
        background.add_task(resets.request, body.email)  # after the answer: it takes as long either way
        return ResetAccepted(message=accepted)

    @router.post(
        "/password-reset/confirm",
        status_code=204,
        summary="Set a new password with a reset link; every sign-in of the account ends",
        response_class=Response,
        responses=_REFUSED_DOC,
    )
    async def confirm_reset(body: PasswordResetConfirmIn, response: Response) -> None:
        await resets.confirm(body.token, body.new_password)
        http.clear(response)  # this browser's sign-in, if any, was just revoked

    return router

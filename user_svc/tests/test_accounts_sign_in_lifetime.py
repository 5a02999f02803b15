"""A sign-in's absolute lifetime through the API: refreshes keep the sign-in's start, the cookie never outlives
it, and a refresh after it answers 401 `lifetime_exceeded` and ends the sign-in (docs/api-accounts.md)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from accounts_helpers import COOKIE, error_of, post_with_cookie, refreshed, signup, user_settings
from pymongo import AsyncMongoClient

from peerprep_testing import Servers, running
from user_svc.app import create_app
from user_svc.domain import hash_refresh_token

DAY = 86_400


async def test_refresh_within_the_lifetime_succeeds_and_after_it_is_refused(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    settings = user_settings(settings_for)
    assert settings.sign_in_lifetime_s == 30 * DAY  # the documented default
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongodb_url)
    tokens = client[settings.database]["refresh_tokens"]

    async def backdate_sign_in(refresh: str, days: float) -> dict[str, Any]:
        """Make the sign-in of ``refresh`` ``days`` older, as if it had been kept up that long."""
        doc = await tokens.find_one({"token_hash": hash_refresh_token(refresh)})
        assert doc is not None
        started = doc["family_started_at"] - timedelta(days=days)
        await tokens.update_many({"family_id": doc["family_id"]}, {"$set": {"family_started_at": started}})
        return doc

    try:
        async with running(create_app(settings)) as users:
            ada = await signup(users, "ada")
            signed_up = await tokens.find_one({"token_hash": hash_refresh_token(ada["refresh"])})
            assert signed_up is not None

            again = await refreshed(users, ada["refresh"])
            rotated = await tokens.find_one({"token_hash": hash_refresh_token(again["refresh"])})
            assert rotated is not None
            assert rotated["family_started_at"] == signed_up["family_started_at"]  # rotation keeps the start

            await backdate_sign_in(again["refresh"], 29)  # one day left
            response = await post_with_cookie(users, "/api/users/auth/refresh", again["refresh"])
            assert response.status_code == 200, response.text
            max_age = int(response.headers["set-cookie"].split("Max-Age=")[1].split(";")[0])
            assert DAY - 60 <= max_age <= DAY  # the cookie ends with the sign-in, not 14 days later
            last = response.cookies[COOKIE]

            doc = await backdate_sign_in(last, 1)  # now 30 days old
            refused = await post_with_cookie(users, "/api/users/auth/refresh", last)
            assert refused.status_code == 401
            assert error_of(refused)["details"] == {"reason": "lifetime_exceeded"}
            assert error_of(refused)["message"] == "You have been signed in for a long time; sign in again to continue."
            revoked = client[settings.database]["refresh_revoked_families"]
            assert await revoked.find_one({"family_id": doc["family_id"]}) is not None
            assert await tokens.count_documents({"family_id": doc["family_id"]}) == 0
    finally:
        await client.close()

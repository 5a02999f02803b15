"""One socket's authentication: the first token within the deadline, renewals on the open socket, the expiry.

The timeline (docs/api-realtime.md): ``auth`` within ``auth_timeout_s`` of opening, else close 4401; ``ready``
carries the token's expiry; a new ``auth`` before then renews it; at the expiry ``error token_expired``, and
``grace_s`` later close 4401 unless an ``auth`` came meanwhile. Closing is raising ``Unauthenticated`` (4401).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contracts.ws import Error, Ready
from svc_kit.auth import KeySet, Principal, authenticate
from svc_kit.errors import Unauthenticated


class SocketAuth:
    def __init__(
        self,
        keyset: KeySet,
        *,
        connection_id: str,
        heartbeat_s: int,
        auth_timeout_s: float,
        grace_s: float,
        opened_at: datetime | None = None,
    ) -> None:
        self._keyset = keyset
        self._connection_id = connection_id
        self._heartbeat_s = heartbeat_s
        self._grace = timedelta(seconds=grace_s)
        self._auth_deadline = (opened_at or datetime.now(UTC)) + timedelta(seconds=auth_timeout_s)
        self.principal: Principal | None = None
        self.expires_at = self._auth_deadline
        self.warned = False  # token_expired was sent for the current token

    @property
    def authenticated(self) -> bool:
        return self.principal is not None

    def next_deadline(self) -> datetime:
        if self.principal is None:
            return self._auth_deadline
        return self.expires_at + self._grace if self.warned else self.expires_at

    def on_deadline(self, now: datetime) -> Error | None:
        """What reaching ``next_deadline()`` means: the ``token_expired`` warning to send, or (raised) the close."""
        if now < self.next_deadline():
            return None
        if self.principal is None:
            raise Unauthenticated("No access token arrived in time; refresh it, then reconnect.", reason="auth_timeout")
        if self.warned:
            raise Unauthenticated("The access token expired and was not renewed; refresh, then reconnect.")
        self.warned = True
        return Error(
            code="token_expired",
            message="The access token has expired: send a new one now to keep this connection.",
            details={"close_in_s": self._grace.total_seconds()},
        )

    async def on_auth(self, token: str) -> Ready | Error:
        """``ready`` for a valid token. Before the first ``ready`` an invalid one raises ``Unauthenticated`` (the
        socket closes); afterwards it is refused with an ``error`` and the socket stays as it was."""
        try:
            principal = await authenticate(token, self._keyset)
        except Unauthenticated as exc:
            if self.principal is None:
                raise
            return Error(code="unauthenticated", message=exc.message, details=exc.details)
        if self.principal is not None and principal.user_id != self.principal.user_id:
            return Error(
                code="forbidden",
                message="This connection belongs to another user; open a new one to switch accounts.",
                details={},
            )
        if principal.expires_at is None:  # `exp` is a required claim; this cannot happen with a verified token
            raise Unauthenticated("The access token has no expiry.", reason="malformed")
        self.principal, self.expires_at, self.warned = principal, principal.expires_at, False
        return Ready(
            user_id=principal.user_id,
            connection_id=self._connection_id,
            expires_at=principal.expires_at,
            heartbeat_s=self._heartbeat_s,
        )

"""Expected failures of the account use cases; the API maps each to HTTP in one place."""

from __future__ import annotations

from collections.abc import Mapping


class AccountError(Exception):
    """An expected failure of an account use case."""


class InvalidFields(AccountError):
    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__(f"invalid fields: {', '.join(fields)}")
        self.fields = dict(fields)


class AlreadyTaken(AccountError):
    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__(f"already taken: {', '.join(fields)}")
        self.fields = dict(fields)


class BadCredentials(AccountError):
    """Unknown user or wrong password: deliberately the same failure."""


class WrongPassword(AccountError):
    """The signed-in user's current password did not match."""


class SignInRequired(AccountError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Throttled(AccountError):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"throttled for {retry_after_s} s")
        self.retry_after_s = retry_after_s


class UserNotFound(AccountError):
    pass


class NotAllowed(AccountError):
    pass


class OwnAdminRole(AccountError):
    """An admin may not remove their own admin role (someone must stay able to administer)."""

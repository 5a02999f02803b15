"""Account rules, pure: field validation and normalisation, roles, refresh-token families, log-in throttling.

No I/O and no framework: every function takes what it decides on (``now`` included) and returns a decision or
raises an ``AccountError``; the API maps those to HTTP in one place.
"""

from user_svc.domain.access import (
    IpNetwork,
    RefreshRecord,
    RefreshVerdict,
    Role,
    check_role_removal,
    client_ip,
    hash_refresh_token,
    judge_refresh,
    refresh_expiry,
    user_id_from,
    with_role,
    without_role,
)
from user_svc.domain.account import Account, open_account
from user_svc.domain.errors import (
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
)
from user_svc.domain.fields import (
    MESSAGES,
    PROFILE_FIELDS,
    NewAccount,
    default_avatar_color,
    normalise_email,
    password_problem,
    username_key,
    validate_profile_changes,
    validate_signup,
)

__all__ = [
    "MESSAGES",
    "PROFILE_FIELDS",
    "Account",
    "AccountError",
    "AlreadyTaken",
    "BadCredentials",
    "InvalidFields",
    "IpNetwork",
    "NewAccount",
    "NotAllowed",
    "OwnAdminRole",
    "RefreshRecord",
    "RefreshVerdict",
    "Role",
    "SignInRequired",
    "Throttled",
    "UserNotFound",
    "WrongPassword",
    "check_role_removal",
    "client_ip",
    "default_avatar_color",
    "hash_refresh_token",
    "judge_refresh",
    "normalise_email",
    "open_account",
    "password_problem",
    "refresh_expiry",
    "user_id_from",
    "username_key",
    "validate_profile_changes",
    "validate_signup",
    "with_role",
    "without_role",
]

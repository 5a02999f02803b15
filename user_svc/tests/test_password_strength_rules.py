"""Guessable passwords are refused by zxcvbn's estimate (score 3 of 4 needed), with its feedback as the message,
and the person's own details (email, username, display name) count as words a guesser tries first."""

import pytest

from user_svc.domain import InvalidFields, password_problem, validate_signup
from user_svc.domain.strength import MIN_SCORE, TOO_GUESSABLE, personal_words

ADA = {"email": "ada@example.com", "username": "ada_l"}


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "iloveyou2026", "1q2w3e4r5t", "P@ssw0rd123"])
def test_common_and_breached_style_passwords_are_refused(password: str) -> None:
    problem = password_problem(password, **ADA)
    assert problem is not None
    assert problem.startswith(TOO_GUESSABLE)


def test_the_message_carries_zxcvbns_warning_and_suggestions() -> None:
    assert password_problem("password123", **ADA) == (
        "This password is too easy to guess. This is a very common password. "
        "Add another word or two. Uncommon words are better."
    )


def test_the_persons_own_details_are_guessed_first() -> None:
    # Strong for a stranger, weak for Ada: her name, username and email are the first words a guesser tries.
    assert password_problem("lovelace1815!", email="x@example.com", username="x12") is None
    assert password_problem("lovelace1815!", **ADA, display_name="Ada Lovelace") is not None
    assert password_problem("ada@example.com!1", **ADA) is not None
    assert password_problem("peerprep2026!", **ADA) is not None  # the site's name too
    assert password_problem("adalovelace1815", email="x@example.com", username="x12") is None
    assert password_problem("adalovelace1815", **ADA, display_name="Ada Lovelace") is not None  # run together


def test_sign_up_refuses_a_guessable_password_with_the_feedback_on_the_field() -> None:
    with pytest.raises(InvalidFields) as refused:
        validate_signup("ada@example.com", "ada_l", "password123", "Ada")
    assert refused.value.fields["password"].startswith(TOO_GUESSABLE)
    assert validate_signup("ada@example.com", "ada_l", "correct horse battery", "Ada").password


def test_strong_passphrases_pass_and_the_rule_is_zxcvbns_score_3() -> None:
    assert MIN_SCORE == 3
    for password in ("correct horse battery", "a brand new passphrase", "vq8#Lm2!xZ"):
        assert password_problem(password, **ADA) is None


def test_personal_words_are_the_details_and_their_parts() -> None:
    words = personal_words("Ada.King@Example.com", "ada_k", "Ada Lovelace")
    assert {"ada.king@example.com", "ada", "king", "example", "ada_k", "lovelace", "adalovelace"} <= set(words)
    assert "peerprep" in words
    assert len(words) == len(set(words))

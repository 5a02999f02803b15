"""How guessable a password is, by zxcvbn's estimate (dictionaries of common passwords, names and words, keyboard
patterns, dates, repeats, l33t substitutions), with the person's own details as extra dictionary words."""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

MIN_SCORE = 3  # zxcvbn's "safely unguessable": about 10^8 guesses or more (0-4)
SITE_WORDS = ("peerprep", "peer prep", "peer", "prep", "interview")
TOO_GUESSABLE = "This password is too easy to guess."
ADVICE = "Try a few uncommon words together, or let a password manager make one."


def personal_words(*details: str) -> list[str]:
    """Words a guesser would try first for this person: each detail whole (and without its spaces) and its parts
    (an email's name and domain, a display name's words), lower-case."""
    words: list[str] = []
    for detail in details:
        detail = detail.strip().lower()
        if detail:
            words += [detail, re.sub(r"\s+", "", detail)]  # "ada lovelace" is typed "adalovelace" too
            words.extend(part for part in re.split(r"[@.\s_+-]+", detail) if len(part) >= 3)
    return list(dict.fromkeys([*words, *SITE_WORDS]))


def weakness(password: str, *, max_length: int, user_inputs: list[str]) -> str | None:
    """Why ``password`` is too guessable (zxcvbn's own warning and suggestions), or None when it is strong."""
    result = zxcvbn(password, user_inputs=user_inputs, max_length=max_length)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    advice = [line for line in (feedback["warning"], *feedback["suggestions"]) if line]
    return " ".join([TOO_GUESSABLE, *(advice or [ADVICE])])

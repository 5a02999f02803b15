import pytest

from contracts import Difficulty
from question_svc.domain import NO_ATTEMPTS, NoQuestionAvailable, QuestionRef, choose_question, session_id_for

BANK = [
    QuestionRef("two-sum", "Two Sum", Difficulty.EASY, frozenset({"arrays", "hash table"})),
    QuestionRef("valid-parens", "Valid Parentheses", Difficulty.EASY, frozenset({"stack", "strings"})),
    QuestionRef("climb-stairs", "Climbing Stairs", Difficulty.EASY, frozenset({"dynamic programming"})),
    QuestionRef("lru-cache", "LRU Cache", Difficulty.MEDIUM, frozenset({"hash table", "linked list"})),
]


def test_the_question_has_the_agreed_difficulty_and_a_shared_topic() -> None:
    for seed in map(str, range(50)):
        chosen = choose_question(
            BANK, difficulty=Difficulty.EASY, topics=["stack"], seed=seed, attempted_by=NO_ATTEMPTS
        )
        assert chosen.slug == "valid-parens"


def test_without_a_topic_match_any_question_of_that_difficulty_is_chosen() -> None:
    chosen = {
        choose_question(BANK, difficulty=Difficulty.EASY, topics=["graphs"], seed=str(s), attempted_by=NO_ATTEMPTS).slug
        for s in range(50)
    }
    assert chosen == {"two-sum", "valid-parens", "climb-stairs"}


def test_the_same_match_always_gets_the_same_question_whatever_the_bank_order() -> None:
    first = choose_question(BANK, difficulty=Difficulty.EASY, topics=[], seed="m-42", attempted_by=NO_ATTEMPTS)
    again = choose_question(
        list(reversed(BANK)), difficulty=Difficulty.EASY, topics=[], seed="m-42", attempted_by=NO_ATTEMPTS
    )
    assert first == again


def test_no_question_of_that_difficulty_is_an_error_that_names_it() -> None:
    with pytest.raises(NoQuestionAvailable, match="hard"):
        choose_question(BANK, difficulty=Difficulty.HARD, topics=[], seed="m", attempted_by=NO_ATTEMPTS)


def test_one_match_opens_one_session() -> None:
    assert session_id_for("m-1") == session_id_for("m-1") != session_id_for("m-2")


EASY_SLUGS = {"two-sum", "valid-parens", "climb-stairs"}


def easy(seed: str, ada: set[str], alan: set[str], topics: list[str] | None = None) -> str:
    attempted = (frozenset(ada), frozenset(alan))
    return choose_question(
        BANK, difficulty=Difficulty.EASY, topics=topics or [], seed=seed, attempted_by=attempted
    ).slug


def test_a_question_neither_user_attempted_comes_first() -> None:
    for seed in map(str, range(50)):
        assert easy(seed, {"two-sum"}, {"valid-parens"}) == "climb-stairs"


def test_then_one_that_at_least_one_of_them_has_not_attempted() -> None:
    chosen = {easy(str(s), {"two-sum", "valid-parens", "climb-stairs"}, {"two-sum"}) for s in range(50)}
    assert chosen == {"valid-parens", "climb-stairs"}


def test_then_any_when_both_attempted_every_question() -> None:
    chosen = {easy(str(s), EASY_SLUGS, EASY_SLUGS) for s in range(50)}
    assert chosen == EASY_SLUGS


def test_the_topic_still_comes_before_freshness() -> None:
    for seed in map(str, range(20)):
        assert easy(seed, {"valid-parens"}, {"valid-parens"}, topics=["stack"]) == "valid-parens"


def test_within_a_tier_the_choice_is_the_seed_s_whatever_the_bank_or_attempt_order() -> None:
    attempted = (frozenset({"two-sum"}), frozenset())
    swapped = (frozenset(), frozenset({"two-sum"}))
    for seed in map(str, range(20)):
        first = choose_question(BANK, difficulty=Difficulty.EASY, topics=[], seed=seed, attempted_by=attempted)
        again = choose_question(BANK[::-1], difficulty=Difficulty.EASY, topics=[], seed=seed, attempted_by=swapped)
        assert first == again
        assert first.slug in {"valid-parens", "climb-stairs"}
    assert len({easy(str(s), {"two-sum"}, set()) for s in range(50)}) == 2  # the seed spreads over the tier

import pytest

from contracts import Difficulty
from question_svc.domain import NoQuestionAvailable, QuestionRef, choose_question, session_id_for

BANK = [
    QuestionRef("two-sum", "Two Sum", Difficulty.EASY, frozenset({"arrays", "hash table"})),
    QuestionRef("valid-parens", "Valid Parentheses", Difficulty.EASY, frozenset({"stack", "strings"})),
    QuestionRef("climb-stairs", "Climbing Stairs", Difficulty.EASY, frozenset({"dynamic programming"})),
    QuestionRef("lru-cache", "LRU Cache", Difficulty.MEDIUM, frozenset({"hash table", "linked list"})),
]


def test_the_question_has_the_agreed_difficulty_and_a_shared_topic() -> None:
    for seed in map(str, range(50)):
        chosen = choose_question(BANK, difficulty=Difficulty.EASY, topics=["stack"], seed=seed)
        assert chosen.slug == "valid-parens"


def test_without_a_topic_match_any_question_of_that_difficulty_is_chosen() -> None:
    chosen = {choose_question(BANK, difficulty=Difficulty.EASY, topics=["graphs"], seed=str(s)).slug for s in range(50)}
    assert chosen == {"two-sum", "valid-parens", "climb-stairs"}


def test_the_same_match_always_gets_the_same_question_whatever_the_bank_order() -> None:
    first = choose_question(BANK, difficulty=Difficulty.EASY, topics=[], seed="m-42")
    again = choose_question(list(reversed(BANK)), difficulty=Difficulty.EASY, topics=[], seed="m-42")
    assert first == again


def test_no_question_of_that_difficulty_is_an_error_that_names_it() -> None:
    with pytest.raises(NoQuestionAvailable, match="hard"):
        choose_question(BANK, difficulty=Difficulty.HARD, topics=[], seed="m")


def test_one_match_opens_one_session() -> None:
    assert session_id_for("m-1") == session_id_for("m-1") != session_id_for("m-2")

"""Whether an assignment honours the pair's topics (pure): the facts the ready-check and the room tell them."""

from contracts import Difficulty
from question_svc.domain import NO_ATTEMPTS, QuestionRef, QuestionSummary, assign_question, topic_counts

BANK = [
    QuestionRef("two-sum", "Two Sum", Difficulty.EASY, frozenset({"arrays", "hash table"})),
    QuestionRef("valid-parens", "Valid Parentheses", Difficulty.EASY, frozenset({"stack", "strings"})),
    QuestionRef("subsets", "Subsets", Difficulty.MEDIUM, frozenset({"backtracking"})),
]


def test_a_question_on_an_asked_topic_honours_that_topic_only() -> None:
    chosen = assign_question(
        BANK, difficulty=Difficulty.EASY, topics=["stack", "trees"], seed="m-1", attempted_by=NO_ATTEMPTS
    )
    assert chosen.question.slug == "valid-parens"
    assert chosen.requested == ("stack", "trees")
    assert chosen.honoured == ("stack",)
    assert not chosen.fell_back


def test_no_question_at_the_level_on_any_asked_topic_falls_back_and_says_so() -> None:
    chosen = assign_question(BANK, difficulty=Difficulty.MEDIUM, topics=["trees"], seed="m-2", attempted_by=NO_ATTEMPTS)
    assert chosen.question.slug == "subsets"
    assert chosen.requested == ("trees",)
    assert chosen.honoured == ()
    assert chosen.fell_back


def test_asking_for_any_topic_never_falls_back() -> None:
    chosen = assign_question(BANK, difficulty=Difficulty.EASY, topics=[], seed="m-3", attempted_by=NO_ATTEMPTS)
    assert chosen.requested == chosen.honoured == ()
    assert not chosen.fell_back


def test_topic_counts_at_a_difficulty_count_only_that_level() -> None:
    catalog = [
        QuestionSummary("two-sum", "Two Sum", Difficulty.EASY, ("arrays", "hash table"), ""),
        QuestionSummary("group-anagrams", "Group Anagrams", Difficulty.MEDIUM, ("strings", "hash table"), ""),
    ]
    managed = ["arrays", "hash table", "strings", "trees"]
    assert topic_counts(catalog, managed, difficulty=Difficulty.MEDIUM) == {
        "arrays": 0,
        "hash table": 1,
        "strings": 1,
        "trees": 0,
    }
    assert topic_counts(catalog, managed)["hash table"] == 2

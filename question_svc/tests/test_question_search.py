"""Browsing rules: filters, search ranking (title > topic > statement, every word required), order, topic counts
and revisions."""

from contracts.common import Difficulty
from question_svc.domain import QuestionSummary, SortBy, browse, next_revision, topic_counts

E, M, H = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD
CATALOG = [
    QuestionSummary("two-sum", "Two Sum", E, ("arrays", "hash table"), "Find two positions whose numbers add up."),
    QuestionSummary("group-anagrams", "Group Anagrams", M, ("strings", "hash table"), "Group words by letters."),
    QuestionSummary("coin-change", "Coin Change", M, ("dynamic programming",), "The fewest coins that sum to it."),
    QuestionSummary("n-queens", "N-Queens Count", H, ("backtracking",), "Place queens on a board; count arrays."),
]


def slugs(found: list[QuestionSummary]) -> list[str]:
    return [q.slug for q in found]


def test_a_title_match_outranks_a_topic_match_which_outranks_a_statement_match() -> None:
    catalog = [
        QuestionSummary("s", "Zeta", E, ("math",), "mentions hash somewhere"),
        QuestionSummary("t", "Yak", E, ("hash table",), "nothing"),
        QuestionSummary("h", "Xylophone Hash", E, ("math",), "nothing"),
    ]
    assert slugs(browse(catalog, q="hash")) == ["h", "t", "s"]


def test_every_word_must_appear_somewhere_case_insensitively() -> None:
    assert slugs(browse(CATALOG, q="TWO numbers")) == ["two-sum"]
    assert browse(CATALOG, q="two queens") == []


def test_more_title_words_rank_higher_and_ties_go_by_title() -> None:
    catalog = [
        QuestionSummary("b", "Sum Beta", E, ("math",), "two"),
        QuestionSummary("a", "Sum Two", E, ("math",), ""),
        QuestionSummary("c", "Alpha Sum", E, ("math",), "two"),
    ]
    assert slugs(browse(catalog, q="sum two")) == ["a", "c", "b"]


def test_filters_by_difficulty_and_any_of_the_topics() -> None:
    assert slugs(browse(CATALOG, difficulty=M)) == ["coin-change", "group-anagrams"]
    assert slugs(browse(CATALOG, topics=["backtracking", "arrays"])) == ["n-queens", "two-sum"]
    assert slugs(browse(CATALOG, difficulty=E, topics=["strings"])) == []


def test_sorts_by_title_by_default_and_by_difficulty_on_request() -> None:
    assert slugs(browse(CATALOG)) == ["coin-change", "group-anagrams", "n-queens", "two-sum"]
    assert slugs(browse(CATALOG, sort=SortBy.DIFFICULTY)) == ["two-sum", "coin-change", "group-anagrams", "n-queens"]
    assert slugs(browse(CATALOG, q="arrays", sort=SortBy.TITLE)) == ["n-queens", "two-sum"]


def test_topic_counts_list_every_managed_topic() -> None:
    counts = topic_counts(CATALOG, {"hash table", "arrays", "graphs"})
    assert counts == {"arrays": 1, "graphs": 0, "hash table": 2}
    assert list(counts) == ["arrays", "graphs", "hash table"]


def test_a_revision_moves_only_when_the_content_changes() -> None:
    assert next_revision(None, "h1") == 1
    assert next_revision(("h1", 3), "h1") is None
    assert next_revision(("h1", 3), "h2") == 4

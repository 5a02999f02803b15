"""Every question in the bank parses and its Python reference solution passes every one of its tests."""

from collections import Counter

import pytest

from question_svc.bank import BankQuestion, load_bank
from question_svc.bank_check import BANK, check_solution

QUESTIONS = load_bank(BANK)


def test_titles_are_unique() -> None:
    titles = Counter(q.title.lower() for q in QUESTIONS)
    assert [t for t, n in titles.items() if n > 1] == []


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.slug)
def test_the_reference_solution_passes_every_test(question: BankQuestion) -> None:
    assert check_solution(question) == []


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.slug)
def test_tests_are_distinct_and_only_a_few_are_shown(question: BankQuestion) -> None:
    args = [repr(t.args) for t in question.tests]
    assert len(args) == len(set(args)), "two tests with the same arguments"
    assert sum(t.sample for t in question.tests) <= 4


def test_the_bank_is_broad_enough_for_practice() -> None:
    levels = Counter(q.difficulty.value for q in QUESTIONS)
    topics = {t for q in QUESTIONS for t in q.topics}
    assert len(QUESTIONS) >= 60
    assert levels["easy"] >= 20
    assert levels["medium"] >= 25
    assert levels["hard"] >= 15
    assert len(topics) >= 12
    assert min(len(q.tests) for q in QUESTIONS) >= 10

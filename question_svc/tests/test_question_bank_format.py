"""The bank's file format: value types, answer comparison, and the checks that keep a bad file out."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from question_svc.bank import Comparison, conforms, load_file, same_answer, valid_type

EXAMPLE = Path(__file__).resolve().parents[1] / "bank" / "two-sum.yaml"


def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    return data


@pytest.mark.parametrize(
    ("spec", "ok"),
    [("int", True), ("list[list[string]]", True), ("list[float]", True), ("dict", False), ("list[int", False),
     ("list[]", False), ("int]", False), ("List[int]", False), ("int\n", False), ("list[int]\n", False)],
)  # fmt: skip
def test_signature_types_are_scalars_and_nested_lists(spec: str, ok: bool) -> None:
    assert valid_type(spec) is ok


@pytest.mark.parametrize(
    ("value", "spec", "ok"),
    [(3, "int", True), (True, "int", False), (2.5, "float", True), (2, "float", True), ("a", "string", True),
     ([[1], [2, 3]], "list[list[int]]", True), ([1, "2"], "list[int]", False), ([], "list[string]", True)],
)  # fmt: skip
def test_values_are_checked_against_their_type(value: Any, spec: str, ok: bool) -> None:
    assert conforms(value, spec) is ok


def test_answers_compare_by_the_questions_mode() -> None:
    assert same_answer([1, 2], [1, 2], Comparison.EXACT)
    assert not same_answer([2, 1], [1, 2], Comparison.EXACT)
    assert not same_answer(1.0, 1, Comparison.EXACT)  # a float where an int is due is wrong
    assert same_answer([[2, 3], [1]], [[1], [2, 3]], Comparison.UNORDERED)
    assert not same_answer([[3, 2], [1]], [[1], [2, 3]], Comparison.UNORDERED)  # inner lists stay ordered
    assert same_answer([0.1 + 0.2], [0.3], Comparison.FLOAT)
    assert not same_answer([0.31], [0.3], Comparison.FLOAT)


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / f"{data['slug']}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d.update(topics=["astrology"]), "unknown topic"),
        (lambda d: d["solutions"].pop("python"), "python reference solution is required"),
        (lambda d: d.update(tests=d["tests"][:9]), "at least 10 items"),
        (lambda d: [t.pop("sample", None) for t in d["tests"]], "both sample"),
        (lambda d: d["tests"][3].update(args=[[1, 2]]), "test 3: 1 args for 2 parameters"),
        (lambda d: d["tests"][4].update(expected="0, 3"), r"test 4: expected value is not a list\[int\]"),
        (lambda d: d["signature"].update(returns="tuple"), "unknown type .tuple."),
        (lambda d: d.update(colour="blue"), "Extra inputs are not permitted"),
        (lambda d: d.update(slug="topics"), "'topics' is the path of another page"),  # /api/questions/topics
    ],
)
def test_a_bad_file_is_refused_saying_why(tmp_path: Path, change: Any, says: str) -> None:
    data = example()
    change(data)
    with pytest.raises(ValidationError, match=says):
        load_file(write(tmp_path, data))


def test_a_file_is_named_after_its_slug(tmp_path: Path) -> None:
    data = example()
    path = tmp_path / "other-name.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match="must be named after its slug"):
        load_file(path)

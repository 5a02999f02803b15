"""The question bank's file format: one reviewable YAML file per question under ``question_svc/bank/``.

Pure (no I/O beyond reading the files it is given): the model, the value-type rules of a signature and the
comparison of an answer with the expected value. The loader into MongoDB and the admin import/export build on it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.common import Difficulty
from contracts.events.question import Comparison as Comparison  # re-exported: part of the file format

TOPICS = frozenset(
    {
        "arrays", "strings", "hash table", "two pointers", "sliding window", "stack", "queue", "linked list",
        "trees", "graphs", "bfs/dfs", "heap", "binary search", "sorting", "greedy", "dynamic programming",
        "backtracking", "bit manipulation", "math", "intervals", "tries", "union find", "matrix", "prefix sum",
    }
)  # fmt: skip
SCALARS = ("int", "float", "bool", "string")
# The collection's own paths under /api/questions: a question with one of these slugs could not be reached.
RESERVED_SLUGS = ("export", "history", "import", "topics")
_TYPE = re.compile(r"^(list\[)*(int|float|bool|string)(\])*$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def valid_type(spec: str) -> bool:
    """``int``, ``float``, ``bool``, ``string`` and ``list[...]`` of those, nested."""
    return bool(_TYPE.fullmatch(spec)) and spec.count("[") == spec.count("]") and spec.endswith("]" * spec.count("["))


def conforms(value: Any, spec: str) -> bool:
    """Whether a JSON value has the signature type ``spec``."""
    if spec.startswith("list["):
        return isinstance(value, list) and all(conforms(v, spec[5:-1]) for v in value)
    if spec == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if spec == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if spec == "bool":
        return isinstance(value, bool)
    return isinstance(value, str)


def same_answer(actual: Any, expected: Any, mode: Comparison) -> bool:
    if mode is Comparison.UNORDERED and isinstance(actual, list) and isinstance(expected, list):
        return sorted(map(repr, actual)) == sorted(map(repr, expected))
    if mode is Comparison.FLOAT:
        return _close(actual, expected)
    return bool(actual == expected and type(actual) is type(expected))


def _close(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(map(_close, actual, expected))
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-6)
    return bool(actual == expected)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _type_schema(field: dict[str, Any]) -> None:
    # The pattern is what JSON Schema can say (the brackets' balance it cannot); the validator checks the rest.
    field.update(pattern=_TYPE.pattern, examples=["int", "list[string]"])


class Param(_Strict):
    name: str = Field(pattern=_IDENT.pattern)
    type: str = Field(json_schema_extra=_type_schema)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if not valid_type(value):
            raise ValueError(f"unknown type {value!r}: use {', '.join(SCALARS)} or list[...] of them")
        return value


class Signature(_Strict):
    function: str = Field(pattern=_IDENT.pattern)
    params: tuple[Param, ...] = Field(min_length=1)
    returns: str = Field(json_schema_extra=_type_schema)

    @field_validator("returns")
    @classmethod
    def _known_return(cls, value: str) -> str:
        return Param._known_type(value)


class Example(_Strict):
    input: str = Field(min_length=1, description="as shown to people, e.g. nums = [2,7,11,15], target = 9")
    output: str = Field(min_length=1)
    explanation: str | None = None


class TestCase(_Strict):
    __test__ = False
    args: tuple[Any, ...]
    expected: Any
    sample: bool = False
    explanation: str | None = None


class Editorial(_Strict):
    approach: str = Field(min_length=40)
    time: str = Field(pattern=r"^O\(.+\)$")
    space: str = Field(pattern=r"^O\(.+\)$")


def _topics_schema(field: dict[str, Any]) -> None:
    field["items"] = {"type": "string", "enum": sorted(TOPICS)}


class BankQuestion(_Strict):
    slug: str = Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=100,
        json_schema_extra={"not": {"enum": list(RESERVED_SLUGS)}},
        description=f"lower-case words joined by -; not {', '.join(RESERVED_SLUGS)}",
    )
    title: str = Field(min_length=3, max_length=120)
    difficulty: Difficulty
    topics: tuple[str, ...] = Field(min_length=1, max_length=5, json_schema_extra=_topics_schema)
    statement: str = Field(min_length=60)
    examples: tuple[Example, ...] = Field(min_length=1)
    constraints: tuple[str, ...] = Field(min_length=1)
    hints: tuple[str, ...] = Field(min_length=1, description="ordered from gentle to strong")
    signature: Signature
    comparison: Comparison = Comparison.EXACT
    tests: tuple[TestCase, ...] = Field(min_length=10)
    solutions: dict[str, str] = Field(
        description="reference solutions by language; python is required", json_schema_extra={"required": ["python"]}
    )
    editorial: Editorial

    @field_validator("slug")
    @classmethod
    def _not_reserved(cls, slug: str) -> str:
        if slug in RESERVED_SLUGS:
            raise ValueError(f"{slug!r} is the path of another page; choose another slug")
        return slug

    @field_validator("topics")
    @classmethod
    def _managed_topics(cls, topics: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(topics) - TOPICS)
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}; the managed list: {sorted(TOPICS)}")
        return topics

    @model_validator(mode="after")
    def _consistent(self) -> BankQuestion:
        if "python" not in self.solutions:
            raise ValueError("a python reference solution is required")
        if not any(t.sample for t in self.tests) or all(t.sample for t in self.tests):
            raise ValueError("tests need both sample (shown) and hidden cases")
        params = self.signature.params
        for index, test in enumerate(self.tests):
            if len(test.args) != len(params):
                raise ValueError(f"test {index}: {len(test.args)} args for {len(params)} parameters")
            for arg, param in zip(test.args, params, strict=True):
                if not conforms(arg, param.type):
                    raise ValueError(f"test {index}: argument {param.name} is not a {param.type}")
            if not conforms(test.expected, self.signature.returns):
                raise ValueError(f"test {index}: expected value is not a {self.signature.returns}")
        return self


def content_hash(question: BankQuestion) -> str:
    """The same for the same content, however the file is laid out or commented."""
    canonical = json.dumps(question.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_file(path: Path) -> BankQuestion:
    question = BankQuestion.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if question.slug != path.stem:
        raise ValueError(f"{path.name}: the file must be named after its slug ({question.slug}.yaml)")
    return question


def load_bank(directory: Path) -> list[BankQuestion]:
    return [load_file(path) for path in sorted(directory.glob("*.yaml"))]

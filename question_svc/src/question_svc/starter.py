"""Starter code for a bank question's signature, in every language the execution service runs.

Pure (stdlib only, no I/O). The conventions, which the execution harness relies on:

* Names: Python keeps the bank's snake_case (``two_sum``, ``word_list``); JavaScript, Java and C++ use
  lowerCamelCase for the function and its parameters (``twoSum``, ``wordList``, ``n_queens_count`` ->
  ``nQueensCount``). A name that is a keyword of the target language gets a trailing ``_`` (``new`` -> ``new_``).
  :func:`entry_point` is the name the harness calls.
* Python: ``def two_sum(nums: list[int], target: int) -> list[int]:`` with a one-line comment and ``pass``;
  types ``int``, ``float``, ``bool``, ``str`` and ``list[...]``.
* JavaScript: a JSDoc block (``@param {number[]} nums`` ... ``@return {...}``; int and float are ``number``,
  bool ``boolean``, string ``string``, ``list[X]`` ``X[]``), then ``function twoSum(nums, target) {}`` with a
  comment inside.
* Java: ``class Solution`` with one ``public`` method; int -> ``int``, float -> ``double``, bool -> ``boolean``,
  string -> ``String``, ``list[X]`` -> ``X[]``. The body returns a default: ``0``, ``0.0``, ``false``, ``""``,
  ``new int[0]``, ``new int[0][]``, ``new String[0]``.
* C++ (C++17): includes ``<string>`` and ``<vector>``, ``using namespace std;``, then ``class Solution`` with one
  ``public:`` method; int -> ``int``, float -> ``double``, bool -> ``bool``, string -> ``string``, ``list[X]`` ->
  ``vector<X>``. Vectors and strings are taken by (non-const) reference, scalars by value. The body returns a
  default: ``0``, ``0.0``, ``false``, ``""`` or ``{}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contracts.common import Language

if TYPE_CHECKING:
    from question_svc.bank import Signature

_COMMENT = "Write your solution here."
_INDENT = "    "

_KEYWORD_TEXT: dict[Language, str] = {
    Language.JAVASCRIPT: (
        "arguments await break case catch class const continue debugger default delete do else enum eval export "
        "extends false finally for function if implements import in instanceof interface let new null package "
        "private protected public return static super switch this throw true try typeof var void while with yield"
    ),
    Language.JAVA: (
        "abstract assert boolean break byte case catch char class const continue default do double else enum "
        "extends false final finally float for goto if implements import instanceof int interface long native new "
        "null package private protected public return short static strictfp super switch synchronized this throw "
        "throws transient true try var void volatile while yield record sealed permits"
    ),
    Language.CPP: (
        "alignas alignof and and_eq asm auto bitand bitor bool break case catch char class compl concept const "
        "consteval constexpr constinit const_cast continue decltype default delete do double dynamic_cast else "
        "enum explicit export extern false float for friend goto if inline int long mutable namespace new noexcept "
        "not not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires return "
        "short signed sizeof static static_assert static_cast struct switch template this thread_local throw true "
        "try typedef typeid typename union unsigned using virtual void volatile wchar_t while xor xor_eq "
        "string vector std main"
    ),
}  # fmt: skip
_KEYWORDS = {language: frozenset(text.split()) for language, text in _KEYWORD_TEXT.items()}


def camel_case(name: str) -> str:
    """``two_sum`` -> ``twoSum``; ``n_queens_count`` -> ``nQueensCount``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _name(name: str, language: Language) -> str:
    if language is Language.PYTHON:
        return name
    converted = camel_case(name)
    return converted + "_" if converted in _KEYWORDS[language] else converted


def entry_point(signature: Signature, language: Language) -> str:
    """The function (or ``Solution`` method) name the execution harness calls in ``language``."""
    return _name(signature.function, language)


def _split(spec: str) -> tuple[int, str]:
    """``list[list[int]]`` -> ``(2, "int")``: list depth and scalar."""
    depth = spec.count("[")
    return depth, spec[5 * depth : len(spec) - depth]


_SCALARS: dict[Language, dict[str, str]] = {
    Language.PYTHON: {"int": "int", "float": "float", "bool": "bool", "string": "str"},
    Language.JAVASCRIPT: {"int": "number", "float": "number", "bool": "boolean", "string": "string"},
    Language.JAVA: {"int": "int", "float": "double", "bool": "boolean", "string": "String"},
    Language.CPP: {"int": "int", "float": "double", "bool": "bool", "string": "string"},
}
_DEFAULTS: dict[Language, dict[str, str]] = {
    Language.JAVA: {"int": "0", "float": "0.0", "bool": "false", "string": '""'},
    Language.CPP: {"int": "0", "float": "0.0", "bool": "false", "string": '""'},
}


def type_name(spec: str, language: Language) -> str:
    """The type ``spec`` (``int``, ``list[list[string]]``, ...) spelled in ``language``."""
    depth, scalar = _split(spec)
    base = _SCALARS[language][scalar]
    if language is Language.PYTHON:
        return "list[" * depth + base + "]" * depth
    if language is Language.CPP:
        return "vector<" * depth + base + ">" * depth
    return base + "[]" * depth


def _default(spec: str, language: Language) -> str:
    depth, scalar = _split(spec)
    if depth == 0:
        return _DEFAULTS[language][scalar]
    if language is Language.CPP:
        return "{}"
    return f"new {_SCALARS[language][scalar]}[0]" + "[]" * (depth - 1)


def starter_code(signature: Signature, language: Language) -> str:
    """The editor's initial code for ``signature`` in ``language`` (ends with a newline)."""
    name = entry_point(signature, language)
    params = [(_name(p.name, language), p.type) for p in signature.params]
    returns = signature.returns
    if language is Language.PYTHON:
        args = ", ".join(f"{n}: {type_name(t, language)}" for n, t in params)
        return f"def {name}({args}) -> {type_name(returns, language)}:\n{_INDENT}# {_COMMENT}\n{_INDENT}pass\n"
    if language is Language.JAVASCRIPT:
        doc = [f" * @param {{{type_name(t, language)}}} {n}" for n, t in params]
        doc.append(f" * @return {{{type_name(returns, language)}}}")
        args = ", ".join(n for n, _ in params)
        return "/**\n" + "\n".join(doc) + f"\n */\nfunction {name}({args}) {{\n{_INDENT}// {_COMMENT}\n}}\n"
    if language is Language.JAVA:
        args = ", ".join(f"{type_name(t, language)} {n}" for n, t in params)
        header = f"class Solution {{\n{_INDENT}public {type_name(returns, language)} {name}({args}) {{\n"
        footer = f"{_INDENT}}}\n}}\n"
    else:
        args = ", ".join(f"{type_name(t, language)}{'&' if '[' in t or t == 'string' else ''} {n}" for n, t in params)
        header = (
            "#include <string>\n#include <vector>\nusing namespace std;\n\n"
            f"class Solution {{\npublic:\n{_INDENT}{type_name(returns, language)} {name}({args}) {{\n"
        )
        footer = f"{_INDENT}}}\n}};\n"
    body = f"{_INDENT * 2}// {_COMMENT}\n{_INDENT * 2}return {_default(returns, language)};\n"
    return header + body + footer

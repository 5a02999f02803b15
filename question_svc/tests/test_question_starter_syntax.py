"""Every bank question's starter code is valid in every language, checked with the real toolchains.

One batched run per toolchain (node --check, javac, g++ -fsyntax-only) keeps the file fast; a failure names the
question(s) it comes from.
"""

import ast
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from contracts.common import Language
from question_svc.bank import BankQuestion, load_bank
from question_svc.bank_check import BANK
from question_svc.starter import starter_code

pytestmark = pytest.mark.integration  # runs the real toolchains (node, javac, g++), so not in the fast tier

_PACKAGES = {"node": "nodejs", "javac": "openjdk-17-jdk-headless (or default-jdk)", "g++": "g++"}
_CPP_PRELUDE = "#include <string>\n#include <vector>\nusing namespace std;\n"


@cache
def questions() -> tuple[BankQuestion, ...]:
    return tuple(load_bank(BANK))


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: apt-get install {_PACKAGES[name]}")
    return path


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def blame_lines(output: str, file: str, spans: list[tuple[int, int, str]]) -> list[str]:
    """The slugs whose line span [start, end] holds a ``file:LINE`` mentioned in the output."""
    lines = {int(m) for m in re.findall(rf"{re.escape(file)}:(\d+)", output)}
    return sorted({slug for start, end, slug in spans for line in lines if start <= line <= end}) or ["unknown"]


def concatenate(blocks: list[tuple[str, str]], prelude: str = "") -> tuple[str, list[tuple[int, int, str]]]:
    """One source of the given ``(slug, block)`` pieces, with each piece's 1-based line span."""
    text, spans = prelude, []
    for slug, block in blocks:
        start = text.count("\n") + 1
        text += block
        spans.append((start, text.count("\n"), slug))
    return text, spans


def test_the_bank_is_not_empty() -> None:
    assert len(questions()) >= 10


def test_python_starters_parse() -> None:
    for question in questions():
        code = starter_code(question.signature, Language.PYTHON)
        try:
            ast.parse(code, filename=f"{question.slug}.py")
        except SyntaxError as exc:
            pytest.fail(f"{question.slug}: python starter code does not parse: {exc}\n{code}")


def test_javascript_starters_pass_node_check(tmp_path: Path) -> None:
    node = tool("node")
    blocks = [(q.slug, f"// {q.slug}\n{{\n{starter_code(q.signature, Language.JAVASCRIPT)}}}\n") for q in questions()]
    text, spans = concatenate(blocks)
    (tmp_path / "starters.js").write_text(text)
    result = run([node, "--check", "starters.js"], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"node --check fails for {blame_lines(output, 'starters.js', spans)}:\n{output}"


def test_java_starters_compile(tmp_path: Path) -> None:
    javac = tool("javac")
    slugs = {}
    for index, question in enumerate(questions()):
        package = tmp_path / "src" / f"q{index}"
        package.mkdir(parents=True)
        code = starter_code(question.signature, Language.JAVA)
        (package / "Solution.java").write_text(f"package q{index}; // {question.slug}\n{code}")
        slugs[f"q{index}"] = question.slug
    files = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "src").glob("q*/Solution.java"))
    result = run([javac, "-d", str(tmp_path / "classes"), *files], tmp_path)
    output = result.stdout + result.stderr
    named = sorted({slugs[q] for q in re.findall(r"src/(q\d+)/Solution\.java", output)}) or ["unknown"]
    assert result.returncode == 0, f"javac fails for {named}:\n{output}"


def test_cpp_starters_compile(tmp_path: Path) -> None:
    gxx = tool("g++")
    blocks = []
    for index, question in enumerate(questions()):
        code = starter_code(question.signature, Language.CPP)
        assert code.startswith(_CPP_PRELUDE), question.slug
        blocks.append((question.slug, f"namespace q{index} {{  // {question.slug}\n{code[len(_CPP_PRELUDE) :]}}}\n"))
    text, spans = concatenate(blocks, _CPP_PRELUDE)
    (tmp_path / "starters.cpp").write_text(text)
    result = run([gxx, "-std=c++17", "-fsyntax-only", "-Wall", "starters.cpp"], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"g++ fails for {blame_lines(output, 'starters.cpp', spans)}:\n{output}"

"""Checks bank files: each parses, and its Python reference solution passes every one of its tests.

    python -m question_svc.bank_check [FILE.yaml ...]     (default: every file in question_svc/bank)

Each solution runs in its own Python process (isolated mode, 10 s), never in this one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from question_svc.bank import BankQuestion, load_file, same_answer

BANK = Path(__file__).resolve().parents[2] / "bank"

_HARNESS = """
import json, sys
cases = json.load(sys.stdin)
namespace = {}
exec(compile(SOLUTION, "solution.py", "exec"), namespace)
fn = namespace[FUNCTION]
out = []
for args in cases:
    try:
        out.append({"ok": True, "value": fn(*args)})
    except Exception as exc:
        out.append({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
json.dump(out, sys.stdout)
"""


@dataclass(frozen=True)
class Failure:
    slug: str
    test: int
    why: str


def check_solution(question: BankQuestion) -> list[Failure]:
    program = f"SOLUTION = {question.solutions['python']!r}\nFUNCTION = {question.signature.function!r}\n{_HARNESS}"
    cases = json.dumps([list(t.args) for t in question.tests])
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", program], input=cases, capture_output=True, text=True, timeout=10
        )
    except subprocess.TimeoutExpired:
        return [Failure(question.slug, -1, "reference solution took more than 10 s")]
    if done.returncode != 0:
        return [Failure(question.slug, -1, f"reference solution crashed: {done.stderr.strip()[-400:]}")]
    failures = []
    for index, (test, result) in enumerate(zip(question.tests, json.loads(done.stdout), strict=True)):
        if not result["ok"]:
            failures.append(Failure(question.slug, index, result["error"]))
        elif not same_answer(result["value"], test.expected, question.comparison):
            failures.append(Failure(question.slug, index, f"got {result['value']!r}, expected {test.expected!r}"))
    return failures


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(BANK.glob("*.yaml"))
    questions, problems = [], []
    for path in paths:
        try:
            questions.append(load_file(path))
        except Exception as exc:
            problems.append(f"{path.name}: {exc}")
    for question in questions:
        problems += [f"{f.slug} test {f.test}: {f.why}" for f in check_solution(question)]
    levels = Counter(q.difficulty.value for q in questions)
    topics = Counter(t for q in questions for t in q.topics)
    print(f"{len(questions)} questions {dict(levels)}; {len(topics)} topics; {len(problems)} problem(s)")
    for problem in problems:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

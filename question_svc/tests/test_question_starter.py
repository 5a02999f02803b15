"""Starter code: the exact text per language, the name conversion and nested types."""

import pytest

from contracts.common import Language
from question_svc.bank import Param, Signature
from question_svc.starter import camel_case, entry_point, starter_code, type_name

TWO_SUM = Signature(
    function="two_sum",
    params=(Param(name="nums", type="list[int]"), Param(name="target", type="int")),
    returns="list[int]",
)

EXPECTED = {
    Language.PYTHON: """\
def two_sum(nums: list[int], target: int) -> list[int]:
    # Write your solution here.
    pass
""",
    Language.JAVASCRIPT: """\
/**
 * @param {number[]} nums
 * @param {number} target
 * @return {number[]}
 */
function twoSum(nums, target) {
    // Write your solution here.
}
""",
    Language.JAVA: """\
class Solution {
    public int[] twoSum(int[] nums, int target) {
        // Write your solution here.
        return new int[0];
    }
}
""",
    Language.CPP: """\
#include <string>
#include <vector>
using namespace std;

class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        // Write your solution here.
        return {};
    }
};
""",
}


@pytest.mark.parametrize("language", list(Language))
def test_two_parameter_signature_in_every_language(language: Language) -> None:
    assert starter_code(TWO_SUM, language) == EXPECTED[language]


@pytest.mark.parametrize(
    ("snake", "camel"),
    [("two_sum", "twoSum"), ("n_queens_count", "nQueensCount"), ("climb", "climb"), ("nums2", "nums2")],
)
def test_camel_case(snake: str, camel: str) -> None:
    assert camel_case(snake) == camel


def test_entry_point_is_snake_case_in_python_and_lower_camel_case_elsewhere() -> None:
    signature = Signature(function="n_queens_count", params=(Param(name="n", type="int"),), returns="int")
    assert entry_point(signature, Language.PYTHON) == "n_queens_count"
    for language in (Language.JAVASCRIPT, Language.JAVA, Language.CPP):
        assert entry_point(signature, language) == "nQueensCount"
        assert "nQueensCount(" in starter_code(signature, language)


@pytest.mark.parametrize(
    ("spec", "python", "javascript", "java", "cpp"),
    [
        ("int", "int", "number", "int", "int"),
        ("float", "float", "number", "double", "double"),
        ("bool", "bool", "boolean", "boolean", "bool"),
        ("string", "str", "string", "String", "string"),
        ("list[list[int]]", "list[list[int]]", "number[][]", "int[][]", "vector<vector<int>>"),
        ("list[string]", "list[str]", "string[]", "String[]", "vector<string>"),
        ("list[list[list[bool]]]", "list[list[list[bool]]]", "boolean[][][]", "boolean[][][]",
         "vector<vector<vector<bool>>>"),
    ],
)  # fmt: skip
def test_type_names(spec: str, python: str, javascript: str, java: str, cpp: str) -> None:
    expected = {Language.PYTHON: python, Language.JAVASCRIPT: javascript, Language.JAVA: java, Language.CPP: cpp}
    for language, name in expected.items():
        assert type_name(spec, language) == name


def test_nested_types_parameters_and_defaults() -> None:
    signature = Signature(
        function="group_anagrams",
        params=(Param(name="word_list", type="list[string]"), Param(name="s", type="string"),
                Param(name="ratio", type="float"), Param(name="flag", type="bool")),
        returns="list[list[string]]",
    )  # fmt: skip
    python = starter_code(signature, Language.PYTHON)
    assert python.startswith(
        "def group_anagrams(word_list: list[str], s: str, ratio: float, flag: bool) -> list[list[str]]:\n"
    )
    javascript = starter_code(signature, Language.JAVASCRIPT)
    assert " * @param {string[]} wordList\n * @param {string} s\n * @param {number} ratio\n" in javascript
    assert " * @param {boolean} flag\n * @return {string[][]}\n" in javascript
    assert "function groupAnagrams(wordList, s, ratio, flag) {\n" in javascript
    java = starter_code(signature, Language.JAVA)
    assert "public String[][] groupAnagrams(String[] wordList, String s, double ratio, boolean flag) {" in java
    assert "return new String[0][];" in java
    cpp = starter_code(signature, Language.CPP)
    assert "vector<vector<string>> groupAnagrams(vector<string>& wordList, string& s, double ratio, bool flag) {" in cpp
    assert "return {};" in cpp


@pytest.mark.parametrize(
    ("returns", "java", "cpp"),
    [("int", "0", "0"), ("float", "0.0", "0.0"), ("bool", "false", "false"), ('string', '""', '""'),
     ("list[int]", "new int[0]", "{}"), ("list[list[int]]", "new int[0][]", "{}"),
     ("list[string]", "new String[0]", "{}")],
)  # fmt: skip
def test_default_return_values(returns: str, java: str, cpp: str) -> None:
    signature = Signature(function="f", params=(Param(name="x", type="int"),), returns=returns)
    assert f"        return {java};\n" in starter_code(signature, Language.JAVA)
    assert f"        return {cpp};\n" in starter_code(signature, Language.CPP)


def test_keywords_are_renamed_outside_python() -> None:
    signature = Signature(function="delete", params=(Param(name="new", type="int"),), returns="int")
    assert entry_point(signature, Language.PYTHON) == "delete"
    assert entry_point(signature, Language.JAVASCRIPT) == "delete_"
    assert entry_point(signature, Language.JAVA) == "delete"
    assert "int delete_(int new_)" in starter_code(signature, Language.CPP)

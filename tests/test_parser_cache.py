"""The parser kept between runs parses as the one lark makes, compiles none of its scanners
again, and is made anew when stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from standards_rules.syntax import grammar
from standards_rules.syntax.parser_cache import (
    KEPT_VERSIONS,
    keep_newest,
    kept_path,
    load_parser,
    parser_key,
    save_parser,
)

ROOT = Path(__file__).parent.parent
PLANS = sorted((ROOT / "rulesets").rglob("*.rules"))

# Parses every bundled ruleset in a fresh process with the cache of XDG_CACHE_HOME and
# prints the trees (their shape, every token with its position, every node's position).
PROBE = """
import sys
from lark import Token
from standards_rules.syntax.grammar import build_parser
parser = build_parser()
for path in sys.argv[1:]:
    tree = parser.parse(open(path, encoding="utf-8").read())
    print(tree.pretty())
    tokens = tree.scan_values(lambda v: isinstance(v, Token))
    print([(t.type, str(t), t.start_pos, t.end_line, t.end_column) for t in tokens])
    where = ("line", "column", "start_pos", "end_line", "end_column", "end_pos")
    print([[getattr(s.meta, name, None) for name in where] for s in tree.iter_subtrees()])
print(type(parser.parser.lexer.lexer.lexers).__name__)
"""


def _probe(script: str, cache: Path) -> str:
    """What `script` prints, run on every bundled ruleset with the cache of `cache`."""
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, PLANS)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    return done.stdout


def _run(cache: Path) -> tuple[str, str]:
    """The trees printed, and what the state lexers are kept in."""
    trees, lexers = _probe(PROBE, cache).rstrip("\n").rsplit("\n", 1)
    return trees, lexers


def test_a_kept_parser_parses_every_ruleset_as_a_new_one(tmp_path: Path) -> None:
    made, _ = _run(tmp_path)  # no cache yet: lark analyses the grammar and caches it
    folder = tmp_path / "standards-rules"
    assert not list(folder.glob("*.parser"))  # a parser made from the grammar is not kept
    assert _run(tmp_path) == (made, "StateLexers")  # from lark's cache, then kept
    (kept,) = folder.glob("*.parser")
    assert kept.read_bytes().startswith(parser_key(grammar.grammar_text(), "strict=False"))
    assert _run(tmp_path) == (made, "StateLexers")  # from the kept parser
    kept.write_bytes(b"something else\n" + kept.read_bytes())
    assert _run(tmp_path) == (made, "StateLexers")  # a stale file is not used, but made anew
    assert kept.read_bytes().startswith(parser_key(grammar.grammar_text(), "strict=False"))


# Parses every bundled ruleset and prints how many regular expressions were compiled.
COUNTING_PROBE = """
import sys
from re import _compiler
from standards_rules.syntax.grammar import build_parser
parser = build_parser()
compiled = []
original = _compiler.compile
_compiler.compile = lambda pattern, flags=0: compiled.append(pattern) or original(pattern, flags)
for path in sys.argv[1:]:
    parser.parse(open(path, encoding="utf-8").read())
print(len(compiled))
"""


def _compiled_while_parsing(cache: Path) -> int:
    return int(_probe(COUNTING_PROBE, cache))


def test_a_start_with_the_kept_parser_compiles_no_scanner(tmp_path: Path) -> None:
    assert _compiled_while_parsing(tmp_path) > 0  # made from the grammar: lark compiles them
    _compiled_while_parsing(tmp_path)  # from lark's cache, then kept
    assert list((tmp_path / "standards-rules").glob("*.parser"))
    assert _compiled_while_parsing(tmp_path) == 0  # the kept parser


@pytest.mark.parametrize("damage", [b"", b"\x80not a pickle", None])
def test_a_missing_or_broken_file_loads_nothing(tmp_path: Path, damage: bytes | None) -> None:
    key = b"k" * 64
    path = tmp_path / "p.parser"
    if damage is not None:
        path.write_bytes(key + b"\n" + damage)
    assert load_parser(path, key) is None


def test_what_is_saved_loads_with_its_key_only(tmp_path: Path) -> None:
    path = tmp_path / "p.parser"
    save_parser({"a": (1, 2)}, path, b"one")
    assert load_parser(path, b"one") == {"a": (1, 2)}
    assert load_parser(path, b"two") is None
    assert [p.name for p in tmp_path.iterdir()] == ["p.parser"]  # no temporary file left


def test_parsers_of_different_code_are_kept_apart_and_only_the_newest_few(
    tmp_path: Path,
) -> None:
    beside = str(tmp_path / "grammar-abc.lark-cache")
    one, two = b"1" * 64, b"2" * 64
    assert kept_path(beside, one) != kept_path(beside, two)
    save_parser("made by one", kept_path(beside, one), one)
    save_parser("made by two", kept_path(beside, two), two)
    # Two checkouts of different code take turns: each finds its own parser.
    assert load_parser(kept_path(beside, one), one) == "made by one"
    assert load_parser(kept_path(beside, two), two) == "made by two"
    for key in (one, two):
        os.utime(kept_path(beside, key), (1_000, 1_000))  # the oldest two
    (tmp_path / "grammar-abc-strict.lark-cache").write_bytes(b"lark's own")
    strict = kept_path(str(tmp_path / "grammar-abc-strict.lark-cache"), one)
    save_parser("strict", strict, one)
    os.utime(strict, (1_000, 1_000))  # the oldest, but another grammar's: not removed here
    keys = [f"{n:x}".encode() * 64 for n in range(KEPT_VERSIONS + 3)]
    for n, key in enumerate(keys):
        path = kept_path(beside, key)
        save_parser(n, path, key)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    keep_newest(beside)
    kept = sorted(p.name for p in tmp_path.glob("grammar-abc-*.parser") if p != Path(strict))
    assert kept == sorted(Path(kept_path(beside, key)).name for key in keys[-KEPT_VERSIONS:])
    assert (tmp_path / "grammar-abc-strict.lark-cache").exists()  # not a kept parser
    assert load_parser(strict, one) == "strict"

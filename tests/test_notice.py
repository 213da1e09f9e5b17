"""`evaluate --format html`: the public notice, checked as a browser shows it.

Each bundled plan's notice is written by the command line, loaded in headless
Chromium from its file URL with networking off, and read back from the
rendered DOM: who leads is visible, who failed is not, nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import Browser, ShownPage, find_chromium, screenshot_is_blank
from bundled import Evaluated, evaluated, plan_paths
from standards_rules.cli import main
from standards_rules.render.notice import render_notice

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
RULES = FIXTURES / "spec_example.rules"
DATA = FIXTURES / "coal-small.json"
CHROMIUM = find_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("no Chromium found (Debian: apt-get install chromium); the notice is not shown")
    running = Browser(CHROMIUM)
    yield running
    running.close()


def _written(plan: Evaluated, target: Path) -> Path:
    example = next(e for e in plan.ruleset.ast.examples if e.data and e.as_of)
    args = [
        "evaluate",
        str(plan.path),
        str(plan.path.parent / str(example.data)),
        "--as-of",
        str(example.as_of),
        "-o",
        str(target),
    ]
    if example.publicity_start:
        args += ["--publicity-start", example.publicity_start.isoformat()]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    return target


def _lines_with(page: ShownPage, *cells: str) -> list[str]:
    return [line for line in page.text.splitlines() if all(c in line for c in cells)]


def _without(text: str, shown: set[str]) -> str:
    # A hidden number that is part of a shown one (Q/A 1 in Q/A 10) is not a leak.
    for number in sorted(shown, key=len, reverse=True):
        text = text.replace(number, "")
    return text


@pytest.mark.parametrize("path", plan_paths(), ids=lambda p: p.stem)
def test_the_notice_shows_who_leads_and_nothing_of_who_failed(
    path: Path, browser: Browser, tmp_path: Path
) -> None:
    plan = evaluated(path)
    report = plan.report
    page = browser.show(_written(plan, tmp_path / "notice.html"))

    assert page.requests == ((tmp_path / "notice.html").resolve().as_uri(),)
    assert page.scripts == 0
    assert not screenshot_is_blank(page.screenshot)
    assert (plan.ruleset.ast.title or plan.ruleset.id) in page.text
    for leader in report.leaders:
        rows = _lines_with(page, leader.standard, leader.enterprise_name or "")
        assert any(row.split("\t")[0].strip() == str(leader.rank) for row in rows), leader
    if report.publicity is not None:
        assert report.publicity.start.isoformat() in page.text
        assert report.publicity.end.isoformat() in page.text
    triggers = {
        t.id: t for t in (plan.ruleset.ast.withdraw.triggers if plan.ruleset.ast.withdraw else ())
    }
    for withdrawal in report.withdrawals:
        assert _lines_with(page, withdrawal.standard)
        for trigger in withdrawal.triggers:
            assert (triggers[trigger].label or trigger) in page.text
    groups_with_rows = {r.group for r in report.ranking} - {
        g
        for g in {r.group for r in report.ranking}
        if all(
            (g, r.standard) in {(p.group, p.standard) for p in report.passed_over}
            for r in report.ranking
            if r.group == g
        )
    }
    assert page.svg_charts == len(groups_with_rows)

    passed_over = {p.standard for p in report.passed_over}
    ranked = {r.standard for r in report.ranking} - passed_over
    published = (
        ranked
        | {w.standard for w in report.withdrawals}
        | {w.current_number for w in report.withdrawals}
    )
    hidden = {e.standard for e in report.eligibility if not e.eligible} | passed_over
    for number in hidden - published:
        assert number not in _without(page.text, published), number
        assert number not in _without(page.html, published), number


def _hostile(tmp_path: Path) -> tuple[Path, Path]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["enterprises"][0]["name"] = '<script>document.title="x"</script><img src="http://x/">'
    data["standards"][0]["name"] = "</svg><b>粗</b>{{ 7*7 }}"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rules = tmp_path / "hostile.rules"
    rules.write_text(
        RULES.read_text(encoding="utf-8").replace(
            '"重大环保安全事故或产品质量问题"', '"事故 <i>&amp;</i>"'
        ),
        encoding="utf-8",
    )
    return rules, path


def test_text_from_data_never_becomes_markup(tmp_path: Path) -> None:
    rules, data = _hostile(tmp_path)
    out = tmp_path / "n.html"
    args = ["evaluate", str(rules), str(data), "--as-of", "2021-06-01", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "{{ 7*7 }}" in html and "&lt;i&gt;&amp;amp;" in html


def test_control_characters_from_data_are_shown_as_escapes(tmp_path: Path) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["enterprises"][0]["name"] = "甲\x1b[31m红\x07"
    path = tmp_path / "controls.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "n.html"
    args = ["evaluate", str(RULES), str(path), "--as-of", "2021-06-01", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "甲\\x1b[31m红\\x07" in html
    assert "\x1b" not in html and "\x07" not in html


def test_hostile_text_is_shown_as_text_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    rules, data = _hostile(tmp_path)
    out = tmp_path / "n.html"
    args = ["evaluate", str(rules), str(data), "--as-of", "2021-06-01", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    page = browser.show(out)
    assert page.scripts == 0 and len(page.requests) == 1
    assert '<script>document.title="x"</script>' in page.text
    assert "</svg><b>粗</b>{{ 7*7 }}" in page.text
    assert "事故 <i>&amp;</i>（三.7(3)）" in page.text


def test_english_notice_keeps_the_plans_words() -> None:
    plan = evaluated(plan_paths()[0])
    html = render_notice(plan.report, plan.plan, plan.records, lang="en")
    assert '<html lang="en">' in html and "ranking" in html and "排行榜" not in html
    for fetching in ("src=", "href=", "url(", "@import", "<script", "<link"):
        assert fetching not in html
    assert (plan.ruleset.ast.title or plan.ruleset.id) in html

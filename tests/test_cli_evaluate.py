"""`standards-rules evaluate` and `explain` end to end on the SPEC §2.2 example ruleset."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from standards_rules.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
RULES = str(FIXTURES / "spec_example.rules")
DATA = str(FIXTURES / "coal-small.json")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_spec_example_end_to_end() -> None:
    code, out, _ = run("evaluate", RULES, DATA, "--as-of", "2021-06-01")
    assert code == 0
    report = json.loads(out)
    assert report["ruleset"]["id"] == "jincheng_coal" and report["as_of"] == "2021-06-01"
    verdicts = {e["standard"]: [f["rule"] for f in e["failed"]] for e in report["eligibility"]}
    assert verdicts == {
        "Q/JCMY 0001-2021": [],
        "Q/JCMY 0002-2021": ["stricter"],  # sulfur 0.85 not better than industry 0.80
        "Q/JCMY 0003-2021": [],
        "Q/JCMY 0004-2021": ["not_excluded"],  # excluded until 2022-05-01
        "Q/JCMY 0005-2021": ["current", "format"],  # abolished, format not compliant
        "Q/JCMY 0006-2021": ["subject"],  # a service standard
        # Its enterprise did not apply, and its title is withdrawn on this very day (accident),
        # which its `not_excluded` rule sees in the same evaluation (SPEC §4.0).
        "Q/JCMY 0009-2020": ["applied", "not_excluded"],
        "Q/JCWY 0010-2021": [],
        "Q/JCWY 0011-2021": [],
    }
    # Relative to national: 0001 sulfur (1-0.45)/1 = 0.55, calorific (25.1-23)/23 = 0.091304,
    # ash (25-12)/25 = 0.52 → 0.35×0.55 + 0.40×0.0913043 + 0.25×0.52 = 0.359022.
    # 0003: 0.4, 1.5/23 = 0.065217, 0.4 → 0.14 + 0.026087 + 0.1 = 0.266087.
    # 0010: 0.6, 3/23 = 0.130435, 0.6 → 0.21 + 0.052174 + 0.15 = 0.412174.
    # 0011: 0.5, 1.1/23 = 0.047826, 0.2 → 0.175 + 0.019130 + 0.05 = 0.244130.
    ranking = [(r["group"], r["rank"], r["standard"], r["score"]) for r in report["ranking"]]
    assert ranking == [
        ("动力煤", 1, "Q/JCMY 0001-2021", 0.359022),
        ("动力煤", 2, "Q/JCMY 0003-2021", 0.266087),
        ("无烟煤", 1, "Q/JCWY 0010-2021", 0.412174),
        ("无烟煤", 2, "Q/JCWY 0011-2021", 0.24413),
    ]
    assert report["ranking"][0]["parts"] == {"sulfur": 0.55, "calorific": 0.091304, "ash": 0.52}
    # Cohorts of 2 < 10 → top 1. 0010's enterprise withholds consent → passed over.
    assert [(x["group"], x["standard"]) for x in report["leaders"]] == [
        ("动力煤", "Q/JCMY 0001-2021"),
        ("无烟煤", "Q/JCWY 0011-2021"),
    ]
    assert report["passed_over"] == [
        {
            "group": "无烟煤",
            "rank": 1,
            "standard": "Q/JCWY 0010-2021",
            "name": "动力煤",
            "enterprise_name": "晋城市乙煤业有限公司",
            "failed": ["consent"],
        }
    ]
    # 10 working days from Tue 1 Jun 2021, Mon 14 Jun (Dragon Boat) off → Tue 15 Jun.
    assert report["publicity"] == {"start": "2021-06-01", "end": "2021-06-15", "working_days": 10}
    # The 2021-05-01 major safety accident is inside [2020-06-01, 2021-06-01]; the
    # 2020-05-31 fraud is before the award and does not count. 2021-06-01 + 3 years.
    assert report["withdrawals"] == [
        {
            "standard": "Q/JCMY 0009-2020",
            "current": "Q/JCMY 0009-2020",
            "enterprise": "91140500MA0GRFT443",
            "name": "动力煤",
            "enterprise_name": "晋城市丁煤业有限公司",
            "triggers": ["accident"],
            "decided_on": "2021-06-01",
            "excluded_until": "2024-06-01",
        }
    ]
    assert [r["record"] for r in report["rejected"]] == ["Q/JCMY 0012-2021"]


def test_publicity_start_across_national_day(tmp_path: Path) -> None:
    out_file = tmp_path / "report.json"
    code, _, _ = run(
        "evaluate", RULES, DATA, "--as-of", "2021-06-01",
        "--publicity-start", "2021-09-28", "-o", str(out_file),
    )  # fmt: skip
    assert code == 0
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert report["publicity"] == {"start": "2021-09-28", "end": "2021-10-15", "working_days": 10}


def test_strict_exits_3_when_records_were_rejected() -> None:
    code, out, err = run("evaluate", RULES, DATA, "--as-of", "2021-06-01", "--strict")
    assert code == 3 and json.loads(out)["rejected"] and "rejected" in err


def test_bad_inputs_exit_without_traceback(tmp_path: Path) -> None:
    assert run("evaluate", RULES, str(tmp_path / "missing.json"))[0] == 2
    assert run("evaluate", str(tmp_path / "missing.rules"), DATA)[0] == 2
    assert run("evaluate", RULES, DATA, "--as-of", "June 1st")[0] == 2
    for not_iso in ("2021-W22-2", "20210601", "2021-6-1"):  # a DATE is YYYY-MM-DD
        code, _, err = run("evaluate", RULES, DATA, "--as-of", not_iso)
        assert code == 2 and "2021-06-01" in err
        assert run("evaluate", RULES, DATA, "--publicity-start", not_iso)[0] == 2
        assert run("diff", RULES, RULES, DATA, "--as-of", not_iso)[0] == 2
    bad = tmp_path / "bad.rules"
    bad.write_text("ruleset x {", encoding="utf-8")
    code, _, err = run("evaluate", str(bad), DATA)
    assert code == 1 and "error" in err and "Traceback" not in err
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert run("evaluate", RULES, str(broken))[0] == 2


def test_explain_text_and_json() -> None:
    code, out, _ = run(
        "explain", RULES, DATA, "--standard", "Q/JCMY 0002-2021", "--as-of", "2021-06-01"
    )
    assert code == 0
    assert "全硫 St,d：声明值 0.85，行业标准限值 0.8，优于 → 否" in out
    code, out, _ = run(
        "explain", RULES, DATA, "--standard", "Q/JCMY 0001-2021", "--as-of", "2021-06-01",
        "--format", "json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["status"] == "leader"


def test_explain_unknown_standard_exits_2() -> None:
    code, _, err = run("explain", RULES, DATA, "--standard", "Q/NOPE 1", "--as-of", "2021-06-01")
    assert code == 2 and "no standard 'Q/NOPE 1'" in err


def test_a_publicity_start_the_plan_has_no_use_for_is_warned_about(tmp_path: Path) -> None:
    plan = tmp_path / "no_notice.rules"
    text = Path(RULES).read_text(encoding="utf-8")
    plan.write_text(text.replace("publicity 10 working days", ""), encoding="utf-8")
    args = ("evaluate", str(plan), DATA, "--as-of", "2021-06-01")
    code, out, err = run(*args, "--publicity-start", "2021-06-02")
    assert code == 0 and json.loads(out)["publicity"] is None
    assert "--publicity-start" in err and "publicity" in err
    code, _, err = run(*args)
    assert code == 0 and "--publicity-start" not in err
    code, _, err = run(
        "evaluate", RULES, DATA, "--as-of", "2021-06-01", "--publicity-start", "2021-06-02"
    )
    assert code == 0 and "--publicity-start" not in err

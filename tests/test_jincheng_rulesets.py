"""The six Jincheng rulesets: they check clean, and evaluate to the hand-worked results.

The expected results below were worked out independently of the engine (SPEC
§4 applied by hand, with the small reference calculation in
`rulesets/jincheng/data/generate.py` for the sums) and are the same as the
`example` blocks in each ruleset. Each dataset is built on one scenario plan:

* `A` rank 1 and leader; `B` no conformity report and `C` a failed one
  (passed over: report); `D` no consent (consent); `BD` neither
  (report, consent); `G` a clean second leader; `E`/`F` an exact tie on the
  last leader place, so both are leaders (SPEC §4.4);
* one standard per way to fail eligibility, one standard of the other
  subject, an enterprise under a three-year exclusion;
* title holders for each of the seven triggers (one with two at once), and
  titles that must not be withdrawn: event before the award, a minor process
  change, an expired title, an event after as_of, another ruleset's title.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from standards_rules import evaluate, load_dataset, load_ruleset
from standards_rules.frontend import analyse, read_source

ROOT = Path(__file__).resolve().parent.parent
JINCHENG = ROOT / "rulesets" / "jincheng"
KEYS = ["coal", "steel_castings", "coalbed_methane", "optomechatronics", "tourism", "millet"]

RULESET_IDS = {
    "coal": "jincheng_coal",
    "steel_castings": "jincheng_steel_castings",
    "coalbed_methane": "jincheng_coalbed_methane",
    "optomechatronics": "jincheng_led_road_luminaire",
    "tourism": "jincheng_tourism_wellness",
    "millet": "jincheng_millet",
}

# Publicity: 10 working days from as_of, on the official 2021 calendar
# (National Day 10-01..07 with working Sundays/Saturdays 09-26 and 10-09;
# Mid-Autumn 09-19..21 with working Saturday 09-18).
PUBLICITY_END = {
    "coal": "2021-10-19",
    "steel_castings": "2021-10-28",
    "coalbed_methane": "2021-11-12",
    "optomechatronics": "2021-09-28",
    "tourism": "2021-11-11",
    "millet": "2021-12-14",
}

EXPECTED: dict[str, dict] = {
    "coal": {
        "as_of": "2021-09-30",
        "ineligible": {
            "Q/YHMY 0001-2021": ["current"],
            "Q/HDMY 0001-2021": ["applied"],
            "Q/SJMY 0001-2021": ["format"],
            "Q/THHMY0001-2021": ["format"],
            "Q/YCMY 0001-2021": ["stricter"],
            "Q/XTMY 0001-2021": ["stricter"],
            "Q/RAMY 0001-2021": ["stricter"],
            "Q/FTMY 0001-2021": ["mass_produced"],
            "Q/JTMY 0001-2021": ["mass_produced"],
            "Q/LHMY 0001-2021": ["not_excluded"],
            "Q/YXMY 0002-2021": ["not_lowered"],
            "Q/HHMY 0001-2021": ["clean_record"],
            "Q/JLMY 0001-2021": ["current", "applied", "format"],
            "Q/DDMY 0001-2021": ["subject"],
            "Q/DFMY 0001-2020": ["not_excluded", "clean_record"],
            "Q/RYMY 0001-2020": ["not_excluded", "not_lowered"],
            "Q/TFMY 0001-2020": ["not_excluded", "clean_record"],
            "Q/YRMY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HLMY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HSMY 0001-2020": ["not_excluded", "clean_record"],
            "Q/LQMY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HHTMY 0001-2020": ["not_excluded", "clean_record"],
            "Q/FCMY 0001-2020": ["clean_record"],
            "Q/QAMY 0001-2020": ["clean_record"],
            "Q/JTHMY 0001-2020": ["clean_record"],
        },
        "ranked": 29,
        "ranks": {
            "Q/HYMY 0001-2021": 1,
            "Q/FYMY 0001-2021": 2,
            "Q/CYMY 0001-2021": 3,
            "Q/QJMY 0001-2021": 4,
            "Q/THMY 0001-2021": 5,
            "Q/JJMY 0001-2021": 6,
            "Q/HRMY 0001-2021": 7,
            "Q/JJJMY 0001-2021": 7,
        },
        "scores": {
            "Q/HYMY 0001-2021": 0.530476,
            "Q/HRMY 0001-2021": 0.457708,
            "Q/JJJMY 0001-2021": 0.457708,
        },
        "leaders": [
            ["无烟块煤", 1, "Q/HYMY 0001-2021"],
            ["无烟块煤", 3, "Q/CYMY 0001-2021"],
            ["无烟块煤", 7, "Q/HRMY 0001-2021"],
            ["无烟块煤", 7, "Q/JJJMY 0001-2021"],
            ["无烟末煤", 2, "Q/JYMY 0001-2021"],
        ],
        "passed_over": [
            ["无烟块煤", 2, "Q/FYMY 0001-2021", ["report"]],
            ["无烟块煤", 4, "Q/QJMY 0001-2021", ["report"]],
            ["无烟块煤", 5, "Q/THMY 0001-2021", ["consent"]],
            ["无烟块煤", 6, "Q/JJMY 0001-2021", ["report", "consent"]],
            ["无烟末煤", 1, "Q/AQMY 0001-2021", ["consent"]],
        ],
        "withdrawn": {
            "Q/DFMY 0001-2020": ["process_change"],
            "Q/RYMY 0001-2020": ["lowered"],
            "Q/TFMY 0001-2020": ["accident"],
            "Q/YRMY 0001-2020": ["inspection"],
            "Q/HLMY 0001-2020": ["ip"],
            "Q/HSMY 0001-2020": ["integrity"],
            "Q/LQMY 0001-2020": ["other"],
            "Q/HHTMY 0001-2020": ["accident", "inspection"],
        },
        "not_withdrawn": [
            "Q/FCMY 0001-2020",
            "Q/CTMY 0001-2020",
            "Q/QAMY 0001-2020",
            "Q/TTMY 0001-2020",
            "Q/JTHMY 0001-2020",
        ],
    },
    "steel_castings": {
        "as_of": "2021-10-15",
        "ineligible": {
            "Q/YHZZ 0001-2021": ["current"],
            "Q/HDZZ 0001-2021": ["applied"],
            "Q/SJZZ 0001-2021": ["format"],
            "Q/THHZZ0001-2021": ["format"],
            "Q/YCZZ 0001-2021": ["stricter"],
            "Q/XTZZ 0001-2021": ["stricter"],
            "Q/RAZZ 0001-2021": ["stricter"],
            "Q/FTZZ 0001-2021": ["mass_produced"],
            "Q/JTZZ 0001-2021": ["mass_produced"],
            "Q/LHZZ 0001-2021": ["not_excluded"],
            "Q/YXZZ 0002-2021": ["not_lowered"],
            "Q/HHZZ 0001-2021": ["clean_record"],
            "Q/JLZZ 0001-2021": ["current", "applied", "format"],
            "Q/DDZZ 0001-2021": ["subject"],
            "Q/DFZZ 0001-2020": ["not_excluded", "clean_record"],
            "Q/RYZZ 0001-2020": ["not_excluded", "not_lowered"],
            "Q/TFZZ 0001-2020": ["not_excluded", "clean_record"],
            "Q/YRZZ 0001-2020": ["not_excluded", "clean_record"],
            "Q/HLZZ 0001-2020": ["not_excluded", "clean_record"],
            "Q/HSZZ 0001-2020": ["not_excluded", "clean_record"],
            "Q/LQZZ 0001-2020": ["not_excluded", "clean_record"],
            "Q/HHTZZ 0001-2020": ["not_excluded", "clean_record"],
            "Q/FCZZ 0001-2020": ["clean_record"],
            "Q/QAZZ 0001-2020": ["clean_record"],
            "Q/JTHZZ 0001-2020": ["clean_record"],
        },
        "ranked": 23,
        "ranks": {
            "Q/HYZZ 0001-2021": 1,
            "Q/FYZZ 0001-2021": 2,
            "Q/CYZZ 0001-2021": 3,
            "Q/QJZZ 0001-2021": 4,
            "Q/THZZ 0001-2021": 5,
            "Q/JJZZ 0001-2021": 6,
            "Q/HRZZ 0001-2021": 7,
            "Q/JJJZZ 0001-2021": 7,
        },
        "scores": {"Q/HYZZ 0001-2021": 1.0, "Q/HRZZ 0001-2021": 1.0, "Q/JJJZZ 0001-2021": 1.0},
        "leaders": [
            ["", 1, "Q/HYZZ 0001-2021"],
            ["", 3, "Q/CYZZ 0001-2021"],
            ["", 7, "Q/HRZZ 0001-2021"],
            ["", 7, "Q/JJJZZ 0001-2021"],
        ],
        "passed_over": [
            ["", 2, "Q/FYZZ 0001-2021", ["report"]],
            ["", 4, "Q/QJZZ 0001-2021", ["report"]],
            ["", 5, "Q/THZZ 0001-2021", ["consent"]],
            ["", 6, "Q/JJZZ 0001-2021", ["report", "consent"]],
        ],
        "withdrawn": {
            "Q/DFZZ 0001-2020": ["process_change"],
            "Q/RYZZ 0001-2020": ["lowered"],
            "Q/TFZZ 0001-2020": ["accident"],
            "Q/YRZZ 0001-2020": ["inspection"],
            "Q/HLZZ 0001-2020": ["ip"],
            "Q/HSZZ 0001-2020": ["integrity"],
            "Q/LQZZ 0001-2020": ["other"],
            "Q/HHTZZ 0001-2020": ["accident", "inspection"],
        },
        "not_withdrawn": [
            "Q/FCZZ 0001-2020",
            "Q/CTZZ 0001-2020",
            "Q/QAZZ 0001-2020",
            "Q/TTZZ 0001-2020",
            "Q/JTHZZ 0001-2020",
        ],
    },
    "coalbed_methane": {
        "as_of": "2021-11-01",
        "ineligible": {
            "Q/YHMQ 0001-2021": ["current"],
            "Q/HDMQ 0001-2021": ["applied"],
            "Q/SJMQ 0001-2021": ["format"],
            "Q/THHMQ0001-2021": ["format"],
            "Q/YCMQ 0001-2021": ["stricter"],
            "Q/XTMQ 0001-2021": ["stricter"],
            "Q/RAMQ 0001-2021": ["stricter"],
            "Q/FTMQ 0001-2021": ["mass_produced"],
            "Q/JTMQ 0001-2021": ["mass_produced"],
            "Q/LHMQ 0001-2021": ["not_excluded"],
            "Q/YXMQ 0002-2021": ["not_lowered"],
            "Q/HHMQ 0001-2021": ["clean_record"],
            "Q/JLMQ 0001-2021": ["current", "applied", "format"],
            "Q/DDMQ 0001-2021": ["subject"],
            "Q/DFMQ 0001-2020": ["not_excluded", "clean_record"],
            "Q/RYMQ 0001-2020": ["not_excluded", "not_lowered"],
            "Q/TFMQ 0001-2020": ["not_excluded", "clean_record"],
            "Q/YRMQ 0001-2020": ["not_excluded", "clean_record"],
            "Q/HLMQ 0001-2020": ["not_excluded", "clean_record"],
            "Q/HSMQ 0001-2020": ["not_excluded", "clean_record"],
            "Q/LQMQ 0001-2020": ["not_excluded", "clean_record"],
            "Q/HHTMQ 0001-2020": ["not_excluded", "clean_record"],
            "Q/FCMQ 0001-2020": ["clean_record"],
            "Q/QAMQ 0001-2020": ["clean_record"],
            "Q/JTHMQ 0001-2020": ["clean_record"],
        },
        "ranked": 23,
        "ranks": {
            "Q/HYMQ 0001-2021": 1,
            "Q/FYMQ 0001-2021": 2,
            "Q/CYMQ 0001-2021": 3,
            "Q/QJMQ 0001-2021": 4,
            "Q/THMQ 0001-2021": 5,
            "Q/JJMQ 0001-2021": 6,
            "Q/HRMQ 0001-2021": 7,
            "Q/JJJMQ 0001-2021": 7,
        },
        "scores": {
            "Q/HYMQ 0001-2021": 1.0,
            "Q/HRMQ 0001-2021": 0.837535,
            "Q/JJJMQ 0001-2021": 0.837535,
        },
        "leaders": [
            ["", 1, "Q/HYMQ 0001-2021"],
            ["", 3, "Q/CYMQ 0001-2021"],
            ["", 7, "Q/HRMQ 0001-2021"],
            ["", 7, "Q/JJJMQ 0001-2021"],
        ],
        "passed_over": [
            ["", 2, "Q/FYMQ 0001-2021", ["report"]],
            ["", 4, "Q/QJMQ 0001-2021", ["report"]],
            ["", 5, "Q/THMQ 0001-2021", ["consent"]],
            ["", 6, "Q/JJMQ 0001-2021", ["report", "consent"]],
        ],
        "withdrawn": {
            "Q/DFMQ 0001-2020": ["process_change"],
            "Q/RYMQ 0001-2020": ["lowered"],
            "Q/TFMQ 0001-2020": ["accident"],
            "Q/YRMQ 0001-2020": ["inspection"],
            "Q/HLMQ 0001-2020": ["ip"],
            "Q/HSMQ 0001-2020": ["integrity"],
            "Q/LQMQ 0001-2020": ["other"],
            "Q/HHTMQ 0001-2020": ["accident", "inspection"],
        },
        "not_withdrawn": [
            "Q/FCMQ 0001-2020",
            "Q/CTMQ 0001-2020",
            "Q/QAMQ 0001-2020",
            "Q/TTMQ 0001-2020",
            "Q/JTHMQ 0001-2020",
        ],
    },
    "optomechatronics": {
        "as_of": "2021-09-15",
        "ineligible": {
            "Q/YHGD 0001-2021": ["current"],
            "Q/HDGD 0001-2021": ["applied"],
            "Q/SJGD 0001-2021": ["format"],
            "Q/THHGD0001-2021": ["format"],
            "Q/YCGD 0001-2021": ["stricter"],
            "Q/XTGD 0001-2021": ["stricter"],
            "Q/RAGD 0001-2021": ["stricter"],
            "Q/FTGD 0001-2021": ["mass_produced"],
            "Q/JTGD 0001-2021": ["mass_produced"],
            "Q/LHGD 0001-2021": ["not_excluded"],
            "Q/YXGD 0002-2021": ["not_lowered"],
            "Q/HHGD 0001-2021": ["clean_record"],
            "Q/JLGD 0001-2021": ["current", "applied", "format"],
            "Q/DDGD 0001-2021": ["subject"],
            "Q/DFGD 0001-2020": ["not_excluded", "clean_record"],
            "Q/RYGD 0001-2020": ["not_excluded", "not_lowered"],
            "Q/TFGD 0001-2020": ["not_excluded", "clean_record"],
            "Q/YRGD 0001-2020": ["not_excluded", "clean_record"],
            "Q/HLGD 0001-2020": ["not_excluded", "clean_record"],
            "Q/HSGD 0001-2020": ["not_excluded", "clean_record"],
            "Q/LQGD 0001-2020": ["not_excluded", "clean_record"],
            "Q/HHTGD 0001-2020": ["not_excluded", "clean_record"],
            "Q/FCGD 0001-2020": ["clean_record"],
            "Q/QAGD 0001-2020": ["clean_record"],
            "Q/JTHGD 0001-2020": ["clean_record"],
        },
        "ranked": 29,
        "ranks": {
            "Q/HYGD 0001-2021": 1,
            "Q/FYGD 0001-2021": 2,
            "Q/CYGD 0001-2021": 3,
            "Q/QJGD 0001-2021": 4,
            "Q/THGD 0001-2021": 5,
            "Q/JJGD 0001-2021": 6,
            "Q/HRGD 0001-2021": 7,
            "Q/JJJGD 0001-2021": 7,
        },
        "scores": {
            "Q/HYGD 0001-2021": 0.265314,
            "Q/HRGD 0001-2021": 0.227651,
            "Q/JJJGD 0001-2021": 0.227651,
        },
        "leaders": [
            ["LED路灯", 1, "Q/HYGD 0001-2021"],
            ["LED路灯", 3, "Q/CYGD 0001-2021"],
            ["LED路灯", 7, "Q/HRGD 0001-2021"],
            ["LED路灯", 7, "Q/JJJGD 0001-2021"],
            ["LED隧道灯", 2, "Q/HYRGD 0001-2021"],
            ["LED隧道灯", 3, "Q/DHGD 0001-2021"],
            ["LED隧道灯", 4, "Q/DJGD 0001-2021"],
        ],
        "passed_over": [
            ["LED路灯", 2, "Q/FYGD 0001-2021", ["report"]],
            ["LED路灯", 4, "Q/QJGD 0001-2021", ["report"]],
            ["LED路灯", 5, "Q/THGD 0001-2021", ["consent"]],
            ["LED路灯", 6, "Q/JJGD 0001-2021", ["report", "consent"]],
            ["LED隧道灯", 1, "Q/AQGD 0001-2021", ["consent"]],
        ],
        "withdrawn": {
            "Q/DFGD 0001-2020": ["process_change"],
            "Q/RYGD 0001-2020": ["lowered"],
            "Q/TFGD 0001-2020": ["accident"],
            "Q/YRGD 0001-2020": ["inspection"],
            "Q/HLGD 0001-2020": ["ip"],
            "Q/HSGD 0001-2020": ["integrity"],
            "Q/LQGD 0001-2020": ["other"],
            "Q/HHTGD 0001-2020": ["accident", "inspection"],
        },
        "not_withdrawn": [
            "Q/FCGD 0001-2020",
            "Q/CTGD 0001-2020",
            "Q/QAGD 0001-2020",
            "Q/TTGD 0001-2020",
            "Q/JTHGD 0001-2020",
        ],
    },
    "tourism": {
        "as_of": "2021-10-29",
        "ineligible": {
            "Q/YHLY 0001-2021": ["current"],
            "Q/HDLY 0001-2021": ["applied"],
            "Q/SJLY 0001-2021": ["format"],
            "Q/THHLY0001-2021": ["format"],
            "Q/YCLY 0001-2021": ["stricter"],
            "Q/XTLY 0001-2021": ["stricter"],
            "Q/RALY 0001-2021": ["stricter"],
            "Q/FTLY 0001-2021": ["widely_provided"],
            "Q/JTLY 0001-2021": ["widely_provided"],
            "Q/LHLY 0001-2021": ["widely_provided"],
            "Q/AHLY 0001-2021": ["not_excluded"],
            "Q/HHLY 0002-2021": ["not_lowered"],
            "Q/JLLY 0001-2021": ["clean_record"],
            "Q/DDLY 0001-2021": ["current", "applied", "format"],
            "Q/DFLY 0001-2021": ["subject"],
            "Q/RYLY 0001-2020": ["not_excluded", "clean_record"],
            "Q/TFLY 0001-2020": ["not_excluded", "not_lowered"],
            "Q/YRLY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HLLY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HSLY 0001-2020": ["not_excluded", "clean_record"],
            "Q/LQLY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HHTLY 0001-2020": ["not_excluded", "clean_record"],
            "Q/FCLY 0001-2020": ["not_excluded", "clean_record"],
            "Q/CTLY 0001-2020": ["clean_record"],
            "Q/TTLY 0001-2020": ["clean_record"],
            "Q/HHDLY 0001-2020": ["clean_record"],
        },
        "ranked": 23,
        "ranks": {
            "Q/HYLY 0001-2021": 1,
            "Q/FYLY 0001-2021": 2,
            "Q/CYLY 0001-2021": 3,
            "Q/QJLY 0001-2021": 4,
            "Q/THLY 0001-2021": 5,
            "Q/JJLY 0001-2021": 6,
            "Q/HRLY 0001-2021": 7,
            "Q/JJJLY 0001-2021": 7,
        },
        "scores": {
            "Q/HYLY 0001-2021": 0.634412,
            "Q/HRLY 0001-2021": 0.548936,
            "Q/JJJLY 0001-2021": 0.548936,
        },
        "leaders": [
            ["", 1, "Q/HYLY 0001-2021"],
            ["", 3, "Q/CYLY 0001-2021"],
            ["", 7, "Q/HRLY 0001-2021"],
            ["", 7, "Q/JJJLY 0001-2021"],
        ],
        "passed_over": [
            ["", 2, "Q/FYLY 0001-2021", ["report"]],
            ["", 4, "Q/QJLY 0001-2021", ["report"]],
            ["", 5, "Q/THLY 0001-2021", ["consent"]],
            ["", 6, "Q/JJLY 0001-2021", ["report", "consent"]],
        ],
        "withdrawn": {
            "Q/RYLY 0001-2020": ["process_change"],
            "Q/TFLY 0001-2020": ["lowered"],
            "Q/YRLY 0001-2020": ["accident"],
            "Q/HLLY 0001-2020": ["inspection"],
            "Q/HSLY 0001-2020": ["ip"],
            "Q/LQLY 0001-2020": ["integrity"],
            "Q/HHTLY 0001-2020": ["other"],
            "Q/FCLY 0001-2020": ["accident", "inspection"],
        },
        "not_withdrawn": [
            "Q/CTLY 0001-2020",
            "Q/QALY 0001-2020",
            "Q/TTLY 0001-2020",
            "Q/JTHLY 0001-2020",
            "Q/HHDLY 0001-2020",
        ],
    },
    "millet": {
        "as_of": "2021-12-01",
        "ineligible": {
            "Q/YHNY 0001-2021": ["current"],
            "Q/HDNY 0001-2021": ["applied"],
            "Q/SJNY 0001-2021": ["format"],
            "Q/THHNY0001-2021": ["format"],
            "Q/YCNY 0001-2021": ["stricter"],
            "Q/XTNY 0001-2021": ["stricter"],
            "Q/RANY 0001-2021": ["stricter"],
            "Q/FTNY 0001-2021": ["mass_produced"],
            "Q/JTNY 0001-2021": ["mass_produced"],
            "Q/LHNY 0001-2021": ["not_excluded"],
            "Q/YXNY 0002-2021": ["not_lowered"],
            "Q/HHNY 0001-2021": ["clean_record"],
            "Q/JLNY 0001-2021": ["current", "applied", "format"],
            "Q/DDNY 0001-2021": ["subject"],
            "Q/DFNY 0001-2020": ["not_excluded", "clean_record"],
            "Q/RYNY 0001-2020": ["not_excluded", "not_lowered"],
            "Q/TFNY 0001-2020": ["not_excluded", "clean_record"],
            "Q/YRNY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HLNY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HSNY 0001-2020": ["not_excluded", "clean_record"],
            "Q/LQNY 0001-2020": ["not_excluded", "clean_record"],
            "Q/HHTNY 0001-2020": ["not_excluded", "clean_record"],
            "Q/FCNY 0001-2020": ["clean_record"],
            "Q/QANY 0001-2020": ["clean_record"],
            "Q/JTHNY 0001-2020": ["clean_record"],
        },
        "ranked": 23,
        "ranks": {
            "Q/HYNY 0001-2021": 1,
            "Q/FYNY 0001-2021": 2,
            "Q/CYNY 0001-2021": 3,
            "Q/QJNY 0001-2021": 4,
            "Q/THNY 0001-2021": 5,
            "Q/JJNY 0001-2021": 6,
            "Q/HRNY 0001-2021": 7,
            "Q/JJJNY 0001-2021": 7,
        },
        "scores": {"Q/HYNY 0001-2021": 1.0, "Q/HRNY 0001-2021": 1.0, "Q/JJJNY 0001-2021": 1.0},
        "leaders": [
            ["", 1, "Q/HYNY 0001-2021"],
            ["", 3, "Q/CYNY 0001-2021"],
            ["", 7, "Q/HRNY 0001-2021"],
            ["", 7, "Q/JJJNY 0001-2021"],
        ],
        "passed_over": [
            ["", 2, "Q/FYNY 0001-2021", ["report"]],
            ["", 4, "Q/QJNY 0001-2021", ["report"]],
            ["", 5, "Q/THNY 0001-2021", ["consent"]],
            ["", 6, "Q/JJNY 0001-2021", ["report", "consent"]],
        ],
        "withdrawn": {
            "Q/DFNY 0001-2020": ["process_change"],
            "Q/RYNY 0001-2020": ["lowered"],
            "Q/TFNY 0001-2020": ["accident"],
            "Q/YRNY 0001-2020": ["inspection"],
            "Q/HLNY 0001-2020": ["ip"],
            "Q/HSNY 0001-2020": ["integrity"],
            "Q/LQNY 0001-2020": ["other"],
            "Q/HHTNY 0001-2020": ["accident", "inspection"],
        },
        "not_withdrawn": [
            "Q/FCNY 0001-2020",
            "Q/CTNY 0001-2020",
            "Q/QANY 0001-2020",
            "Q/TTNY 0001-2020",
            "Q/JTHNY 0001-2020",
        ],
    },
}


def _report(key: str) -> dict:
    ruleset = load_ruleset(JINCHENG / f"{key}.rules")
    dataset = load_dataset(JINCHENG / "data" / f"{key}.json")
    as_of = datetime.date.fromisoformat(EXPECTED[key]["as_of"])
    result: dict = json.loads(evaluate(ruleset, dataset, as_of=as_of).to_json())
    return result


@pytest.fixture(scope="module", params=KEYS)
def case(request: pytest.FixtureRequest) -> tuple[str, dict, dict]:
    key = request.param
    return key, EXPECTED[key], _report(key)


@pytest.mark.parametrize("key", KEYS)
def test_checks_clean_without_warnings(key: str) -> None:
    ruleset, diagnostics = analyse(read_source(JINCHENG / f"{key}.rules"))
    assert ruleset is not None
    assert [f"{d.code}: {d.message}" for d in diagnostics] == []
    assert ruleset.id == RULESET_IDS[key]
    metadata = ruleset.metadata
    assert metadata.authority == "晋城市市场监督管理局"
    assert metadata.source == "晋市市监〔2021〕77号"
    assert str(metadata.effective) == "2021-04-22"


@pytest.mark.parametrize("key", KEYS)
def test_dataset_size_and_nothing_rejected(key: str) -> None:
    dataset = load_dataset(JINCHENG / "data" / f"{key}.json")
    assert 30 <= len(dataset.standards) <= 200
    assert list(dataset.rejected) == []


def test_ruleset_id(case: tuple[str, dict, dict]) -> None:
    key, _, report = case
    assert report["ruleset"]["id"] == RULESET_IDS[key]
    assert report["rejected"] == []


def test_eligibility(case: tuple[str, dict, dict]) -> None:
    _, expected, report = case
    failed = {
        e["standard"]: [f["rule"] for f in e["failed"]]
        for e in report["eligibility"]
        if not e["eligible"]
    }
    assert failed == expected["ineligible"]
    every_standard = {e["standard"] for e in report["eligibility"]}
    assert len(every_standard) == len(report["eligibility"])


def test_ranking(case: tuple[str, dict, dict]) -> None:
    _, expected, report = case
    assert len(report["ranking"]) == expected["ranked"]
    ranks = {r["standard"]: r["rank"] for r in report["ranking"]}
    scores = {r["standard"]: r["score"] for r in report["ranking"]}
    for number, rank in expected["ranks"].items():
        assert ranks[number] == rank, number
    for number, score in expected["scores"].items():
        assert scores[number] == pytest.approx(score, abs=1e-6), number


def test_leaders_and_passed_over(case: tuple[str, dict, dict]) -> None:
    _, expected, report = case
    assert [[x["group"], x["rank"], x["standard"]] for x in report["leaders"]] == expected[
        "leaders"
    ]
    got = [[x["group"], x["rank"], x["standard"], x["failed"]] for x in report["passed_over"]]
    assert got == expected["passed_over"]


def test_publicity(case: tuple[str, dict, dict]) -> None:
    key, expected, report = case
    assert report["publicity"] == {
        "start": expected["as_of"],
        "end": PUBLICITY_END[key],
        "working_days": 10,
    }


def test_withdrawals(case: tuple[str, dict, dict]) -> None:
    _, expected, report = case
    as_of = datetime.date.fromisoformat(expected["as_of"])
    excluded_until = as_of.replace(year=as_of.year + 3).isoformat()
    got = {w["standard"]: w["triggers"] for w in report["withdrawals"]}
    assert got == expected["withdrawn"]
    for w in report["withdrawals"]:
        assert w["decided_on"] == expected["as_of"]
        assert w["excluded_until"] == excluded_until
    for number in expected["not_withdrawn"]:
        assert number not in got
    every_trigger = {t for triggers in got.values() for t in triggers}
    assert every_trigger == {
        "process_change",
        "lowered",
        "accident",
        "inspection",
        "ip",
        "integrity",
        "other",
    }

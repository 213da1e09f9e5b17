"""Stage drivers: the generated functions that run a whole section over many standards.

Takes a `CodeGen` and the bodies of a section; adds to its module the eligibility
mask function (one call per standard, a bit per false body) and the eligibility
loop (the whole stage in one function, no call per standard). The rule bodies
themselves are `CodeGen`'s; these are only the frames around them.
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.compile.codegen import CodeGen


def mask_function(gen: CodeGen, name: str, exprs: tuple[ast.Expr, ...]) -> None:
    """Emit `def name(params)` giving a bit mask of the bodies that are false (bit k: body k).

    All bodies share one prelude, so each indicator value is read once per standard.
    """
    tests, prelude = gen.mask_tests(exprs, indent=4)
    gen.add_block(
        f"def {name}({', '.join(gen.params)}):\n{prelude}    m = 0\n{''.join(tests)}    return m\n"
    )


def judge_loop(gen: CodeGen, name: str, exprs: tuple[ast.Expr, ...]) -> None:
    """Emit the whole eligibility stage as one loop over (standard, enterprise) pairs.

    `def name(pool, a, views_for, needs_views, wanted, failed, candidate, program,
    add_standard, add_pattern, add_eligible)`: the same rules, prelude and masks as
    `mask_function`, without a function call per standard. Each standard is passed to
    `add_standard` and its failure pattern to `add_pattern`: `failed[mask]`, or 0 when
    it failed nothing; `candidate` builds what the later stages take.
    """
    tests, prelude = gen.mask_tests(exprs, indent=8)
    # `t`, `ev`, `c` and `sc` are what hoisted helpers are passed for the eligible section.
    gen.add_block(
        f"def {name}(pool, a, views_for, needs_views, wanted, failed, candidate,"
        " program, add_standard, add_pattern, add_eligible):\n"
        "    t = c = sc = d = None\n"
        "    ev = ()\n"
        # The subject (an enum member) that last matched: the same object matches again.
        "    matched = None\n"
        "    for s, e in pool:\n"
        "        add_standard(s)\n"
        "        if wanted is not None and s.subject is not matched:\n"
        "            if _str(s.subject) != wanted:\n"
        "                add_pattern(failed[-1])\n"
        "                continue\n"
        "            matched = s.subject\n"
        "        V = views_for(s) if needs_views else ()\n"
        f"{prelude}        m = 0\n"
        f"{''.join(tests)}"
        "        if m:\n"
        "            add_pattern(failed[m])\n"
        "        else:\n"
        "            add_pattern(0)\n"
        "            add_eligible(candidate(program, s, e, V))\n",
        binds_views=True,
    )


__all__ = ["judge_loop", "mask_function"]

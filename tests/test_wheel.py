"""The grammar and the notice template ship inside the wheel: build, install, use from outside."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).parents[1]
PROBE = (
    "import standards_rules, pathlib;"
    "from standards_rules import parse_ruleset;"
    "assert 'site-packages' in standards_rules.__file__, standards_rules.__file__;"
    "rs = parse_ruleset(pathlib.Path(r'{spec}').read_text(encoding='utf-8'));"
    "import importlib.resources as r;"
    "assert r.files('standards_rules').joinpath('render/templates/notice.html').is_file();"
    "print(rs.id)"
)


def test_wheel_installs_and_loads_its_grammar(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            dist,
            ROOT,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    wheel = next(dist.glob("standards_rules-*.whl"))
    # A fresh venv that sees this venv's packages for the dependencies, but not the editable
    # install: the wheel itself is installed into the new venv, which takes precedence.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, system_site_packages=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (Path(site) / "deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, wheel],
        check=True,
        capture_output=True,
        timeout=120,
    )
    spec = ROOT / "tests" / "fixtures" / "good" / "spec_example.rules"
    result = subprocess.run(
        [python, "-I", "-c", PROBE.format(spec=spec)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "jincheng_coal"

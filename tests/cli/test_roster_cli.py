"""`hotline roster ...` through the real entry point."""
from __future__ import annotations

import os
import subprocess
import sys

import yaml

from bot.config import ROOT


def run(url, *args):
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_import_check_show_and_gaps_are_errors_the_operator_sees(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    assert run(url, "registry", "migrate").returncode == 0
    assert run(url, "roster", "check").returncode == 1
    imported = run(url, "roster", "import", str(ROOT / "deploy" / "roster.sample.yml"))
    assert imported.returncode == 0 and "fallback FICTIEF Landelijk piket" in imported.stdout
    assert run(url, "roster", "check").returncode == 0
    assert "landelijk-piket" in run(url, "roster", "show").stdout
    sample = yaml.safe_load((ROOT / "deploy" / "roster.sample.yml").read_text())
    gappy = tmp_path / "gappy.yml"
    gappy.write_text(yaml.safe_dump(dict(sample, shifts=sample["shifts"][:3])))
    result = run(url, "roster", "import", str(gappy))
    assert result.returncode == 0 and "ERROR: nobody on shift mon 00:00-09:00" in result.stderr
    assert run(url, "roster", "check").returncode == 1
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(dict(sample, fallback=None)))
    refused = run(url, "roster", "import", str(broken))
    assert refused.returncode == 1 and "nothing changed" in refused.stderr

"""`hotline start` trains only when domain.yml, config.yml, data/ or the NLU code changed."""
from __future__ import annotations

import shutil

from bot.cli import run_cmd


def copy_inputs(tmp_path):
    for name in run_cmd.TRAINING_INPUTS:
        source = run_cmd.ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, tmp_path / name)
    return tmp_path


def test_fingerprint_changes_with_any_training_input_and_nothing_else(tmp_path):
    root = copy_inputs(tmp_path)
    before = run_cmd.fingerprint(root)
    assert run_cmd.fingerprint(root) == before
    (root / "README.md").write_text("not a training input")
    assert run_cmd.fingerprint(root) == before
    for changed in ("domain.yml", "config.yml", "data/rules/bed_search.yml", "bot/nlu/places.py"):
        path = root / changed
        original = path.read_text()
        path.write_text(original + "\n# changed\n")
        assert run_cmd.fingerprint(root) != before, changed
        path.write_text(original)
    (root / "data" / "nlu" / "nl" / "new.yml").write_text("version: '3.1'\n")
    assert run_cmd.fingerprint(root) != before


def test_model_is_stale_without_a_model_or_with_another_fingerprint(tmp_path, monkeypatch):
    root = copy_inputs(tmp_path)
    monkeypatch.setattr(run_cmd, "MODELS", tmp_path / "models")
    assert run_cmd.model_is_stale(root)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "opvanglijn.tar.gz").write_bytes(b"model")
    (tmp_path / "models" / "opvanglijn.fingerprint").write_text(run_cmd.fingerprint(root))
    assert not run_cmd.model_is_stale(root)
    (root / "domain.yml").write_text((root / "domain.yml").read_text() + "\n")
    assert run_cmd.model_is_stale(root)

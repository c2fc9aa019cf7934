"""The `councilkg` entry point answers a mistyped command line with a usage message and
exit status 2, never a Python traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def councilkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from api.cli import main; main()", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args, says", [
    (("nosuchverb",), "No such command"),
    (("lineage", "--all", "--jsn"), "No such option: --jsn"),
    (("search",), "Missing"),
])
def test_a_mistyped_command_line_gets_usage_and_exit_2(args, says):
    result = councilkg(*args)
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_store_is_named_without_a_traceback(tmp_path):
    result = councilkg("--store", str(tmp_path / "none"), "gaps")
    assert result.returncode == 2
    assert result.stderr.startswith("error: No built store in")
    assert "Traceback" not in result.stderr


def test_an_interrupted_command_exits_130(monkeypatch, capsys):
    from api import cli

    def interrupted(**_):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "app", interrupted)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "aborted\n"

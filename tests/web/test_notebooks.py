"""The analysts' notebooks run top to bottom against the bundled corpus (issue 6)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_there_are_at_least_three_notebooks():
    assert len(NOTEBOOKS) >= 3, [n.name for n in NOTEBOOKS]


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_notebook_runs_without_errors_on_the_bundled_corpus(notebook, seed_settings, monkeypatch):
    # The kernel inherits this environment: it reads the session's built store, fake embedder.
    monkeypatch.setenv("COUNCILKG_STORE", seed_settings.store)
    monkeypatch.setenv("COUNCILKG_EMBEDDER", "fake")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws the plots
    nb = nbformat.read(notebook, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert outputs, f"{notebook.name} printed nothing"
    if "plt." in "".join(c.source for c in nb.cells):
        assert any("image/png" in o.get("data", {}) for o in outputs), f"{notebook.name} drew no picture"

"""The engine's import contracts (.importlinter): no cycles, stages point one way, no publication code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extra"
    run = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    for contract in ("No import cycles inside the engine KEPT",
                     "The engine never imports a publication's code KEPT",
                     "Stages point one way: command line, build, render, content, data, model KEPT"):
        assert contract in run.stdout

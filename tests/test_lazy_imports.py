"""The build path imports pandas only where a frame is made (issue 18).

A rebuild whose pages all come from the render cache needs no DataFrame, so importing the
command line, the build, the figure references and every engine page kind must not import
pandas (nor numpy or altair through it). The probe runs in a fresh interpreter, since this
test process has long imported pandas; it then makes one frame (a ranking's tile map), which
does import pandas, so the probe is seen to work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "altair")
PROBE = """
import importlib, json, sys
from generator.kinds import BUILTIN
for name in ("generator.cli", "generator.build", "generator.figures", "generator.pages.rows",
             *BUILTIN.values()):
    importlib.import_module(name)
imported = sorted(m for m in HEAVY if m in sys.modules)
from generator.pages import ranking
frame = ranking.tile_frame({
    "reported": [{"code": "1", "name": "First", "value": "50.5", "shown": "50.5%"}],
    "missing": [{"code": "2", "name": "Second"}],
    "tiles": [{"code": "2", "row": 0, "column": 1, "label": "S"},
              {"code": "1", "row": 0, "column": 0, "label": "F"}]})
print(json.dumps({"imported": imported, "pandas_after_frame": "pandas" in sys.modules,
                  "regions": list(frame["region"]), "status": list(frame["status"]),
                  "values": [v if v == v else None for v in frame["value"]]}))
"""


def test_build_path_and_engine_kinds_import_no_pandas() -> None:
    """generator.cli, generator.build, generator.figures and every engine page kind (with
    pages/rows.py, which they share) import none of pandas, numpy or altair; making a frame
    does import pandas."""
    done = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["imported"] == []
    assert report["pandas_after_frame"] is True
    # The tiles in grid order, the missing region not reported and without a value.
    assert report["regions"] == ["1", "2"]
    assert report["status"] == ["reported", "not reported"]
    assert report["values"] == [50.5, None]


PUBLICATION_PROBE = """
import importlib, json, sys
names = ("page_kinds.coverage", "page_kinds.coverage_charts", "page_kinds.livelihoods",
         "page_kinds.states", "page_kinds.districts", "page_kinds.partners",
         "page_kinds.state_figures")
for name in names:
    importlib.import_module(name)
imported = sorted(m for m in HEAVY if m in sys.modules)
print(json.dumps({"imported": imported}))
"""


def test_publication_page_kinds_import_no_pandas() -> None:
    """Loading the publication's page kinds (as load_config does) imports none of pandas,
    numpy or altair: they are imported inside the functions that make a frame or a chart."""
    done = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PUBLICATION_PROBE}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1])["imported"] == []

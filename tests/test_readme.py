"""The README's pasted gradient is what `s2sgrad emit examples/control.py` writes today."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_readme_shows_the_current_emitted_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python", readme.index("`s2sgrad emit examples/control.py` writes"))
    pasted = readme[start + len("```python\n"):readme.index("```", start + 9)]
    emitted = subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", "examples/control.py"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert pasted == emitted, "README.md is stale: paste the output of `s2sgrad emit examples/control.py`"

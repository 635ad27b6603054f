"""The transform's work grows linearly with a function's length.

Times are too noisy on a shared machine to assert on, so the walks are counted instead: the
tree walks a pass makes for a straight-line function twice as long are about twice as many,
not four times (a pass that walks every later statement once per statement is quadratic; the
1,000-line row of `scripts/bench.py --only transform` took minutes when one did).
"""

import importlib.util

import pytest

from benchmarks.extra import _long_function
from s2sgrad.analyses import recording
from s2sgrad.api import compiled


def _load(tmp_path, length):
    path = tmp_path / f"long_{length}.py"
    path.write_text("\n".join(_long_function(length)) + "\n")
    spec = importlib.util.spec_from_file_location(f"long_{length}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def _walks(monkeypatch, fn, mode):
    """The number of trees `recording` walks while `fn` is transformed in `mode`."""
    count = [0]
    walk = recording.walk

    def counted(node):
        count[0] += 1
        return walk(node)
    monkeypatch.setattr(recording, "walk", counted)
    compiled(fn, 0, mode=mode, kinds=("array",))
    monkeypatch.setattr(recording, "walk", walk)
    return count[0]


@pytest.mark.parametrize("mode", ["reverse", "split"])
def test_recording_walks_grow_linearly(tmp_path, monkeypatch, mode):
    short, long_ = (_walks(monkeypatch, _load(tmp_path, n), mode) for n in (60, 120))
    assert long_ <= 2.5 * max(short, 1), (short, long_)

"""The status line on stderr: shown only on a terminal and only for transforms slower than the
threshold, one line rewritten with \\r through the passes, cleared at the end and on errors."""

import contextlib
import io
import os
import subprocess
import sys

import numpy as np
import pytest

import s2sgrad
from s2sgrad import cli, progress
from s2sgrad.errors import UserCodeError
from s2sgrad.progress import STAGES, Progress
from tests.conftest import ROOT


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self):
        return True


class Clock:
    def __init__(self, *times):
        self.times = list(times)

    def __call__(self):
        return self.times.pop(0) if len(self.times) > 1 else self.times[0]


def frames(text):
    """The successive states of the status line: the text between carriage returns, trailing
    blanks dropped."""
    return [part.rstrip() for part in text.split("\r")]


def test_slow_on_a_terminal_one_line_rewritten_then_cleared():
    stream = FakeTerminal()
    status = Progress(stream, clock=Clock(0.0, 1.5))
    status.stage("f", "parse")
    status.stage("f → g", "differentiate", "reverse")
    assert frames(stream.getvalue()) == ["", "s2sgrad: differentiating f (pass 1/7: parse)…",
                                         "s2sgrad: differentiating f → g (pass 5/7: reverse)…"]
    assert "\n" not in stream.getvalue()
    status.done()
    text = stream.getvalue()
    assert text.endswith("\r" + " " * len("s2sgrad: differentiating f → g (pass 5/7: reverse)…") + "\r")
    status.done()                               # a second done writes nothing
    assert stream.getvalue() == text


def test_a_shorter_line_blanks_out_the_longer_one_before_it():
    stream = FakeTerminal()
    status = Progress(stream, threshold=0.0)
    status.stage("a_long_function_name", "parse")
    status.stage("f", "codegen")
    last = stream.getvalue().split("\r")[-1]
    assert len(last) == len("s2sgrad: differentiating a_long_function_name (pass 1/7: parse)…")


def test_fast_transforms_and_non_terminals_print_nothing():
    stream = FakeTerminal()
    fast = Progress(stream, clock=Clock(0.0, 0.4))        # under the default threshold of one second
    for stage in STAGES:
        fast.stage("f", stage)
    fast.done()
    assert stream.getvalue() == ""
    piped = io.StringIO()                   # not a terminal: nothing however slow
    slow = Progress(piped, threshold=0.0)
    slow.stage("f", "parse")
    slow.done()
    assert piped.getvalue() == ""


def test_control_characters_in_names_never_reach_the_terminal():
    stream = FakeTerminal()
    Progress(stream, threshold=0.0).stage("f\x1b[2J\n", "parse")
    assert "\x1b" not in stream.getvalue() and "\n" not in stream.getvalue()


def test_a_broken_terminal_is_not_an_error():
    class Closed(FakeTerminal):
        def write(self, text):
            raise OSError("gone")
    status = Progress(Closed(), threshold=0.0)
    status.stage("f", "parse")
    status.done()
    assert not status.enabled


@pytest.fixture
def terminal(monkeypatch):
    """stderr as a terminal (set in the test itself: pytest's capture sets sys.stderr again as the
    test starts), every transform slow (threshold 0)."""
    monkeypatch.setattr(progress, "THRESHOLD", 0.0)
    return FakeTerminal()


def callee(x):
    return np.sin(x) * x


def outer(x, n):
    y = x
    for _ in range(n):
        y = callee(y)
    return np.sum(y)


def test_the_pipeline_reports_every_pass_in_order(terminal):
    with contextlib.redirect_stderr(terminal):
        g = s2sgrad.grad(outer)(np.array([0.3, 0.5]), 2)
    assert np.all(np.isfinite(g))
    shown = [f for f in frames(terminal.getvalue()) if f]
    passes = [f.split("(pass ")[1].rstrip(")…") for f in shown]
    assert passes[:5] == ["1/7: parse", "2/7: fence", "3/7: normalize", "4/7: analyze", "5/7: reverse"]
    assert passes[-1] == "7/7: codegen" and "6/7: optimize" in passes
    assert any(f.startswith("s2sgrad: differentiating outer → callee (") for f in shown)
    assert all(f.startswith("s2sgrad: differentiating outer") for f in shown)
    assert terminal.getvalue().endswith(" \r") and frames(terminal.getvalue())[-1] == ""     # cleared


def test_forward_mode_names_its_pass(terminal):
    with contextlib.redirect_stderr(terminal):
        s2sgrad.jvp(callee, (np.array([0.3]),), (np.array([1.0]),))
    assert "(pass 5/7: forward)…" in terminal.getvalue()
    assert frames(terminal.getvalue())[-1] == ""


def test_the_line_is_cleared_before_an_error_is_printed(terminal, tmp_path):
    path = tmp_path / "bad.py"
    path.write_text("import numpy as np\n\ndef f(x):\n    return np.sum(np.nancumprod(x))\n", encoding="utf-8")
    with contextlib.redirect_stderr(terminal), pytest.raises(UserCodeError, match="no derivative rule"):
        cli._emit_text(cli.Request(str(path), ("f",)), debug=False)
    assert "pass 1/7" in terminal.getvalue() and frames(terminal.getvalue())[-1] == ""


def test_the_cli_shows_the_line_on_a_terminal_only(terminal, capsys):
    with contextlib.redirect_stderr(terminal):
        assert cli.main(["emit", "examples/control.py", "-f", "f"]) == 0
    assert "(pass 7/7: codegen)…" in terminal.getvalue() and frames(terminal.getvalue())[-1] == ""
    assert "def d_f" in capsys.readouterr().out
    terminal.seek(0)
    terminal.truncate()
    with contextlib.redirect_stderr(terminal):      # --debug prints the stages: no status line
        assert cli.main(["emit", "examples/control.py", "-f", "f", "--debug"]) == 0
    assert "s2sgrad: differentiating" not in terminal.getvalue()


def test_a_subprocess_with_a_piped_stderr_prints_no_status_line():
    proc = subprocess.run([sys.executable, "-m", "s2sgrad", "emit", "examples/control.py", "-f", "f"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (os.openpty)")
def test_a_real_terminal_sees_the_line_and_then_a_clean_line():
    """stderr on a pseudo-terminal: the CLI's real isatty() check, the threshold forced to 0."""
    leader, follower = os.openpty()
    code = ("import sys; from s2sgrad import cli, progress; progress.THRESHOLD = 0.0; "
            "sys.exit(cli.main(['emit', 'examples/control.py', '-f', 'f']))")
    try:
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=follower,
                              timeout=120)
    finally:
        os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:         # EIO: every writer is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 0 and b"def d_f" in proc.stdout
    text = shown.decode("utf-8")
    assert "s2sgrad: differentiating f (pass 7/7: codegen)…" in text
    assert "\n" not in text and frames(text)[-1] == ""

"""Progress on stderr: one status line rewritten in place, for slow transforms, on a terminal only.

Nothing is shown before the transform has run THRESHOLD seconds, nor when stderr is not a
terminal (a pipe, a file, a notebook)."""

import sys
import time

STAGES = ("parse", "fence", "normalize", "analyze", "differentiate", "optimize", "codegen")
THRESHOLD = 1.0     # seconds: a transform faster than this prints nothing


class Progress:
    """The status line of one gradient module being built: `stage()` as each pass starts,
    `done()` at the end (clears the line; safe to call more than once)."""

    def __init__(self, stream=None, threshold=None, clock=time.monotonic):
        self.stream = sys.stderr if stream is None else stream
        self.threshold = THRESHOLD if threshold is None else threshold
        self.clock = clock
        self.started = clock()
        self.enabled = _is_terminal(self.stream)
        self.width = 0          # of the line on screen; 0: nothing shown

    def stage(self, function, stage, step=None):
        """Pass `stage` of STAGES starts on `function`; `step` names it when it is not in STAGES
        (the differentiating pass, "reverse" or "forward")."""
        if not self.enabled or self.clock() - self.started < self.threshold:
            return
        number = STAGES.index(stage) + 1
        self._show(f"s2sgrad: differentiating {function} (pass {number}/{len(STAGES)}: {step or stage})…")

    def done(self):
        """Clear the status line, if one is shown."""
        if self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0

    def _show(self, line):
        line = "".join(c if c.isprintable() else "?" for c in line)     # a name never moves the cursor
        self._write("\r" + line + " " * max(0, self.width - len(line)))
        self.width = max(self.width, len(line))

    def _write(self, text):
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):       # a closed or broken terminal: progress is not worth an error
            self.enabled = False


def _is_terminal(stream):
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False

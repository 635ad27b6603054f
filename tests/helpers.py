"""What the test files share: a program written to a file and imported (with NumPy or
autograd.numpy), the command line run in this process, and central differences along a direction.

`S2SGRAD_DEEP=1` runs the command line as a user does, in a subprocess of its own; CI runs its
`main()` here, with its output captured, where a test is not about the process boundary.
"""

import contextlib
import importlib.util
import io
import os
import subprocess
import sys
import types

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEEP = os.environ.get("S2SGRAD_DEEP") == "1"


# -- programs in files ------------------------------------------------------------------------
def load_module(folder, name, text):
    """Write `text` to folder/name.py and import it as module `name` (kept in sys.modules, as a
    user's import would keep it: the transform reads its globals through it)."""
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return import_file(path, name, keep=True)


def import_file(path, name, keep=False):
    """The module at `path`, run as module `name`; in sys.modules only if `keep`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    if keep:
        sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def numpy_and_autograd(folder, stem, program):
    """`program` (written with `import numpy as np`) imported twice: as `<stem>_np` with NumPy,
    and as `<stem>_ag` with autograd.numpy, the oracle's copy."""
    return tuple(load_module(folder, f"{stem}_{suffix}", program.replace("import numpy as np", f"import {np_} as np"))
                 for suffix, np_ in (("np", "numpy"), ("ag", "autograd.numpy")))


def forget_modules(*names):
    """Take the modules `load_module` imported out of sys.modules."""
    for name in names:
        sys.modules.pop(name, None)


# -- finite differences -------------------------------------------------------------------------
def directional_difference(fn, args, position, direction, eps=1e-6):
    """Central difference of `fn(*args)` along `direction` in argument `position`: J u."""
    def moved(sign):
        out = list(args)
        out[position] = args[position] + sign * eps * direction
        return fn(*out)
    return (moved(1) - moved(-1)) / (2 * eps)


def gradient_by_differences(fn, x, eps=1e-6):
    """Central differences of a scalar function of one array, one coordinate at a time."""
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        out[i] = (fn(x + step) - fn(x - step)) / (2 * eps)
    return out


def random_direction(args, position, seed=1):
    """A standard normal direction shaped like argument `position`."""
    return np.random.default_rng(seed).normal(size=np.shape(args[position]))


# -- the command line ---------------------------------------------------------------------------
def run_cli(*argv, cwd=ROOT, process=DEEP):
    """`s2sgrad ARGV` run from `cwd`: an object with its `returncode`, `stdout` and `stderr`.

    In this process (`s2sgrad.cli.main`, the working directory restored after it) unless
    `process` (default: S2SGRAD_DEEP=1), where it is `python -m s2sgrad` in a subprocess."""
    if process:
        return subprocess.run([sys.executable, "-m", "s2sgrad", *argv], cwd=cwd, capture_output=True, text=True,
                              timeout=300, env=dict(os.environ, PYTHONPATH=ROOT))
    from s2sgrad import cli
    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = _exit_status(cli.main, [str(a) for a in argv])
    finally:
        os.chdir(here)
    return types.SimpleNamespace(returncode=status, stdout=out.getvalue(), stderr=err.getvalue())


def _exit_status(main, argv):
    """What `sys.exit(main(argv))` would exit with (argparse's errors and --help exit themselves)."""
    try:
        status = main(argv)
    except SystemExit as done:
        status = done.code
    if status is None or isinstance(status, int):
        return status or 0
    print(status, file=sys.stderr)
    return 1

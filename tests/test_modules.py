"""`s2sgrad emit` across the user's own modules: imports are followed into the files they name
(read, never run), the emitted module imports what it needs and gives the gradient the API
gives (checked in a subprocess that imports them), `--check` sees a change in an imported
module, and an import that cannot be followed is a located error.  The command line runs in this
process, in a subprocess where the test sets PYTHONPATH, and always in one under S2SGRAD_DEEP=1."""

import json
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from tests.conftest import ROOT
from tests.helpers import run_cli

# Each module of the user's leaves this marker when it runs: the CLI must never run one.
RAN = "import pathlib; pathlib.Path('RAN_{0}').touch()\n"

LAYERS = RAN.format("mylayers") + textwrap.dedent("""\
    import numpy as np

    SCALE = 2.0
    OFFSET = np.array([0.5, -0.25, 1.0])


    def act(z):
        return np.tanh(z) + 0.1 * z


    def dense(W, x):
        return act(W @ x + OFFSET) * SCALE
    """)

CHECK = textwrap.dedent("""\
    import importlib, json, sys
    import numpy as np
    import s2sgrad
    from s2sgrad.testing import finite_differences

    model, fname, reverse, forward = sys.argv[1:5]
    f = getattr(importlib.import_module(model), fname)
    rng = np.random.default_rng(0)
    W, x, u = rng.standard_normal((3, 3)), rng.standard_normal(3), rng.standard_normal((3, 3))
    value, emitted = getattr(importlib.import_module(reverse), "d_" + fname)(W, x)
    _, tangent = getattr(importlib.import_module(forward), "jvp_" + fname)(W, x, t_W=u)
    print(json.dumps({"value": float(value), "f": float(f(W, x)), "emitted": emitted.tolist(),
                      "api": s2sgrad.grad(f)(W, x).tolist(),
                      "fd": finite_differences(lambda w: f(w, x), W).tolist(),
                      "tangent": float(tangent), "dot": float(np.sum(emitted * u)),
                      "api_text": s2sgrad.emit(f)}))
    """)


def cli(cwd, *argv, env=None):
    """`s2sgrad ARGV` from `cwd`: in this process, or in a subprocess where `env` is given (its
    PYTHONPATH is the search path under test) and under S2SGRAD_DEEP=1."""
    if env is None:
        return run_cli(*argv, cwd=cwd)
    return subprocess.run([sys.executable, "-m", "s2sgrad", *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def emit_and_check(tmp_path, source, module, fname="loss"):
    """Emit both modes of `fname` in `source` with the CLI (checking that no user module ran), then
    compare the emitted gradient with finite differences, the API's, and the forward mode's tangent."""
    reverse, forward = f"{fname}_grad", f"{fname}_jvp"
    done = cli(tmp_path, "emit", source, "-f", fname, "-o", f"{reverse}.py")
    assert done.returncode == 0, done.stderr
    done = cli(tmp_path, "emit", source, "-f", fname, "--mode", "forward", "-o", f"{forward}.py")
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob("RAN_*")), "s2sgrad emit ran a module of the user's"
    text = (tmp_path / f"{reverse}.py").read_text(encoding="utf-8")
    assert f"# Do not edit. Regenerate: s2sgrad emit {source} -f {fname}\n" in text
    run = subprocess.run([sys.executable, "-c", CHECK, module, fname, reverse, forward], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])})
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["value"] == pytest.approx(got["f"], rel=1e-12)
    np.testing.assert_allclose(got["emitted"], got["api"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(got["emitted"], got["fd"], rtol=1e-6, atol=1e-8)
    assert got["tangent"] == pytest.approx(got["dot"], rel=1e-10, abs=1e-12)
    return text, got


def test_a_function_imported_from_a_module_of_the_user_is_differentiated(tmp_path):
    write(tmp_path, {"mylayers.py": LAYERS, "model.py": """\
        import numpy as np
        from mylayers import dense


        def loss(W, x):
            return np.sum(dense(W, x) ** 2)
        """})
    text, got = emit_and_check(tmp_path, "model.py", "model")
    assert "def fwd_dense(" in text and "def bwd_act(" in text
    assert "from mylayers import OFFSET, SCALE\n" in text      # the module's constants, from the module
    assert text == got["api_text"]          # the very text the API writes for the live function


def test_a_module_imported_under_an_alias(tmp_path):
    write(tmp_path, {"mylayers.py": LAYERS, "model.py": """\
        import numpy as np
        import mylayers as L


        def loss(W, x):
            h = L.dense(W, x) * L.SCALE + L.OFFSET
            return np.sum(L.act(h) ** 2)
        """})
    text, _ = emit_and_check(tmp_path, "model.py", "model")
    assert "fwd_dense(" in text and "fwd_act(" in text


def test_a_package_with_relative_imports(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/layers.py": LAYERS,
        "pkg/model.py": """\
            import numpy as np
            from .layers import dense
            from . import layers


            def loss(W, x):
                return np.sum(dense(W, x) * layers.dense(W.T, x))
            """})
    text, _ = emit_and_check(tmp_path, "pkg/model.py", "pkg.model")
    assert "from pkg.layers import OFFSET, SCALE\n" in text


def test_a_namespace_package(tmp_path):
    """A folder without __init__.py: `from ns import layers`, `import ns.layers as L`, `from ns.layers import dense`."""
    write(tmp_path, {"ns/layers.py": LAYERS, "model.py": """\
        import numpy as np
        from ns import layers
        import ns.layers as L
        from ns.layers import dense


        def loss(W, x):
            return np.sum(layers.dense(W, x) * L.dense(W, x) + dense(W.T, x))
        """})
    text, _ = emit_and_check(tmp_path, "model.py", "model")
    assert "from ns.layers import OFFSET, SCALE\n" in text


def test_two_levels_deep_through_a_package_and_its_init(tmp_path):
    """model -> mylayers.dense -> nn.acts.act: `from nn.acts import act`, and `from nn import
    soft` where nn/__init__.py re-exports it from a submodule by a relative import."""
    write(tmp_path, {
        "nn/__init__.py": "from .acts import soft\n",
        "nn/acts.py": RAN.format("acts") + textwrap.dedent("""\
            import numpy as np

            SLOPE = 0.2


            def act(z):
                return np.where(z > 0, z, SLOPE * z) + np.tanh(z)


            def soft(z):
                return np.log1p(np.exp(z))
            """),
        "mylayers.py": RAN.format("mylayers") + textwrap.dedent("""\
            from nn.acts import act
            from nn import soft


            def dense(W, x):
                return soft(act(W @ x))
            """),
        "model.py": """\
            import numpy as np
            from mylayers import dense


            def loss(W, x):
                return np.sum(dense(W, x) ** 2)
            """})
    text, _ = emit_and_check(tmp_path, "model.py", "model")
    assert "from nn.acts import SLOPE\n" in text
    assert all(f"def {name}(" in text for name in ("fwd_dense", "bwd_act", "bwd_soft"))


def test_two_modules_binding_one_name_to_different_values(tmp_path):
    """model's SCALE (3.0) and act, and mylayers' SCALE (2.0) and act, are all read by the emitted
    code, under names of their own."""
    write(tmp_path, {"mylayers.py": LAYERS, "model.py": """\
        import numpy as np
        from mylayers import dense

        SCALE = 3.0


        def act(z):
            return np.sin(z) * SCALE


        def loss(W, x):
            return np.sum(SCALE * act(dense(W, x)) ** 2)
        """})
    text, _ = emit_and_check(tmp_path, "model.py", "model")
    assert re.search(r"^from (model|mylayers) import .*SCALE as SCALE_\d", text, re.M), text
    assert "def bwd_act(" in text and "def bwd_act_2(" in text


def test_a_module_on_a_path_entry_of_the_project(tmp_path):
    """`src/` on PYTHONPATH (inside the project) is searched; a `site-packages` folder is not."""
    write(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", "src/mylib.py": LAYERS,
                     "vendor/site-packages/extlib.py": "def dense(W, x):\n    return W @ x\n",
                     "model.py": """\
                         import numpy as np
                         from mylib import dense


                         def loss(W, x):
                             return np.sum(dense(W, x) ** 2)
                         """,
                     "other.py": """\
                         import numpy as np
                         from extlib import dense


                         def loss(W, x):
                             return np.sum(dense(W, x) ** 2)
                         """})
    paths = os.pathsep.join([str(ROOT), str(tmp_path / "src"), str(tmp_path / "vendor" / "site-packages")])
    done = cli(tmp_path, "emit", "model.py", "-f", "loss", env={**os.environ, "PYTHONPATH": paths})
    assert done.returncode == 0, done.stderr
    assert "def bwd_dense(" in done.stdout and "from mylib import OFFSET, SCALE" in done.stdout
    assert not list(tmp_path.glob("RAN_*"))
    done = cli(tmp_path, "emit", "other.py", "-f", "loss", env={**os.environ, "PYTHONPATH": paths})
    assert done.returncode == 2 and "no derivative rule for `dense`" in done.stderr
    done = cli(tmp_path, "emit", "model.py", "-f", "loss")          # src/ not on the path: not found
    assert done.returncode == 2 and "cannot find the module `mylib`" in done.stderr


def test_check_sees_a_change_in_an_imported_module(tmp_path):
    write(tmp_path, {"mylayers.py": LAYERS, "model.py": """\
        import numpy as np
        from mylayers import dense


        def loss(W, x):
            return np.sum(dense(W, x) ** 2)
        """})
    assert cli(tmp_path, "emit", "model.py", "-f", "loss", "-o", "model_grad.py").returncode == 0
    done = cli(tmp_path, "emit", "model.py", "-f", "loss", "-o", "model_grad.py", "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "mylayers.py").write_text(LAYERS.replace("np.tanh(z)", "np.sin(z)"), encoding="utf-8")
    done = cli(tmp_path, "emit", "model.py", "-f", "loss", "-o", "model_grad.py", "--check")
    assert done.returncode == 1, done.stderr
    assert "-    return np.tanh(z) + 0.1 * z" not in done.stdout      # the diff shows the new derivative
    assert "np.sin(z)" in done.stdout and "np.cos(" in done.stdout and "is not what s2sgrad emits" in done.stderr
    assert not list(tmp_path.glob("RAN_*"))


ERRORS = {
    "missing module": ({"model.py": """\
        import numpy as np
        from mylayerz import dense


        def loss(W, x):
            return np.sum(dense(W, x))
        """}, "model.py:2:6: error: s2sgrad cannot find the module `mylayerz`: it is neither a file of this "
        "project (searched `.`) nor an installed library", "from mylayerz import dense", "         ^"),
    "name not in the module": ({"mylayers.py": LAYERS, "model.py": """\
        import numpy as np
        from mylayers import dense, dnese


        def loss(W, x):
            return np.sum(dnese(W, x))
        """}, "model.py:2:29: error: `dnese` is imported from mylayers (mylayers.py), which neither defines nor "
              "imports it", "from mylayers import dense, dnese", "                                ^"),
    "attribute not in the module": ({"mylayers.py": LAYERS, "model.py": """\
        import numpy as np
        import mylayers as L


        def loss(W, x):
            return np.sum(L.dnese(W, x))
        """}, "model.py:6:19: error: `L.dnese` names nothing: mylayers (mylayers.py) has no `dnese`",
        "    return np.sum(L.dnese(W, x))", "                      ^"),
    "cycle": ({"a.py": "from b import dense\n", "b.py": "from a import dense\n", "model.py": """\
        import numpy as np
        from a import dense


        def loss(W, x):
            return np.sum(dense(W, x))
        """}, "a.py:1:15: error: the import of `dense` goes round a cycle (a.py -> b.py -> a.py)",
        "from b import dense", "                  ^"),
    "star import": ({"mylayers.py": LAYERS, "model.py": """\
        import numpy as np
        from mylayers import *


        def loss(W, x):
            return np.sum(dense(W, x))
        """}, "model.py:2:1: error: `dense` may come from `from mylayers import *`: s2sgrad emit reads mylayers "
              "(mylayers.py) without running it", "from mylayers import *", "    ^"),
    "relative import outside a package": ({"layers.py": LAYERS, "model.py": """\
        import numpy as np
        from .layers import dense


        def loss(W, x):
            return np.sum(dense(W, x))
        """}, "model.py:2:6: error: a relative import needs a package to start from: model.py is not in a "
              "package", "from .layers import dense", "         ^"),
    "missing module two levels down": ({"mylayers.py": "from helperz import act\n\n\ndef dense(W, x):\n"
                                                       "    return act(W @ x)\n", "model.py": """\
        import numpy as np
        from mylayers import dense


        def loss(W, x):
            return np.sum(dense(W, x))
        """}, "mylayers.py:1:6: error: s2sgrad cannot find the module `helperz`", "from helperz import act",
        "         ^"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_an_import_that_cannot_be_followed_is_a_located_error(tmp_path, case):
    files, first, line, caret = ERRORS[case]
    write(tmp_path, files)
    done = cli(tmp_path, "emit", "model.py", "-f", "loss")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0].startswith(first), done.stderr
    assert lines[1] == "    " + line and lines[2] == caret, done.stderr
    assert not list(tmp_path.glob("RAN_*"))


def test_a_syntax_error_in_an_imported_module_is_located_there(tmp_path):
    write(tmp_path, {"mylayers.py": "def dense(W, x)\n    return W @ x\n", "model.py": """\
        import numpy as np
        from mylayers import dense


        def loss(W, x):
            return np.sum(dense(W, x))
        """})
    done = cli(tmp_path, "emit", "model.py", "-f", "loss")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("mylayers.py:1:") and "syntax error" in done.stderr


def test_mutual_recursion_across_modules_is_no_cycle(tmp_path):
    write(tmp_path, {
        "even.py": "import numpy as np\nfrom odd import down\n\n\ndef up(x, n):\n"
                   "    if n == 0:\n        return np.sin(x)\n    return down(x * 1.1, n - 1)\n",
        "odd.py": "import even\n\n\ndef down(x, n):\n    return even.up(x * x, n)\n",
        "model.py": "import numpy as np\nfrom even import up\n\n\ndef loss(W, x):\n"
                    "    return np.sum(up(W, 3) * x)\n"})
    emit_and_check(tmp_path, "model.py", "model")

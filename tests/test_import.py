"""`import s2sgrad` stays light: SciPy's rule families and checkpoint_schedules load on first use.

Each check runs in a fresh interpreter, where nothing else (conftest included) has imported
them.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(code):
    """Run `code` in a fresh interpreter with this checkout first on the path; its last line, as JSON."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_s2sgrad_imports_neither_scipy_nor_checkpoint_schedules():
    loaded = run("""
        import json, sys
        import s2sgrad
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("scipy", "checkpoint_schedules"))))
    """)
    assert loaded == []


def test_a_scipy_call_loads_its_rules_on_first_lookup(tmp_path):
    pytest.importorskip("scipy")
    (tmp_path / "uses_scipy.py").write_text(textwrap.dedent("""
        import numpy as np
        import scipy.special


        def f(x):
            return np.sum(scipy.special.erf(x) + np.i0(x))
    """))
    result = run(f"""
        import json, sys
        sys.path.insert(0, {str(tmp_path)!r})
        import numpy as np
        import s2sgrad
        from s2sgrad import rules
        import uses_scipy
        before = "s2sgrad.rules.special" in sys.modules
        g = s2sgrad.grad(uses_scipy.f)(np.array([0.5, -1.0]))
        print(json.dumps({{"before": before, "g": g.tolist(),
                          "stats": "s2sgrad.rules.stats" in sys.modules, "scipy.stats": "scipy.stats" in sys.modules}}))
    """)
    import numpy as np
    import scipy.special
    x = np.array([0.5, -1.0])
    expected = 2 / np.sqrt(np.pi) * np.exp(-x * x) + scipy.special.i1(x)
    assert not result["before"]
    assert np.allclose(result["g"], expected)
    # Only the families of the SciPy modules in use: scipy.special's, not scipy.stats'.
    assert not result["stats"] and not result["scipy.stats"]


def test_math_gamma_and_lgamma_load_the_rules_that_need_scipy(tmp_path):
    # Their derivatives (digamma) are in scipy.special's family, which no SciPy object triggers here.
    pytest.importorskip("scipy")
    (tmp_path / "uses_math.py").write_text(textwrap.dedent("""
        import math


        def f(x):
            return math.lgamma(x + 2.0) + math.gamma(x)
    """))
    result = run(f"""
        import json, sys
        sys.path.insert(0, {str(tmp_path)!r})
        import s2sgrad
        import uses_math
        print(json.dumps([s2sgrad.grad(uses_math.f)(0.7), float(s2sgrad.jvp(uses_math.f, (0.7,), (1.0,))[1])]))
    """)
    import scipy.special
    expected = scipy.special.digamma(2.7) + scipy.special.gamma(0.7) * scipy.special.digamma(0.7)
    assert result == pytest.approx([expected, expected], rel=1e-12)


def test_a_rule_registered_before_its_family_loads_is_kept(tmp_path):
    pytest.importorskip("scipy")
    (tmp_path / "own_erf.py").write_text(textwrap.dedent("""
        import scipy.special
        from s2sgrad import extend


        @extend.adjoint(scipy.special.erf, override=True)
        def erf(result, x, *, d_result):
            return d_result * 0.0
    """))
    result = run(f"""
        import json, sys
        sys.path.insert(0, {str(tmp_path)!r})
        import scipy.special
        import own_erf
        from s2sgrad import rules
        print(json.dumps(rules.lookup(scipy.special.erf).template.__module__ == "own_erf"))
    """)
    assert result is True


def test_rules_listing_imports_every_family():
    pytest.importorskip("scipy")
    result = run("""
        import json
        from s2sgrad.rules import catalog
        print(json.dumps([line for line in catalog.covered() if line.startswith(("scipy.linalg.expm",
                                                                                 "scipy.stats.norm.logpdf"))]))
    """)
    assert [line.split("(")[0] for line in result] == ["scipy.linalg.expm", "scipy.stats.norm.logpdf"]

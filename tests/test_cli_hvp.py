"""`s2sgrad emit --mode hvp`: the emitted Hessian-vector product, imported in a fresh process and
checked against central differences of the emitted gradient and against autograd; its refusals."""

import json
import subprocess
import sys
import textwrap

import autograd
import autograd.numpy as anp
import numpy as np

from tests.helpers import run_cli

_MODEL = """
    import numpy as np

    def softplus(v):
        return np.log1p(np.exp(v))

    ACTS = [np.tanh, softplus, np.sin]

    def f(x):
        y = x
        for act in ACTS:
            y = act(y) * 1.5
        return np.sum(y ** 2)

    def layer(x, acts):
        for act in acts:
            x = act(x)
        return x

    def g(x):
        return np.sum(layer(x, [np.tanh, lambda v: v ** 3]) * x)
    """

_RUN = """
import json, sys, numpy as np, model_grad, model_hvp
x, v, eps, out = np.array(json.loads(sys.argv[1])), np.array(json.loads(sys.argv[2])), 1e-6, {}
for name in ("f", "g"):
    value, hv = getattr(model_hvp, "jvp_d_" + name)(x, t_x=v)
    grad = getattr(model_grad, "d_" + name)
    fd = (grad(x + eps * v)[1] - grad(x - eps * v)[1]) / (2 * eps)
    out[name] = [float(value), list(hv), list(fd)]
print(json.dumps(out))
"""


def _autograd_hvp(fn, x, v):
    return autograd.grad(lambda z: anp.sum(autograd.grad(fn)(z) * v))(x)


def _peer_f(x):
    y = x
    for act in (anp.tanh, lambda v: anp.log1p(anp.exp(v)), anp.sin):
        y = act(y) * 1.5
    return anp.sum(y ** 2)


def _peer_g(x):
    return anp.sum(anp.tanh(x) ** 3 * x)


def test_emit_hvp_matches_differences_of_the_gradient_and_autograd(tmp_path):
    (tmp_path / "model.py").write_text(textwrap.dedent(_MODEL).lstrip("\n"), encoding="utf-8")
    for mode, out in (("reverse", "model_grad.py"), ("hvp", "model_hvp.py")):
        proc = run_cli("emit", "model.py", "-f", "f", "-f", "g", "--mode", mode, "-o", out, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "model_hvp.py").read_text(encoding="utf-8")
    assert text.splitlines()[0].endswith("f (wrt x), g (wrt x); hvp mode.")
    assert "Regenerate: s2sgrad emit model.py -f f -f g --mode hvp" in text
    x, v = np.array([0.3, -0.7, 1.1]), np.array([0.5, 1.0, -2.0])
    run = subprocess.run([sys.executable, "-c", _RUN, json.dumps(list(x)), json.dumps(list(v))], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    for name, peer in (("f", _peer_f), ("g", _peer_g)):
        value, hv, fd = out[name]
        assert np.isclose(value, peer(x), rtol=1e-12)
        np.testing.assert_allclose(hv, fd, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(hv, _autograd_hvp(peer, x, v), rtol=1e-10, atol=1e-12)


def test_emit_hvp_refuses_what_it_cannot_write(tmp_path):
    (tmp_path / "aux.py").write_text(textwrap.dedent("""
        import numpy as np
        import s2sgrad

        @s2sgrad.differentiate(has_aux=True)
        def f(x):
            return np.sum(x ** 2), x
        """).lstrip("\n"), encoding="utf-8")
    proc = run_cli("emit", "aux.py", "--mode", "hvp", cwd=tmp_path)
    assert proc.returncode == 2 and "--mode hvp needs f to return its scalar output alone" in proc.stderr
    proc = run_cli("view", "aux.py", "--mode", "hvp", cwd=tmp_path)
    assert proc.returncode == 2 and "--mode hvp applies to s2sgrad emit" in proc.stderr

"""autograd as a second oracle: every scalar case of every theme whose function autograd can run
with np swapped for autograd.numpy (in the function and in its module's helpers)."""
import copy, types, warnings, importlib, numpy as np, s2sgrad
warnings.simplefilter("ignore")
import autograd, autograd.numpy as anp
from tests.outsider5 import harness
ok = bad = skipped = 0
for theme in harness.THEMES:
    mod = importlib.import_module("tests.outsider5." + theme)
    g = dict(vars(mod)); g["np"] = anp
    # rebuild the module's own functions over the autograd namespace, so helpers use it too
    for k, v in list(g.items()):
        if isinstance(v, types.FunctionType) and v.__module__ == mod.__name__:
            g[k] = types.FunctionType(v.__code__, g, v.__name__, v.__defaults__, v.__closure__)
    for case in harness.load_cases(theme):
        if case.out != "scalar" or not isinstance(case.wrt, (int, str)):
            continue
        i = case.index(case.wrt)
        fa = g.get(case.f.__name__)
        if not isinstance(fa, types.FunctionType):
            skipped += 1; continue
        try:
            ga = autograd.grad(fa, i)(*copy.deepcopy(case.args))
        except Exception:
            skipped += 1; continue
        try:
            gs = s2sgrad.grad(case.f, wrt=case.wrt)(*copy.deepcopy(case.args))
        except Exception:
            skipped += 1; continue
        va, vs = harness.to_vec(ga), harness.to_vec(gs)
        if va.shape == vs.shape and np.allclose(va, vs, rtol=1e-6, atol=1e-8):
            ok += 1
        else:
            bad += 1
            print("DISAGREE", case.id, va[:4], vs[:4])
print("agree", ok, "disagree", bad, "autograd or s2sgrad could not run", skipped)

"""Time of value_and_grad over the time of the function, for s2sgrad and (where it runs with np
swapped for autograd.numpy) autograd: PYTHONPATH=. python tests/outsider5/bench.py"""
import time, copy, s2sgrad, types, warnings
warnings.simplefilter("ignore")
import autograd, autograd.numpy as anp
from tests.outsider5 import models, sequence, science, bigmodels, stats
def best(fn, reps=7):
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return min(ts)
def with_anp(f, mod):
    g = dict(vars(mod)); g["np"] = anp
    return types.FunctionType(f.__code__, g, f.__name__, f.__defaults__)
rows = []
for mod, f, args, wrt in [
    (models, models.mlp_onehot, None, 0), (sequence, sequence.gru, None, 0), (sequence, sequence.kalman_loglik, None, 0),
    (science, science.heat_equation, None, 0), (science, science.nbody_step, None, 0), (bigmodels, bigmodels.gru_lm, None, 0),
    (bigmodels, bigmodels.transformer, None, 0), (stats, stats.cox_loop, None, 0)]:
    case = [c for c in mod.CASES if c["f"] is f][0]
    args = case["args"]; wrt = case.get("wrt", 0)
    vg = s2sgrad.value_and_grad(f, wrt=wrt)
    vg(*copy.deepcopy(args))
    tf = best(lambda: f(*args)); tg = best(lambda: vg(*args))
    ag = None
    try:
        fa = with_anp(f, mod)
        # callees in the module still use numpy: only use autograd where f calls no helper of its own
        gfun = autograd.value_and_grad(fa, wrt if isinstance(wrt, int) else 0)
        gfun(*copy.deepcopy(args))
        ag = best(lambda: gfun(*args)) / tf
    except Exception:   # noqa: BLE001 - autograd cannot run this program
        ag = None
    rows.append((mod.__name__.split(".")[-1] + "." + f.__name__, tf * 1e3, tg / tf, ag))
print("| program | f (ms) | s2sgrad value_and_grad / f | autograd value_and_grad / f |")
print("|---|---|---|---|")
for r in rows:
    print("| %s | %.3f | %.1f | %s |" % (r[0], r[1], r[2], "%.1f" % r[3] if r[3] else "fails"))

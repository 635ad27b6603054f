"""The rule table: one entry per (primitive, input domain, shapes, keywords) to check.

Each entry names the primitive it exercises (as source text), the expression a generated
function returns, and its parameters: a domain and a shape per differentiated argument
(shape None: a Python float).  `tests/test_rules.py` turns every entry into a small source
file, differentiates it, and checks it against central finite differences with the
dot-product test, in float64 and in float32.
"""

import dataclasses
import math


@dataclasses.dataclass
class Entry:
    """One check: `call` is the body `return <call>`; `args` maps parameter -> (domain, shape)."""

    primitive: str
    call: str
    args: dict
    f32: bool = True            # also check float32 gradients
    xfail: str = ""             # a reason: the pipeline test is expected to fail (strict)
    symmetric: tuple = ()       # parameters whose finite-difference directions are symmetrized
    direct_only: bool = False   # only the template is checked, as a callable
    forward_xfail: str = ""     # a reason: the forward-mode pipeline test is expected to fail (strict)
    hvp_xfail: str = ""         # a reason: forward mode over the emitted gradient is expected to fail (strict)
    prelude: str = ""           # module-level definitions written before `f` (a user's own helper)

    @property
    def id(self):
        shapes = "-".join("f" if s is None else "x".join(map(str, s)) or "0d" for _, s in self.args.values())
        return f"{self.call}[{shapes}]"


TABLE = []
SHAPES = [(3,), (2, 3), (), (0,)]
PAIRS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2,)), ((3,), None)]


def add(primitive, call, f32=True, xfail="", symmetric=(), direct_only=False, forward_xfail="", hvp_xfail="",
        prelude="", **args):
    TABLE.append(Entry(primitive, call, args, f32, xfail, symmetric, direct_only, forward_xfail, hvp_xfail, prelude))


def unary(primitive, domain="real", shapes=SHAPES, call=None, f32=True):
    for shape in shapes:
        add(primitive, call or f"{primitive}(x)", f32=f32, x=(domain, shape))


def binary(primitive, dx="real", dy="real", pairs=PAIRS, call=None, f32=True):
    for sx, sy in pairs:
        add(primitive, call or f"{primitive}(x, y)", f32=f32, x=(dx, sx), y=(dy, sy))


# -- elementwise ---------------------------------------------------------------------------
for op, prim in [("+", "operator.add"), ("-", "operator.sub"), ("*", "operator.mul")]:
    binary(prim, call=f"x {op} y")
binary("operator.truediv", dy="nonzero", call="x / y")
binary("operator.pow", dx="pos", call="x ** y")
add("operator.pow", "x ** 2", x=("real", (3,)))
binary("operator.mod", dx="real", dy="pos", call="x % y")
unary("operator.neg", call="-x")
unary("operator.pos", call="+x", shapes=[(3,)])
unary("abs", "nonzero", call="abs(x)", shapes=[(3,), None])
binary("np.matmul", pairs=[((2, 3), (3, 4)), ((3,), (3, 2)), ((2, 3), (3,)), ((3,), (3,)), ((2, 2, 3), (3, 2))],
       call="x @ y")
for name in ["add", "subtract", "multiply", "maximum", "minimum", "fmax", "fmin", "logaddexp", "logaddexp2",
             "arctan2", "hypot"]:
    binary(f"np.{name}", dx="distinct", dy="distinct")
binary("np.divide", dy="nonzero")
binary("np.power", dx="pos")
binary("np.float_power", dx="pos", f32=False)
binary("np.mod", dy="pos")
binary("np.fmod", dx="pos", dy="pos")
binary("np.copysign", dx="nonzero", dy="nonzero")
add("np.ldexp", "np.ldexp(x, 3)", x=("real", (2, 3)))
add("np.maximum", "np.maximum(x, x)", x=("real", (3,)))          # a tie: half each, sum 1
for name, domain in [("negative", "real"), ("positive", "real"), ("square", "real"), ("sqrt", "pos"),
                     ("cbrt", "nonzero"), ("reciprocal", "nonzero"), ("exp", "real"), ("exp2", "real"),
                     ("expm1", "real"), ("log", "pos"), ("log2", "pos"), ("log10", "pos"), ("log1p", "pos"),
                     ("sin", "real"), ("cos", "real"), ("tan", "unit"), ("arcsin", "unit"), ("arccos", "unit"),
                     ("arctan", "real"), ("sinh", "real"), ("cosh", "real"), ("tanh", "real"),
                     ("arcsinh", "real"), ("arccosh", "gt1"), ("arctanh", "unit"), ("abs", "nonzero"),
                     ("fabs", "nonzero"), ("deg2rad", "real"), ("rad2deg", "real"), ("degrees", "real"),
                     ("radians", "real"), ("sinc", "real"), ("real", "real"), ("conjugate", "real"),
                     ("nan_to_num", "real")]:
    unary(f"np.{name}", domain)
# A user's own logistic function (analyses/patterns.py gives its calls runtime.logistic's rule).
SIGMOID = "def sigmoid(a):\n    return 1.0 / (1.0 + np.exp(-a))\n\n\n"
for shape in SHAPES + [None]:
    add("runtime.logistic", "sigmoid(x)", x=("real", shape), prelude=SIGMOID)
add("runtime.logistic", "sigmoid(x * y) * sigmoid(y)", x=("real", (2, 3)), y=("real", (3,)), prelude=SIGMOID)
add("runtime.logistic", "runtime.logistic(x)", x=("real", (2, 3)), direct_only=True)      # the template itself
for name, domain in [("exp", "real"), ("log", "pos"), ("sin", "real"), ("sqrt", "pos"), ("tanh", "real"),
                     ("cbrt", "nonzero"), ("exp2", "real"), ("erf", "real"), ("erfc", "real"), ("lgamma", "pos"),
                     ("gamma", "pos")]:
    if hasattr(math, name):         # cbrt, exp2: Python 3.11
        unary(f"math.{name}", domain, shapes=[None])
for name, dx, dy in [("pow", "pos", "real"), ("remainder", "real", "pos"), ("nextafter", "real", "real")]:
    binary(f"math.{name}", dx, dy, pairs=[(None, None)])
add("math.fsum", "math.fsum([x, y * y])", x=("real", None), y=("real", None))
add("math.prod", "math.prod([x, y, 2.0])", x=("real", None), y=("real", None))
add("math.dist", "math.dist((x, 1.0), (y, y * y))", x=("real", None), y=("real", None))
add("math.modf", "math.modf(x)[0]", x=("real", None))
add("math.frexp", "math.frexp(x)[0]", x=("nonzero", None))
add("pow", "pow(x, 3)", x=("real", (2, 3)))
add("pow", "pow(x, y)", x=("pos", (2, 3)), y=("real", (3,)))
add("divmod", "divmod(x, y)[1]", x=("real", (2, 3)), y=("pos", (3,)))
add("np.divmod", "np.divmod(x, y)[1]", x=("real", (2, 3)), y=("pos", (2, 3)))
add("np.modf", "np.modf(x)[0]", x=("real", (2, 3)))
add("np.frexp", "np.frexp(x)[0]", x=("nonzero", (3,)))
add("np.nextafter", "np.nextafter(x, y)", x=("real", (2, 3)), y=("real", (3,)))
add("max", "max([x, y, 0.5])", x=("distinct", None), y=("distinct", None))
add("min", "min(x)", x=("distinct", (4,)))
add("sum", "sum([x, y], 2.0)", x=("real", (3,)), y=("real", None))
# sum(a) of an array: its rows added (runtime.items_cotangent gives every row the seed at once);
# sum(ufunc(a), start): start + ufunc(a).sum(axis=0) (transforms/array_sums.py)
add("sum", "sum(x * y)", x=("real", (4,)), y=("real", (4,)))
add("sum", "sum(x * y)", x=("real", (2, 3)), y=("real", (3,)))
add("sum", "sum(np.exp(x), y)", x=("real", (2, 3)), y=("real", None))
add("sum", "sum(np.sin(x), start=y)", x=("real", (4,)), y=("real", (4,)))
add("runtime.items_cotangent", "runtime.items_cotangent(x, y)", x=("real", (3,)), y=("real", (2, 3)), direct_only=True)
add("runtime.items_total", "runtime.items_total(x, y)", x=("real", (2, 3)), y=("real", (3,)), direct_only=True)
add("np.clip", "np.clip(x, -0.5, 0.5)", x=("real", (2, 3)))
add("np.clip", "np.clip(x, y, z)", x=("real", (2, 3)), y=("neg", (3,)), z=("pos", ()))
add("np.clip", "np.clip(x, min=y)", x=("real", (2, 3)), y=("neg", (3,)))
add("np.clip", "np.clip(x, None, z)", x=("real", (3,)), z=("pos", ()))
add("np.ndarray.clip", "x.clip(y, max=z)", x=("real", (2, 3)), y=("neg", (3,)), z=("pos", ()))
add("np.ndarray.conj", "x.conj()", x=("real", (2, 3)))
add("np.ndarray.conjugate", "x.conjugate() * x", x=("real", (3,)))
for name, dy in [("add", "real"), ("subtract", "real"), ("multiply", "real"), ("divide", "nonzero")]:
    binary(f"np.{name}.outer", dy=dy, pairs=[((3,), (2,)), ((2, 2), (3,)), ((), (2,)), ((3,), None)])
add("np.where", "np.where(x > 0, x, y)", x=("nonzero", (2, 3)), y=("real", (3,)))
add("np.where", "np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0)", x=("nonzero", (4,)))
add("np.sinc", "np.sinc(x * 0.0)", x=("real", (3,)))                 # the convention at 0

# -- reductions ------------------------------------------------------------------------------
AXES = ["", ", axis=0", ", axis=1", ", axis=(0, 2)", ", axis=-1, keepdims=True", ", axis=None, keepdims=True"]
for name, domain in [("sum", "real"), ("mean", "real"), ("prod", "nonzero"), ("max", "distinct"),
                     ("min", "distinct"), ("amax", "distinct"), ("amin", "distinct"), ("ptp", "distinct"),
                     ("var", "real"), ("std", "real"), ("nansum", "real"), ("nanmean", "real"),
                     ("nanprod", "nonzero"), ("nanmax", "distinct"), ("nanmin", "distinct"), ("nanvar", "real"),
                     ("nanstd", "real"), ("average", "real")]:
    for axes in AXES if name != "average" else ["", ", axis=0", ", axis=(0, 2)"]:
        add(f"np.{name}", f"np.{name}(x{axes})", x=(domain, (2, 3, 2)))
    add(f"np.{name}", f"np.{name}(x)", x=(domain, (4,)))
for name in ["var", "std", "nanvar", "nanstd"]:
    add(f"np.{name}", f"np.{name}(x, axis=1, ddof=1)", x=("real", (2, 3)))
add("np.sum", "np.sum(x, axis=())", x=("real", (2, 3)))
add("np.sum", "np.sum(x)", x=("real", (0,)))
add("np.sum", "np.sum(x, where=x > 0)", x=("nonzero", (2, 3)))
add("np.prod", "np.prod(x * np.array([1.0, 0.0, 1.0]), axis=0)", x=("nonzero", (3, 3)), f32=False)   # one zero: exact
add("np.ndarray.sum", "x.sum(axis=1)", x=("real", (2, 3)))
add("np.ndarray.mean", "x.mean()", x=("real", (2, 3)))
add("np.ndarray.max", "x.max(axis=0)", x=("distinct", (2, 3)))
add("np.max", "np.max(x)", x=("tied", (4,)))                                 # ties share
add("np.average", "np.average(x, axis=1, weights=np.array([1.0, 2.0, 3.0]))", x=("real", (2, 3)), f32=False)
for ords in ["", ", ord=1", ", ord=2", ", ord=np.inf", ", ord=3", ", axis=0", ", ord=1, axis=1",
             ", axis=(0, 1)", ", ord='fro'", ", ord='nuc'", ", ord=2, keepdims=True"]:
    shape = (3,) if "ord=1" in ords and "axis" not in ords or ords == ", ord=np.inf" or ords == ", ord=3" \
        else (3, 4)
    add("np.linalg.norm", f"np.linalg.norm(x{ords})", x=("distinct", shape))
add("np.linalg.norm", "np.linalg.norm(x * 0.0)", x=("real", (3,)))             # 0 at 0 (convention)
for ords in ["", ", ord=1", ", ord=np.inf", ", axis=1", ", ord=3, axis=0, keepdims=True"]:
    add("np.linalg.vector_norm", f"np.linalg.vector_norm(x{ords})", x=("distinct", (2, 3)))
for ords in ["", ", ord='nuc'", ", keepdims=True"]:
    add("np.linalg.matrix_norm", f"np.linalg.matrix_norm(x{ords})", x=("real", (2, 3, 4)))

# -- scans ---------------------------------------------------------------------------------
for name, domain in [("cumsum", "real"), ("cumprod", "nonzero"), ("nancumsum", "real")]:
    for axes in ["", ", axis=0", ", axis=-1"]:
        add(f"np.{name}", f"np.{name}(x{axes})", x=(domain, (2, 3)))
add("np.ndarray.cumsum", "x.cumsum(axis=1)", x=("real", (2, 3)))
add("np.cumulative_sum", "np.cumulative_sum(x)", x=("real", (4,)))
add("np.cumulative_sum", "np.cumulative_sum(x, axis=1)", x=("real", (2, 3)))
add("np.cumulative_prod", "np.cumulative_prod(x, axis=0)", x=("nonzero", (2, 3)))
for args in ["", ", n=2", ", axis=0", ", n=2, axis=0"]:
    add("np.diff", f"np.diff(x{args})", x=("real", (3, 4)))
add("np.ediff1d", "np.ediff1d(x)", x=("real", (2, 3)))
add("np.interp", "np.interp(x, np.array([-1.0, 0.0, 0.5, 2.0]), np.array([1.0, 3.0, -1.0, 0.5]))",
    x=("real", (5,)), f32=False)         # np.interp computes in float64

# -- linear algebra --------------------------------------------------------------------------
binary("np.dot", pairs=[((2, 3), (3, 4)), ((3,), (3, 2)), ((2, 3), (3,)), ((3,), (3,))])
binary("np.vdot", pairs=[((2, 3), (2, 3)), ((6,), (2, 3))])
binary("np.inner", pairs=[((3,), (3,)), ((2, 3), (4, 3)), ((2, 2, 3), (3,))])
binary("np.outer", pairs=[((3,), (4,)), ((2, 2), (3,))])
binary("np.kron", pairs=[((2,), (3,)), ((2, 3), (2, 2))])
binary("np.vecdot", pairs=[((2, 3), (2, 3)), ((2, 3), (3,))])
binary("np.matvec", pairs=[((2, 3, 4), (4,)), ((3, 4), (2, 4))])
binary("np.vecmat", pairs=[((3,), (3, 4)), ((2, 3), (3, 4))])
binary("np.convolve", pairs=[((4,), (3,)), ((2,), (5,))])
binary("np.linalg.matmul", pairs=[((2, 3), (3, 4))])
binary("np.linalg.outer", pairs=[((3,), (2,))])
binary("np.linalg.vecdot", pairs=[((2, 3), (2, 3))])
add("np.tensordot", "np.tensordot(x, y)", x=("real", (2, 3, 4)), y=("real", (3, 4, 2)))
add("np.tensordot", "np.tensordot(x, y, axes=1)", x=("real", (2, 3)), y=("real", (3, 4)))
add("np.tensordot", "np.tensordot(x, y, axes=([0, 2], [2, 0]))", x=("real", (2, 3, 4)), y=("real", (4, 5, 2)))
add("np.tensordot", "np.tensordot(x, y, axes=0)", x=("real", (2,)), y=("real", (3,)))
add("np.linalg.tensordot", "np.linalg.tensordot(x, y, axes=1)", x=("real", (2, 3)), y=("real", (3, 2)))
for call, shape in [("np.trace(x)", (3, 3)), ("np.trace(x, offset=1)", (3, 4)),
                    ("np.trace(x, axis1=1, axis2=2)", (2, 3, 3)), ("np.diagonal(x)", (3, 4)),
                    ("np.diagonal(x, offset=-1, axis1=1, axis2=2)", (2, 3, 4)), ("x.diagonal()", (3, 3)),
                    ("np.diag(x)", (3,)), ("np.diag(x, k=1)", (3,)), ("np.diag(x)", (3, 4)),
                    ("np.diag(x, k=-1)", (4, 3)), ("np.triu(x)", (3, 3)), ("np.triu(x, k=1)", (2, 3, 3)),
                    ("np.tril(x)", (3, 4)), ("np.tril(x, k=-1)", (3, 3)), ("np.matrix_transpose(x)", (2, 3, 4)),
                    ("np.linalg.matrix_transpose(x)", (3, 4)), ("np.linalg.trace(x)", (2, 3, 3)),
                    ("np.linalg.diagonal(x, offset=1)", (3, 4))]:
    add(call.split("(")[0].replace("x.diagonal", "np.ndarray.diagonal"), call, x=("real", shape))
add("np.linalg.inv", "np.linalg.inv(x)", x=("wellcond", (3, 3)))
add("np.linalg.inv", "np.linalg.inv(x)", x=("wellcond", (2, 3, 3)))
add("np.linalg.solve", "np.linalg.solve(x, y)", x=("wellcond", (3, 3)), y=("real", (3,)))
add("np.linalg.solve", "np.linalg.solve(x, y)", x=("wellcond", (3, 3)), y=("real", (3, 2)))
add("np.linalg.solve", "np.linalg.solve(x, y)", x=("wellcond", (2, 3, 3)), y=("real", (3,)))
add("np.linalg.det", "np.linalg.det(x)", x=("wellcond", (3, 3)))
add("np.linalg.det", "np.linalg.det(x)", x=("wellcond", (2, 3, 3)))
add("np.linalg.pinv", "np.linalg.pinv(x)", x=("real", (4, 3)))
add("np.linalg.pinv", "np.linalg.pinv(x)", x=("real", (2, 3)))
add("np.linalg.matrix_power", "np.linalg.matrix_power(x, 3)", x=("real", (3, 3)))
add("np.linalg.svd", "np.linalg.svd(x, compute_uv=False)", x=("real", (4, 3)))
add("np.linalg.svdvals", "np.linalg.svdvals(x)", x=("real", (2, 3, 4)))
add("np.linalg.cholesky", "np.linalg.cholesky(x @ np.swapaxes(x, -1, -2) + 3.0 * np.eye(3))",
    x=("real", (3, 3)), f32=False)                  # np.eye is float64
add("np.linalg.cholesky", "np.linalg.cholesky(x)", x=("spd", (3, 3)), symmetric=("x",), direct_only=True)
add("np.linalg.eig", "np.linalg.eig(x + x.T)[0] + np.linalg.eig(x + x.T)[1][1] ** 2", x=("real", (3, 3)), f32=False)
add("np.linalg.eig", "np.linalg.eig(x + np.swapaxes(x, -1, -2))[1] ** 2", x=("real", (2, 3, 3)), f32=False)
add("np.linalg.eigvals", "np.linalg.eigvals(x * 0.1 + np.diag([1.0, 2.0, 3.0]))", x=("real", (3, 3)), f32=False)
add("np.linalg.eigvalsh", "np.linalg.eigvalsh(x + np.swapaxes(x, -1, -2))", x=("real", (3, 3)))
add("np.linalg.eigvalsh", "np.linalg.eigvalsh(x)", x=("spd", (2, 3, 3)), symmetric=("x",), direct_only=True)
add("np.linalg.eigh", "np.linalg.eigh(x)", x=("spd", (3, 3)), symmetric=("x",), direct_only=True)
# eigh reads one triangle: symmetrize inside, so any direction of x is a fair test.
add("np.linalg.eigh", "np.linalg.eigh((x + x.T) / 2)[0] * 2.0 + np.linalg.eigh((x + x.T) / 2)[1][0] ** 2",
    x=("spd", (3, 3)), symmetric=("x",))
add("np.linalg.qr", "np.linalg.qr(x)", x=("real", (4, 3)), direct_only=True)
add("np.linalg.qr", "np.linalg.qr(x)", x=("real", (3, 3)), direct_only=True)
add("np.linalg.qr", "np.linalg.qr(x)[1] + np.linalg.qr(x)[0][:3]", x=("real", (4, 3)))
add("np.linalg.slogdet", "np.linalg.slogdet(x)", x=("wellcond", (3, 3)), direct_only=True)
add("np.linalg.slogdet", "np.linalg.slogdet(x)[1] * 2.0", x=("wellcond", (3, 3)))
add("np.einsum", "np.einsum('ij,jk->ik', x, y)", x=("real", (2, 3)), y=("real", (3, 4)))
add("np.einsum", "np.einsum('ij,j', x, y)", x=("real", (2, 3)), y=("real", (3,)))
add("np.einsum", "np.einsum('i,j->ij', x, y)", x=("real", (2,)), y=("real", (3,)))
add("np.einsum", "np.einsum('ij,ij->', x, y)", x=("real", (2, 3)), y=("real", (2, 3)))
add("np.einsum", "np.einsum('ij,k->ik', x, y)", x=("real", (2, 3)), y=("real", (4,)))
add("np.einsum", "np.einsum('bij,bjk->bik', x, y, optimize=True)", x=("real", (2, 2, 3)), y=("real", (2, 3, 2)))
add("np.einsum", "np.einsum('...ij,...jk->...ik', x, y)", x=("real", (2, 1, 2, 3)), y=("real", (4, 3, 2)))
# seeds of 4096 entries and more: the adjoint contracts through BLAS (optimize=True)
add("np.einsum", "np.einsum('kij,nkj->nki', x, y)", x=("real", (5, 4, 4)), y=("real", (300, 5, 4)))
add("np.einsum", "np.einsum('...ij,...jk->...ik', x, y)", x=("real", (2, 1, 40, 3)), y=("real", (4, 3, 30)))
add("np.einsum", "np.einsum('ij,k->ik', x, y)", x=("real", (1100, 3)), y=("real", (5,)))
add("np.einsum", "np.einsum('ij,jk,k->i', x, y, z)", x=("real", (2, 3)), y=("real", (3, 4)), z=("real", (4,)))
add("np.einsum", "np.einsum('ij,jk,kl,l', x, y, x, z)", x=("real", (3, 3)), y=("real", (3, 3)), z=("real", (3,)))
add("np.gradient", "np.gradient(x)", x=("real", (5,)))
add("np.gradient", "np.gradient(x, 0.5, axis=1, edge_order=2)", x=("real", (2, 4)))
add("np.gradient", "np.gradient(x, np.array([0.0, 0.5, 0.7, 1.5]))", x=("real", (4,)))
add("np.quantile", "np.quantile(x, [0.25, 0.6], axis=0)", x=("distinct", (5, 2)))
add("np.percentile", "np.percentile(x, 30.0)", x=("distinct", (2, 3)))
add("np.cov", "np.cov(x)", x=("real", (3, 4)))
add("np.cov", "np.cov(x, rowvar=False, bias=True)", x=("real", (4, 2)))
add("np.corrcoef", "np.corrcoef(x)", x=("real", (3, 5)))

# -- shape and indexing ----------------------------------------------------------------------
for call, shape in [("np.reshape(x, (3, 2))", (2, 3)), ("np.reshape(x, -1)", (2, 3)), ("x.reshape(3, 2)", (2, 3)),
                    ("x.reshape((6,))", (2, 3)), ("np.ravel(x)", (2, 3)), ("x.ravel()", (2, 3)),
                    ("x.flatten()", (2, 3)), ("np.transpose(x)", (2, 3, 4)),
                    ("np.transpose(x, (1, 2, 0))", (2, 3, 4)), ("x.transpose()", (2, 3)), ("np.swapaxes(x, 0, 2)", (2, 3, 4)), ("x.swapaxes(0, 1)", (2, 3)),
                    ("np.moveaxis(x, 0, -1)", (2, 3, 4)), ("np.rollaxis(x, 2)", (2, 3, 4)),
                    ("np.rollaxis(x, 0, 2)", (2, 3, 4)), ("np.expand_dims(x, 1)", (2, 3)),
                    ("np.expand_dims(x, (0, 2))", (2, 3)), ("np.squeeze(x)", (2, 1, 3)),
                    ("np.squeeze(x, axis=1)", (2, 1, 3)), ("x.squeeze()", (1, 3)),
                    ("np.broadcast_to(x, (2, 3))", (3,)), ("np.broadcast_to(x, (4, 2, 3))", (2, 1)),
                    ("np.atleast_1d(x)", ()), ("np.atleast_2d(x)", (3,)), ("np.atleast_3d(x)", (2, 3)),
                    ("np.array(x)", (2, 3)), ("np.asarray(x)", (3,)), ("np.asanyarray(x)", (3,)),
                    ("np.ascontiguousarray(x)", (2, 3)), ("np.copy(x)", (3,)), ("x.copy()", (3,)),
                    ("x.astype(np.float64)", (3,)), ("np.flip(x)", (2, 3)), ("np.flip(x, axis=1)", (2, 3)),
                    ("np.fliplr(x)", (2, 3)), ("np.flipud(x)", (2, 3)), ("np.rot90(x)", (2, 3)),
                    ("np.rot90(x, 2, axes=(1, 2))", (2, 3, 4)), ("np.roll(x, 2)", (2, 3)),
                    ("np.roll(x, -1, axis=1)", (2, 3)), ("np.roll(x, (1, 2), axis=(0, 1))", (2, 3)),
                    ("np.tile(x, 2)", (3,)), ("np.tile(x, (2, 1, 2))", (2, 3)), ("np.repeat(x, 2)", (2, 3)),
                    ("np.repeat(x, 3, axis=1)", (2, 3)), ("x.repeat(2, axis=0)", (2, 3)),
                    ("np.pad(x, 1)", (2, 3)), ("np.pad(x, ((1, 0), (0, 2)))", (2, 3)),
                    ("np.take(x, [0, 2, 2])", (2, 3)), ("np.take(x, [1, 0, 1], axis=1)", (2, 3)),
                    ("x.take([3, 3])", (2, 3)),
                    ("np.take_along_axis(x, np.array([[0, 0], [2, 1]]), axis=1)", (2, 3)),
                    ("np.take_along_axis(x, np.array([1, 1, 0]), axis=None)", (2, 3)),
                    ("np.sort(x)", (2, 3)), ("np.sort(x, axis=0)", (3, 2)), ("np.sort(x, axis=None)", (2, 3)),
                    ("np.partition(x, 1)", (2, 4)), ("np.full_like(x, y)", None),
                    ("np.squeeze(x)", ())]:
    prim = call.split("(")[0]
    if prim.startswith("x."):
        prim = "np.ndarray." + prim[2:]
    if call.startswith("np.full_like"):
        add("np.full_like", "np.full_like(z, x)", x=("real", None), z=("const", (2, 3)))
        add("np.full", "np.full((2, 3), x)", x=("real", (3,)))
        continue
    domain = "distinct" if "sort" in call or "partition" in call else "real"
    add(prim, call, x=(domain, shape))
add('attribute_key("T")', "x.T", x=("real", (2, 3)))
add('attribute_key("mT")', "x.mT", x=("real", (2, 3, 4)))
binary("np.cross", pairs=[((3,), (3,)), ((2, 3), (3,))])
add("np.append", "np.append(x, y)", x=("real", (2, 3)), y=("real", (2,)))
add("np.append", "np.append(x, y, axis=0)", x=("real", (2, 3)), y=("real", (1, 3)))
add("np.insert", "np.insert(x, 1, y)", x=("real", (2, 3)), y=("real", None))
add("np.insert", "np.insert(x, [0, 2, 2], y, axis=1)", x=("real", (2, 3)), y=("real", (3,)))
add("np.block", "np.block([[x, y], [y, x]])", x=("real", (2, 2)), y=("real", (2, 2)))
add("np.block", "np.block([x, y, 2.0])", x=("real", (3,)), y=("real", (2,)))
for prim, call, shapes in [
        ("np.concatenate", "np.concatenate([x, y])", [(2, 3), (1, 3)]),
        ("np.concatenate", "np.concatenate((x, y), axis=1)", [(2, 3), (2, 2)]),
        ("np.concatenate", "np.concatenate([x, y], axis=None)", [(2, 3), (2,)]),
        ("np.concat", "np.concat([x, y])", [(2,), (3,)]),
        ("np.stack", "np.stack([x, y])", [(2, 3), (2, 3)]),
        ("np.stack", "np.stack([x, y], axis=-1)", [(2, 3), (2, 3)]),
        ("np.hstack", "np.hstack([x, y])", [(2,), (3,)]),
        ("np.hstack", "np.hstack([x, y])", [(2, 3), (2, 1)]),
        ("np.vstack", "np.vstack([x, y])", [(3,), (2, 3)]),
        ("np.dstack", "np.dstack([x, y])", [(2, 3), (2, 3, 2)]),
        ("np.column_stack", "np.column_stack([x, y])", [(3,), (3, 2)]),
        ("np.split", "np.split(x, 3)", [(6, 2)]),
        ("np.split", "np.split(x, [1, 3], axis=1)", [(2, 4)]),
        ("np.array_split", "np.array_split(x, 3)", [(7,)]),
        ("np.hsplit", "np.hsplit(x, 3)", [(2, 6)]),
        ("np.vsplit", "np.vsplit(x, 3)", [(6, 2)]),
        ("np.dsplit", "np.dsplit(x, 3)", [(2, 2, 6)]),
        ("np.unstack", "np.unstack(x, axis=1)", [(2, 3)])]:
    args = {name: ("real", s) for name, s in zip("xy", shapes)}
    if "split" in call or "unstack" in call:          # a tuple of arrays: checked through its items
        add(prim, call, direct_only=True, **args)
        add(prim, f"{call}[1] * 2.0 + {call}[2]", **args)
    else:
        add(prim, call, **args)
add("np.array", "np.array([x, y])", x=("real", None), y=("real", None))
add("np.array", "np.array([[x, y], [y, 2.0]])", x=("real", None), y=("real", None))

# -- scipy.special --------------------------------------------------------------------------
for name, domain in [("expit", "real"), ("logit", "prob"), ("log_expit", "real"), ("erf", "real"),
                     ("erfc", "real"), ("erfcx", "real"), ("erfinv", "unit"), ("erfcinv", "prob"),
                     ("ndtr", "real"), ("log_ndtr", "real"), ("ndtri", "prob"), ("dawsn", "real"),
                     ("gammaln", "pos"), ("loggamma", "pos"), ("gamma", "pos"), ("rgamma", "pos"),
                     ("digamma", "pos"), ("psi", "pos"), ("entr", "pos"), ("exprel", "real"),
                     ("softplus", "real"), ("exp10", "real"), ("exp2", "real"), ("expm1", "real"),
                     ("log1p", "pos"), ("cbrt", "nonzero"), ("sindg", "real"), ("cosdg", "real"),
                     ("i0", "real"), ("i0e", "nonzero"), ("i1", "real"), ("i1e", "nonzero"), ("j0", "real"),
                     ("j1", "real"), ("y0", "pos"), ("y1", "pos")]:
    unary(f"scipy.special.{name}", domain, shapes=[(3,), (2, 3), ()])
for name, dx, dy in [("xlogy", "real", "pos"), ("xlog1py", "real", "pos"), ("beta", "pos", "pos"),
                     ("betaln", "pos", "pos"), ("rel_entr", "pos", "pos"), ("kl_div", "pos", "pos"),
                     ("huber", "pos", "real"), ("pseudo_huber", "pos", "real"), ("boxcox", "pos", "real"),
                     ("inv_boxcox", "prob", "prob")]:
    binary(f"scipy.special.{name}", dx, dy, pairs=[((2, 3), (2, 3)), ((2, 3), (3,)), ((), (2,))])
add("scipy.special.polygamma", "scipy.special.polygamma(1, x)", x=("pos", (3,)))
add("scipy.special.xlogy", "scipy.special.xlogy(x * 0.0, y)", x=("real", (3,)), y=("pos", (3,)))
add("scipy.special.exprel", "scipy.special.exprel(x * 0.0)", x=("real", (3,)))
for args in ["", ", axis=0", ", axis=(0, 2)", ", axis=-1, keepdims=True"]:
    add("scipy.special.logsumexp", f"scipy.special.logsumexp(x{args})", x=("real", (2, 3, 2)))
add("scipy.special.logsumexp", "scipy.special.logsumexp(x * 1000.0)", x=("real", (4,)))
add("scipy.special.logsumexp", "scipy.special.logsumexp(x, b=np.array([1.0, 2.0, 0.5]))", x=("real", (3,)),
    f32=False)
for name in ["softmax", "log_softmax"]:
    for args in ["", ", axis=0", ", axis=-1"]:
        add(f"scipy.special.{name}", f"scipy.special.{name}(x{args})", x=("real", (2, 3)))
    add(f"scipy.special.{name}", f"scipy.special.{name}(x * 500.0, axis=1)", x=("real", (2, 3)))

# Derivatives in the argument only: the order (gammainc's a, betainc's a and b) is a constant.
for call, domain in [("scipy.special.iv(1.5, x)", "pos"), ("scipy.special.iv(2, x)", "real"),
                     ("scipy.special.ive(np.array([0.0, 1.0, 2.5]), x)", "pos"), ("scipy.special.jv(2, x)", "real"),
                     ("scipy.special.jv(0.5, x)", "pos"), ("scipy.special.jn(1, x)", "real"),
                     ("scipy.special.yn(1, x)", "pos"), ("scipy.special.yn(0, x)", "pos"),
                     ("scipy.special.gammainc(2.5, x)", "pos"),
                     ("scipy.special.gammaincc(np.array([0.5, 1.0, 3.0]), x)", "pos"),
                     ("scipy.special.betainc(2.0, 3.0, x)", "prob"), ("scipy.special.multigammaln(x, 3)", "gt1")]:
    # A float64 order array, yn (an integer order) and multigammaln compute in float64.
    add(call.split("(")[0], call, x=(domain, (3,)), f32=not ("np.array" in call or "yn" in call or "multi" in call))
add("scipy.special.multigammaln", "scipy.special.multigammaln(x, 2)", x=("gt1", ()), f32=False)

# -- scipy.signal ---------------------------------------------------------------------------
for name in ("convolve", "correlate", "fftconvolve"):
    for mode in ("full", "same", "valid"):
        add(f"scipy.signal.{name}", f"scipy.signal.{name}(x, y, mode='{mode}')", x=("real", (5,)), y=("real", (3,)))
    add(f"scipy.signal.{name}", f"scipy.signal.{name}(x, y, 'same')", x=("real", (2, 3)), y=("real", (3, 4)))
for name in ("convolve2d", "correlate2d"):
    for mode in ("full", "same", "valid"):
        for sx, sy in [((4, 5), (3, 2)), ((2, 3), (3, 4)), ((4, 4), (2, 2))]:
            add(f"scipy.signal.{name}", f"scipy.signal.{name}(x, y, mode='{mode}')", x=("real", sx), y=("real", sy))
    add(f"scipy.signal.{name}", f"scipy.signal.{name}(x, y, 'same', 'fill', 0)", x=("real", (3, 3)), y=("real", (2, 2)))

# -- scipy.integrate ------------------------------------------------------------------------
# The solution is float64 whatever y0's type; second derivatives are refused (see rules/integrate.py).
ODE_TIMES = "np.array([0.0, 0.3, 0.8])"
ODE_OPTIONS = "rtol=1e-11, atol=1e-11"
ODE_SECOND = "odeint's adjoint helper has no derivative of its own: second derivatives are refused"
add("scipy.integrate.odeint", f"scipy.integrate.odeint(lambda y, t, k: -k * y + np.sin(t), x, {ODE_TIMES}, "
    f"args=(y,), {ODE_OPTIONS})", f32=False, hvp_xfail=ODE_SECOND, x=("real", (2,)), y=("pos", (2,)))
add("scipy.integrate.odeint", f"scipy.integrate.odeint(lambda t, y: [y[1], -y[0] * y[1]], x, {ODE_TIMES}, "
    f"tfirst=True, {ODE_OPTIONS})", f32=False, hvp_xfail=ODE_SECOND, x=("pos", (2,)))
add("scipy.integrate.odeint", f"scipy.integrate.odeint(lambda y, t, k, n: -k * y ** n, 1.5, np.cumsum(x), args=(y, 2), "
    f"{ODE_OPTIONS})", f32=False, hvp_xfail=ODE_SECOND, x=("pos", (3,)), y=("pos", None))
IVP_SECOND = "solve_ivp's adjoint helper has no derivative of its own: second derivatives are refused"
add("scipy.integrate.solve_ivp", f"scipy.integrate.solve_ivp(lambda t, y, k: -k * y + np.sin(t), (0.0, 0.8), x, "
    f"t_eval={ODE_TIMES}, args=(y,), {ODE_OPTIONS}).y", f32=False, hvp_xfail=IVP_SECOND, x=("real", (2,)),
    y=("pos", (2,)))
add("scipy.integrate.solve_ivp", f"scipy.integrate.solve_ivp(lambda t, y: [y[1], -y[0] * y[1]], [0.0, 0.8], x, "
    f"method='DOP853', {ODE_OPTIONS}).y[:, -1]", f32=False, hvp_xfail=IVP_SECOND, x=("pos", (2,)))
add("scipy.integrate.solve_ivp", "scipy.integrate.solve_ivp(lambda t, y, k, n: -k * y ** n, (0.0, 1.0), x, "
    f"method='LSODA', t_eval=[0.5, 1.0], args=(y, 2), {ODE_OPTIONS}).y", f32=False, hvp_xfail=IVP_SECOND,
    x=("pos", (3,)), y=("pos", None))

# -- scipy.linalg ---------------------------------------------------------------------------
SPD = "x @ np.swapaxes(x, -1, -2) + 3.0 * np.eye(3)"        # np.eye is float64: no float32 check
add("scipy.linalg.solve_triangular", "scipy.linalg.solve_triangular(x, y, lower=True)", x=("wellcond", (3, 3)),
    y=("real", (3, 2)))
add("scipy.linalg.solve_triangular", "scipy.linalg.solve_triangular(x, y, trans=1, unit_diagonal=True)",
    x=("wellcond", (3, 3)), y=("real", (3,)))
add("scipy.linalg.solve_triangular", "scipy.linalg.solve_triangular(x, y, 'T', True)", x=("wellcond", (2, 3, 3)),
    y=("real", (2, 3, 2)))
add("scipy.linalg.cholesky", f"scipy.linalg.cholesky({SPD})", x=("real", (3, 3)), f32=False)
add("scipy.linalg.cholesky", f"scipy.linalg.cholesky({SPD}, lower=True)", x=("real", (2, 3, 3)), f32=False)
add("scipy.linalg.cholesky", "scipy.linalg.cholesky(x)", x=("spd", (3, 3)), symmetric=("x",), direct_only=True)
add("scipy.linalg.cho_factor", f"scipy.linalg.cho_factor({SPD})[0]", x=("real", (3, 3)), f32=False)
add("scipy.linalg.cho_solve", f"scipy.linalg.cho_solve(scipy.linalg.cho_factor({SPD}), y)", x=("real", (3, 3)),
    y=("real", (3,)), f32=False)
add("scipy.linalg.cho_solve", f"scipy.linalg.cho_solve(scipy.linalg.cho_factor({SPD}, lower=True), y)",
    x=("real", (3, 3)), y=("real", (3, 2)), f32=False)
add("scipy.linalg.lu_factor", "scipy.linalg.lu_factor(x)[0]", x=("wellcond", (3, 3)))
add("scipy.linalg.lu_solve", "scipy.linalg.lu_solve(scipy.linalg.lu_factor(x), y)", x=("real", (4, 4)),
    y=("real", (4,)))
add("scipy.linalg.lu_solve", "scipy.linalg.lu_solve(scipy.linalg.lu_factor(x), y, trans=1)", x=("real", (4, 4)),
    y=("real", (4, 2)))
add("scipy.linalg.expm", "scipy.linalg.expm(x)", x=("real", (3, 3)))
add("scipy.linalg.expm", "scipy.linalg.expm(x)", x=("real", (2, 3, 3)))
add("scipy.linalg.logm", "scipy.linalg.logm(x)", x=("wellcond", (3, 3)), f32=False)
add("scipy.linalg.sqrtm", "scipy.linalg.sqrtm(x)", x=("spd", (3, 3)))
add("scipy.linalg.solve_sylvester", "scipy.linalg.solve_sylvester(x, y, z)", x=("wellcond", (3, 3)),
    y=("wellcond", (2, 2)), z=("real", (3, 2)))
add("scipy.linalg.eigh", "scipy.linalg.eigh(x + x.T)[0] * 2.0 + scipy.linalg.eigh(x + x.T)[1][0] ** 2",
    x=("real", (3, 3)))
add("scipy.linalg.eigh", "scipy.linalg.eigh(x + np.swapaxes(x, -1, -2), eigvals_only=True)", x=("real", (2, 3, 3)))
# A matrix that is not symmetric: the eigenvalues are those of the triangle named (symmetric directions).
add("scipy.linalg.eigh", "scipy.linalg.eigh(x, lower=False, eigvals_only=True)", x=("real", (3, 3)),
    symmetric=("x",), direct_only=True)
add("np.linalg.eigvalsh", "np.linalg.eigvalsh(x, 'U')", x=("real", (3, 3)), symmetric=("x",), direct_only=True)
add("scipy.linalg.solve", "scipy.linalg.solve(x, y)", x=("wellcond", (3, 3)), y=("real", (3,)))
add("scipy.linalg.solve", "scipy.linalg.solve(x, y, transposed=True)", x=("wellcond", (3, 3)), y=("real", (3, 2)))
add("scipy.linalg.inv", "scipy.linalg.inv(x)", x=("wellcond", (3, 3)))
add("scipy.linalg.det", "scipy.linalg.det(x)", x=("wellcond", (2, 3, 3)), f32=False)     # SciPy's det is float64

# -- more NumPy ------------------------------------------------------------------------------
add("np.asfortranarray", "np.asfortranarray(x)", x=("real", (2, 3)))
add("np.astype", "np.astype(x, np.float64)", x=("real", (2, 3)))
add("np.real_if_close", "np.real_if_close(x)", x=("real", (3,)))
add("np.unwrap", "np.unwrap(x * 4.0)", x=("real", (5,)))
add("np.diagflat", "np.diagflat(x)", x=("real", (2, 2)))
add("np.diagflat", "np.diagflat(x, k=-1)", x=("real", (3,)))
add("np.resize", "np.resize(x, (2, 4))", x=("real", (3,)))
add("np.resize", "np.resize(x, 4)", x=("real", (2, 3)))
add("np.delete", "np.delete(x, 1)", x=("real", (2, 3)))
add("np.delete", "np.delete(x, [0, 2], axis=1)", x=("real", (2, 3)))
add("np.compress", "np.compress(np.array([True, False, True]), x, axis=1)", x=("real", (2, 3)))
add("np.compress", "np.compress(np.array([False, True, True]), x)", x=("real", (2, 3)))
add("np.extract", "np.extract(np.array([[True, False, True], [False, False, True]]), x)", x=("real", (2, 3)))
add("np.select", "np.select([x > 0.5, x < 0.0], [x, y * x], 0.0)", x=("real", (2, 3)), y=("real", (3,)))
add("np.select", "np.select([x > 0.5, x < 0.0], [x, y * x], default=2.0 * x)", x=("real", (2, 3)), y=("real", (3,)))
add("np.select", "np.select([x > 0.5], [x], y)", x=("real", (2, 3)), y=("real", (3,)))
add("np.trapezoid", "np.trapezoid(x)", x=("real", (2, 4)))
add("np.trapezoid", "np.trapezoid(x, dx=0.5, axis=0)", x=("real", (3, 2)))
add("np.trapezoid", "np.trapezoid(x, np.array([0.0, 0.5, 2.0, 2.5]))", x=("real", (2, 4)), f32=False)
add("np.median", "np.median(x)", x=("distinct", (5,)))
add("np.median", "np.median(x)", x=("distinct", (2, 3)))
add("np.median", "np.median(x, axis=1)", x=("distinct", (3, 4)))
add("np.median", "np.median(x, axis=0, keepdims=True)", x=("distinct", (3, 2)))
add("np.correlate", "np.correlate(x, y)", x=("real", (5,)), y=("real", (3,)))
add("np.polyval", "np.polyval(x, y)", x=("real", (3,)), y=("real", (2, 2)))
add("np.polyval", "np.polyval(x, y)", x=("real", (4,)), y=("real", None))
add("np.linalg.multi_dot", "np.linalg.multi_dot([x, y, z])", x=("real", (2, 3)), y=("real", (3, 4)),
    z=("real", (4, 2)))
add("np.linalg.cross", "np.linalg.cross(x, y)", x=("real", (2, 3)), y=("real", (2, 3)))
for name, domain in [("tandg", "unit"), ("cotdg", "pos"), ("cosm1", "real"), ("exp1", "pos"), ("expi", "pos"),
                     ("spence", "pos"), ("wrightomega", "real"), ("k0", "pos"), ("k1", "pos"), ("k0e", "pos"),
                     ("k1e", "pos"), ("ndtri_exp", "neg")]:
    unary(f"scipy.special.{name}", domain, shapes=[(3,), ()])
unary("np.i0", "real", shapes=[(3,), ()])
binary("scipy.special.powm1", "pos", "real", pairs=[((2, 3), (3,)), ((), (2,))])
binary("scipy.special.boxcox1p", "pos", "real", pairs=[((2, 3), (3,))])
binary("scipy.special.inv_boxcox1p", "prob", "prob", pairs=[((2, 3), (3,))])
add("scipy.special.radian", "scipy.special.radian(x, y, z)", x=("real", (3,)), y=("real", (3,)), z=("real", ()))
add("scipy.special.boxcox", "scipy.special.boxcox(x, y * 0.0)", x=("pos", (3,)), y=("real", (3,)))
add("scipy.special.spence", "scipy.special.spence(x * 0.0 + 1.0)", x=("real", (2,)))
add("np.polyder", "np.polyder(x)", x=("real", (4,)))
add("np.polyder", "np.polyder(x, 2)", x=("real", (5,)))

# -- regressions: options and domains the rules once ignored (issue 9) ------------------------------
for name, domain in [("linspace", "real"), ("logspace", "real"), ("geomspace", "pos")]:
    add(f"np.{name}", f"np.{name}(x, y, 5)", x=(domain, None), y=(domain, None))
    add(f"np.{name}", f"np.{name}(x, y, 4, endpoint=False, axis=1)", x=(domain, (2, 1)), y=(domain, (3,)),
        f32=name != "geomspace")          # np.geomspace computes in float64
add("np.logspace", "np.logspace(x, 1.0, 3, base=2.0)", x=("real", (2,)))
add("np.cross", "np.cross(x, y, axis=0)", x=("real", (3, 2)), y=("real", (3, 2)))
add("np.cross", "np.cross(x, y, axisa=0, axisc=0)", x=("real", (3, 2)), y=("real", (2, 3)))
add("np.cross", "np.cross(x, y, 0, -1, 1)", x=("real", (3, 2)), y=("real", (3,)))
add("np.dot", "np.dot(x, y)", x=("real", None), y=("real", (2, 3)))
add("np.dot", "np.dot(x, y)", x=("real", (2, 3, 4)), y=("real", (3, 4, 2)))
add("np.inner", "np.inner(x, y)", x=("real", (3,)), y=("real", ()))
add("np.kron", "np.kron(x, y)", x=("real", (2,)), y=("real", (2, 2)))
add("np.kron", "np.kron(x, y)", x=("real", (2, 1, 2)), y=("real", (2, 2)))
add("np.linalg.norm", "np.linalg.norm(x, 'nuc', axis=(0, 1))", x=("distinct", (3, 3, 2)))
for ords in ["2, (1, 2)", "-2, (0, 2)", "1", "-1, (0, 1), True", "np.inf", "-np.inf, (2, 0)"]:
    add("np.linalg.norm", f"np.linalg.norm(x, {ords})", x=("distinct", (2, 3, 4) if "(" in ords else (3, 4)))
add("np.linalg.vector_norm", "np.linalg.vector_norm(x, ord=0)", x=("distinct", (2, 3)))
for ords in ["2", "-2", "1", "-1", "np.inf", "-np.inf"]:
    add("np.linalg.matrix_norm", f"np.linalg.matrix_norm(x, ord={ords})", x=("distinct", (2, 3, 4)))
add("np.linalg.matrix_power", "np.linalg.matrix_power(x, -2)", x=("wellcond", (3, 3)))
add("np.linalg.svd", "np.abs(np.linalg.svd(x)[0]) + np.linalg.svd(x)[1]", x=("real", (3, 3)))
add("np.linalg.svd", "np.linalg.svd(x, full_matrices=False)", x=("real", (4, 3)), direct_only=True)
add("np.linalg.multi_dot", "np.linalg.multi_dot([x, y, z])", x=("real", (3,)), y=("real", (3, 4)), z=("real", (4,)))
add("np.repeat", "np.repeat(x, 0)", x=("real", (3,)))
add("np.repeat", "np.repeat(x, [1, 0, 2], axis=1)", x=("real", (2, 3)))
add("np.einsum", "np.einsum('ij,ij->i', x, y)", x=("real", (1, 3)), y=("real", (2, 3)))
for mode in ["edge", "wrap", "reflect", "symmetric"]:
    add("np.pad", f"np.pad(x, ((1, 2), (2, 1)), '{mode}')", x=("real", (3, 4)))
add("np.take", "np.take(x, [4, -1, 7], mode='wrap')", x=("real", (2, 3)))
# ufunc reductions and array methods spelled as users write them
add("np.ndarray.tolist", "np.array(x.tolist()) ** 2", x=("real", (2, 3)))
add("np.multiply.reduce", "np.multiply.reduce(x)", x=("nonzero", (2, 3)))
add("np.multiply.reduce", "np.multiply.reduce(x, axis=1, keepdims=True)", x=("nonzero", (2, 3)))
add("np.multiply.reduce", "np.multiply.reduce(x, axis=None)", x=("nonzero", (2, 3)))
add("np.maximum.accumulate", "np.maximum.accumulate(x)", x=("distinct", (5,)))
add("np.maximum.accumulate", "np.maximum.accumulate(x, axis=1)", x=("distinct", (2, 3)))
add("np.minimum.accumulate", "np.minimum.accumulate(x)", x=("distinct", (5,)))
add("np.minimum.accumulate", "np.minimum.accumulate(x, axis=-1)", x=("distinct", (3, 2)))
add("np.meshgrid", "np.stack(np.meshgrid(x, y))", x=("real", (3,)), y=("real", (2,)))
add("np.meshgrid", "np.stack(np.meshgrid(x, y, indexing='ij'))", x=("real", (3,)), y=("real", (2,)))
add("np.meshgrid", "np.stack(np.meshgrid(x, y, x))", x=("real", (3,)), y=("real", (2,)))
add("np.meshgrid", "np.meshgrid(x)[0]", x=("real", (3,)))
add("np.add.reduce", "np.add.reduce(x)", x=("real", (2, 3)))
add("np.add.reduce", "np.add.reduce(x, axis=1, keepdims=True)", x=("real", (2, 3)))
add("np.add.reduce", "np.add.reduce(x, axis=None)", x=("real", (2, 3)))
add("np.ndarray.trace", "x.trace()", x=("real", (3, 3)))
add("np.ndarray.trace", "x.trace(1)", x=("real", (3, 4)))
add("np.ndarray.item", "x.item() * x", x=("real", (1,)))
add("np.ndarray.item", "x.item()", x=("real", (1, 1)))
# np.arange: start + i * step, linear in start and step; the stop only sets the length
add("np.arange", "np.arange(x, x + 2.0, 0.5)", x=("real", None), f32=False)
add("np.arange", "np.arange(0.25, 2.0, x)", x=("pos", None), f32=False)
add("np.arange", "np.arange(x, 3.0)", x=("real", None), f32=False)
add("np.arange", "np.arange(4, step=x)", x=("pos", None), f32=False)
add("np.arange", "np.arange(x, 2.5, 0.5) * x", x=("real", None), f32=False)
# linear in the weights; the indices and values only place them (bincount counts in float64)
add("np.bincount", "np.bincount(np.array([0, 2, 2, 1, 4]), weights=x, minlength=6)", x=("real", (5,)), f32=False)
add("np.bincount", "np.bincount(np.array([3, 0, 3]), x)", x=("real", (3,)), f32=False)
add("np.histogram", "np.histogram(np.array([0.1, 0.5, 0.5, 2.9, 3.0, 3.5, -1.0]), bins=3, range=(0.0, 3.0), "
    "weights=x)[0]", x=("real", (7,)))
add("np.histogram", "np.histogram(np.array([[0.1, 1.2], [1.6, 2.5]]), bins=np.array([0.0, 1.0, 1.5, 3.0]), "
    "weights=x)[0]", x=("real", (2, 2)))
add("np.take", "np.take(x, [5, -2], axis=0, mode='clip')", x=("real", (3, 2)))
add("np.convolve", "np.convolve(x, y, 'same')", x=("real", (5,)), y=("real", (4,)))
add("np.convolve", "np.convolve(x, y, 'valid')", x=("real", (3,)), y=("real", (5,)))
add("np.correlate", "np.correlate(x, y, 'same')", x=("real", (2,)), y=("real", (5,)))
add("np.correlate", "np.correlate(x, y, 'full')", x=("real", (3,)), y=("real", (4,)))
add("np.diff", "np.diff(x, axis=0, prepend=np.zeros((2, 4)), append=2.0)", x=("real", (3, 4)))
add("np.cumulative_sum", "np.cumulative_sum(x, axis=0, include_initial=True)", x=("real", (2, 3)))
add("np.cumulative_prod", "np.cumulative_prod(x, include_initial=True)", x=("nonzero", (4,)))
add("np.median", "np.median(x, axis=(0, 2), keepdims=True)", x=("distinct", (2, 3, 2)))
add("np.trapezoid", "np.trapezoid(x, np.array([[0.0, 1.0, 3.0], [0.0, 2.0, 3.0]]), axis=1)", x=("real", (2, 3)),
    f32=False)
add("np.sum", "np.sum(x, initial=2.0)", x=("real", (2, 3)))
add("np.append", "np.append(x, 2.0)", x=("real", (3,)))
add("np.sort", "np.sort(x, stable=True)", x=("distinct", (4,)))
add("np.partition", "np.partition(x, 1, kind='introselect')", x=("distinct", (4,)))
add("np.full_like", "np.full_like(x, y) * x", x=("real", (2, 3)), y=("real", None))
for shape in [(3,), (4,), (2, 4)]:               # one or two exact zeros: the Hessian is exact too
    add("np.prod", "np.prod(x, axis=-1)", x=("zeros", shape))
    add("np.nanprod", "np.nanprod(x, axis=-1)", x=("zeros", shape))

# -- np.fft: chains whose output is real (a complex value in the middle); float64 gradients -------
add("np.fft.fft", "np.fft.irfft(np.fft.fft(x, n=5, axis=0)[:3] * (1 + 2j), n=5, axis=0)", f32=False, x=("real", (4, 2)))
add("np.fft.ifft", "np.fft.hfft(np.fft.ifft(x, norm='ortho')[..., :3] * (2 - 1j))", f32=False, x=("real", (2, 4)))
add("np.fft.rfft", "np.fft.irfft(np.fft.rfft(x, n=4) * (1 + 2j), n=5)", f32=False, x=("real", (5,)))
add("np.fft.irfft", "np.fft.irfft(np.fft.fft(x) * (1 - 1j), n=7)", f32=False, x=("real", (4,)))
add("np.fft.hfft", "np.fft.hfft(np.fft.fft(x) * (0.5 + 1j), n=6)", f32=False, x=("real", (4,)))
add("np.fft.ihfft", "np.fft.irfft(np.fft.ihfft(x) * (1 + 1j), n=3)", f32=False, x=("real", (4,)))
add("np.fft.fft2", "np.fft.irfft2(np.fft.fft2(x)[:, :2] * (1 + 2j))", f32=False, x=("real", (3, 4)))
add("np.fft.fftn", "np.fft.irfftn(np.fft.fftn(x, axes=(0, 1))[:, :2] * (1 + 2j), axes=(0, 1))", f32=False, x=("real", (3, 4)))
add("np.fft.ifft2", "np.fft.irfft2(np.fft.ifft2(x)[:, :2] * (1 - 2j))", f32=False, x=("real", (3, 4)))
add("np.fft.ifftn", "np.fft.irfftn(np.fft.ifftn(x)[:, :2] * (1 - 2j))", f32=False, x=("real", (3, 4)))
add("np.fft.rfft2", "np.fft.irfft2(np.fft.rfft2(x) * (1 + 2j))", f32=False, x=("real", (3, 4)))
add("np.fft.rfftn", "np.fft.irfftn(np.fft.rfftn(x, axes=(1, 0)) * (2 + 1j), axes=(1, 0))", f32=False, x=("real", (3, 5)))
add("np.fft.fftshift", "np.fft.fftshift(x) * np.arange(5.0)", f32=False, x=("real", (5,)))
add("np.fft.ifftshift", "np.fft.ifftshift(x, axes=1) * np.arange(5.0)", f32=False, x=("real", (2, 5)))

# -- scipy.stats (float64: SciPy computes in double) -------------------------------------------
for method in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
    add(f"scipy.stats.norm.{method}", f"scipy.stats.norm.{method}(x, y, z)", f32=False,
        x=("real", (3,)), y=("real", ()), z=("pos", ()))
for method in ("logpdf", "pdf"):
    add(f"scipy.stats.t.{method}", f"scipy.stats.t.{method}(x, w, y, z)", f32=False,
        x=("real", (3,)), w=("gt1", ()), y=("real", ()), z=("pos", ()))
    add(f"scipy.stats.gamma.{method}", f"scipy.stats.gamma.{method}(x, w, loc=y, scale=z)", f32=False,
        x=("pos", (3,)), w=("gt1", ()), y=("neg", ()), z=("pos", ()))
add("scipy.stats.beta.logpdf", "scipy.stats.beta.logpdf(x, y, z)", f32=False,
    x=("prob", (3,)), y=("gt1", ()), z=("gt1", ()))
add("scipy.stats.chi2.logpdf", "scipy.stats.chi2.logpdf(x, y)", f32=False, x=("pos", (3,)), y=("gt1", ()))
add("scipy.stats.expon.logpdf", "scipy.stats.expon.logpdf(x, y, z)", f32=False,
    x=("pos", (3,)), y=("neg", ()), z=("pos", ()))
add("scipy.stats.laplace.logpdf", "scipy.stats.laplace.logpdf(x, scale=z)", f32=False,
    x=("nonzero", (3,)), z=("pos", ()))
for method in ("logpdf", "cdf"):
    add(f"scipy.stats.logistic.{method}", f"scipy.stats.logistic.{method}(x, y, z)", f32=False,
        x=("real", (3,)), y=("real", ()), z=("pos", ()))
add("scipy.stats.poisson.logpmf", "scipy.stats.poisson.logpmf(np.arange(3.0), x)", f32=False, x=("pos", (3,)))
add("scipy.stats.poisson.pmf", "scipy.stats.poisson.pmf(np.arange(3.0), x)", f32=False, x=("pos", (3,)))
add("scipy.stats.beta.pdf", "scipy.stats.beta.pdf(x, y, z, 0.0, 1.0)", f32=False,
    x=("prob", (3,)), y=("gt1", ()), z=("gt1", ()))
add("scipy.stats.chi2.pdf", "scipy.stats.chi2.pdf(x, y)", f32=False, x=("pos", (3,)), y=("gt1", ()))
for method in ("pdf", "cdf", "logcdf", "sf", "logsf"):
    add(f"scipy.stats.expon.{method}", f"scipy.stats.expon.{method}(x, y, z)", f32=False,
        x=("pos", (3,)), y=("neg", ()), z=("pos", ()))
    add(f"scipy.stats.laplace.{method}", f"scipy.stats.laplace.{method}(x, y, z)", f32=False,
        x=("nonzero", (3,)), y=("real", (3,)), z=("pos", ()))
for method in ("pdf", "sf", "logcdf", "logsf"):
    add(f"scipy.stats.logistic.{method}", f"scipy.stats.logistic.{method}(x, y, z)", f32=False,
        x=("real", (3,)), y=("real", ()), z=("pos", ()))
for name in ("norm", "expon", "laplace", "logistic"):
    add(f"scipy.stats.{name}.entropy", f"scipy.stats.{name}.entropy(x, y)", f32=False, x=("real", (3,)), y=("pos", ()))
add("scipy.stats.norm.entropy", "scipy.stats.norm.entropy(scale=y)", f32=False, y=("pos", (2, 3)))
add("scipy.stats.gamma.entropy", "scipy.stats.gamma.entropy(x, y, z)", f32=False, x=("pos", (3,)), y=("real", ()),
    z=("pos", ()))
add("scipy.stats.gamma.entropy", "scipy.stats.gamma.entropy(200.0 * x)", f32=False, x=("pos", (3,)))   # both sides of 250
add("scipy.stats.chi2.entropy", "scipy.stats.chi2.entropy(x, scale=z)", f32=False, x=("pos", (3,)), z=("pos", ()))
add("scipy.stats.chi2.entropy", "scipy.stats.chi2.entropy(200.0 * x)", f32=False, x=("pos", (3,)))
add("scipy.stats.t.entropy", "scipy.stats.t.entropy(x, scale=z)", f32=False, x=("pos", (3,)), z=("pos", (3,)))
add("scipy.stats.t.entropy", "scipy.stats.t.entropy(80.0 * x)", f32=False, x=("pos", (3,)))       # both sides of 100
add("scipy.stats.beta.entropy", "scipy.stats.beta.entropy(x, y, scale=z)", f32=False, x=("pos", (3,)), y=("gt1", ()),
    z=("pos", ()))
add("scipy.stats.dirichlet.entropy", "scipy.stats.dirichlet.entropy(x)", f32=False, x=("pos", (3,)))
add("scipy.stats.multivariate_normal.entropy", "scipy.stats.multivariate_normal.entropy(y, (z + z.T) / 2)", f32=False,
    y=("real", (3,)), z=("spd", (3, 3)))
add("scipy.stats.multivariate_normal.entropy", "scipy.stats.multivariate_normal.entropy(np.zeros(3), cov=z)", f32=False,
    z=("pos", (3,)))
add("scipy.stats.multivariate_normal.entropy", "scipy.stats.multivariate_normal.entropy(y, z)", f32=False,
    y=("real", (4,)), z=("pos", ()))
add("scipy.stats.multivariate_normal.logpdf", "scipy.stats.multivariate_normal.logpdf(x, y, z)", f32=False, symmetric=("z",),
    direct_only=True, x=("real", (2, 3)), y=("real", (3,)), z=("spd", (3, 3)))
# SciPy reads cov's lower triangle; the rule's gradient is the symmetric one (exact along symmetric moves)
add("scipy.stats.multivariate_normal.logpdf", "scipy.stats.multivariate_normal.logpdf(x, y, (z + z.T) / 2)",
    f32=False, x=("real", (2, 3)), y=("real", (3,)), z=("spd", (3, 3)))
add("scipy.stats.dirichlet.logpdf", "scipy.stats.dirichlet.logpdf(x / np.sum(x), y)", f32=False,
    x=("pos", (3,)), y=("gt1", (3,)))
for method in ("cdf", "logcdf", "sf", "logsf"):
    add(f"scipy.stats.t.{method}", f"scipy.stats.t.{method}(x, 2.5, y, z)", f32=False,
        x=("real", (3,)), y=("real", ()), z=("pos", ()))
    add(f"scipy.stats.gamma.{method}", f"scipy.stats.gamma.{method}(x, 1.5, loc=y, scale=z)", f32=False,
        x=("pos", (3,)), y=("neg", ()), z=("pos", ()))
    add(f"scipy.stats.chi2.{method}", f"scipy.stats.chi2.{method}(x, 4.0, y, z)", f32=False,
        x=("pos", (3,)), y=("neg", ()), z=("pos", ()))
    add(f"scipy.stats.beta.{method}", f"scipy.stats.beta.{method}(x, 1.5, 2.5, 0.1 * y, 1.2 + 0.1 * z)", f32=False,
        x=("prob", (3,)), y=("unit", ()), z=("unit", ()))
    add(f"scipy.stats.poisson.{method}", f"scipy.stats.poisson.{method}(np.array([0.0, 1.5, 3.0]), x)", f32=False,
        x=("pos", (3,)))
add("scipy.stats.multivariate_normal.pdf", "scipy.stats.multivariate_normal.pdf(x, y, (z + z.T) / 2)",
    f32=False, x=("real", (2, 3)), y=("real", (3,)), z=("spd", (3, 3)))
add("scipy.stats.dirichlet.pdf", "scipy.stats.dirichlet.pdf(x / np.sum(x), y)", f32=False,
    x=("pos", (3,)), y=("gt1", (3,)))
add("np.fft.irfft2", "np.fft.irfft2(np.fft.rfft2(x) * (1 - 1j), s=None)", f32=False, x=("real", (2, 4)))
add("np.fft.irfftn", "np.fft.irfftn(np.fft.rfftn(x, axes=(0,)) * (1 + 1j), axes=(0,))", f32=False, x=("real", (4, 2)))

# -- complex values in the middle (float64: a complex constant promotes) -------------------------
add("np.imag", "np.imag(x * (1 + 2j) * x)", f32=False, x=("real", (3,)))
add("np.angle", "np.angle(x * (1 + 2j) + 0.5j)", f32=False, x=("real", (3,)))


# -- added at the end, so that the rows above keep their indices (the seeds of their inputs) --
# `norm(w) ** 2` is read as runtime.norm_squared (transforms/squared_norms.py): the sum of squares.
for shape in [(3,), (2, 3), ()]:
    add("runtime.norm_squared", "np.linalg.norm(x) ** 2", x=("real", shape))
add("runtime.norm_squared", "np.linalg.norm(x * 0.0) ** 2.0 + np.sum(x)", x=("real", (3,)))     # smooth at 0
add("runtime.norm_squared", "np.linalg.norm(x * (1.0 + 2.0j)) ** 2", x=("real", (3,)))          # |z|**2 summed
add("runtime.norm_squared", "runtime.norm_squared(x)", x=("real", (2, 3)), direct_only=True)     # the template itself
# One operand: a trace, a transpose, a diagonal, a sum (runtime.einsum_put_back writes the seed back).
for spec, shape in [("ii", (3, 3)), ("ij->ji", (2, 3)), ("ji", (2, 3)), ("i->", (3,)), ("ii->i", (3, 3)),
                    ("ij->i", (2, 3)), ("...ii->...i", (2, 3, 3)), ("iji->j", (3, 2, 3)), ("ijk->kj", (2, 3, 4))]:
    add("np.einsum", f"np.einsum({spec!r}, x)", x=("real", shape))
add("runtime.einsum_put_back", "runtime.einsum_put_back('ii->i', x, np.ones((3, 3)))", x=("real", (3,)),
    direct_only=True)
add("runtime.einsum_put_back", "runtime.einsum_put_back('ij->j', x, np.ones((2, 3)))", x=("real", (3,)),
    direct_only=True)
# ufunc methods spelled as users write them (rules/ufunc_methods.py): axis 0 unless told
add("np.maximum.reduce", "np.maximum.reduce(x)", x=("distinct", (2, 3)))
add("np.maximum.reduce", "np.maximum.reduce(x, axis=1, keepdims=True)", x=("distinct", (2, 3)))
add("np.maximum.reduce", "np.maximum.reduce(x, axis=None)", x=("distinct", (2, 3)))
add("np.maximum.reduce", "np.maximum.reduce(x)", x=("tied", (4,)))        # a tie: half each
add("np.minimum.reduce", "np.minimum.reduce(x, -1)", x=("distinct", (3, 2)))
add("np.minimum.reduce", "np.minimum.reduce(x, axis=(0, 1))", x=("distinct", (2, 3)))
add("np.logaddexp.reduce", "np.logaddexp.reduce(x)", x=("real", (3, 2)))
add("np.logaddexp.reduce", "np.logaddexp.reduce(x, axis=1, keepdims=True)", x=("real", (2, 3)))
add("np.logaddexp.reduce", "np.logaddexp.reduce(x, axis=None)", x=("real", (2, 3)))
add("np.fmax.reduce", "np.fmax.reduce(x, axis=1)", x=("distinct", (2, 3)))
add("np.fmin.reduce", "np.fmin.reduce(x)", x=("distinct", (3, 2)))
add("np.logaddexp2.reduce", "np.logaddexp2.reduce(x)", x=("real", (3, 2)))
add("np.logaddexp2.reduce", "np.logaddexp2.reduce(x, axis=(0, 1), keepdims=True)", x=("real", (2, 3)))
add("np.add.accumulate", "np.add.accumulate(x)", x=("real", (3, 2)))
add("np.add.accumulate", "np.add.accumulate(x, axis=1)", x=("real", (2, 3)))
add("np.add.accumulate", "np.add.accumulate(x, -1)", x=("real", (4,)))
add("np.multiply.accumulate", "np.multiply.accumulate(x)", x=("nonzero", (3, 2)))
add("np.multiply.accumulate", "np.multiply.accumulate(x, axis=1)", x=("zeros", (2, 4)))
# window views (rules/windows.py): sliding_window_view's offsets, as_strided's flat indices
_SWV, _STRIDED = "np.lib.stride_tricks.sliding_window_view", "np.lib.stride_tricks.as_strided"
add(_SWV, f"{_SWV}(x, 3)", x=("real", (5,)))
add(_SWV, f"{_SWV}(x, 2, axis=1)", x=("real", (2, 4)))
add(_SWV, f"{_SWV}(x, (2, 2))", x=("real", (3, 4)))
add(_SWV, f"{_SWV}(x, (2, 3), axis=(-1, 0))", x=("real", (4, 3)))
add(_SWV, f"{_SWV}(x, (2, 2), axis=(1, 1))", x=("real", (2, 5)))
add(_SWV, f"{_SWV}(x, 1, 0, subok=True, writeable=False)",
    x=("real", (3,)))
add(_SWV, f"{_SWV}(x, 9)", x=("real", (11,)))   # > 8 offsets
add(_SWV, f"{_SWV}(x, (3, 3), (1, 0))", x=("real", (4, 5)))
add(_STRIDED, f"{_STRIDED}(x, (4, 3), (x.strides[0], x.strides[0]))", x=("real", (6,)))
add(_STRIDED, f"{_STRIDED}(x, shape=(2, 2, 2), strides=(x.strides[0], x.strides[1], "
    "x.strides[1]))", x=("real", (3, 3)))
add(_STRIDED, f"{_STRIDED}(x, strides=x.strides, writeable=False)", x=("real", (2, 3)))
add(_STRIDED, f"{_STRIDED}(x[::-1], (2, 2), (-x.strides[0], -x.strides[0]))",
    x=("real", (4,)))
add(_STRIDED, f"{_STRIDED}(x, (3,), (0,))", x=("real", (2,)))
# scipy.signal.lfilter (rules/filters.py): in the signal and both coefficient vectors (a[0] kept near 2)
_A = "np.array([2.0, 0.0, 0.0]) + 0.3 * np.tanh(y)"
add("scipy.signal.lfilter", "scipy.signal.lfilter([1.0, 0.5], [1.0, -0.3], x)", x=("real", (6,)))
add("scipy.signal.lfilter", f"scipy.signal.lfilter(x, {_A}, z)", x=("real", (2,)), y=("real", (3,)), z=("real", (5,)))
add("scipy.signal.lfilter", f"scipy.signal.lfilter(x, {_A}, z, axis=0)", x=("real", (3,)), y=("real", (3,)),
    z=("real", (4, 2)))
add("scipy.signal.lfilter", f"scipy.signal.lfilter(x, {_A}, z, 1)", x=("real", (4,)), y=("real", (3,)),
    z=("real", (2, 3)))                      # more coefficients than samples
add("scipy.signal.lfilter", "scipy.signal.lfilter(x, 2.0, z)", x=("real", (1,)), z=("real", (3,)))


# the helpers the rules above emit, differentiated again (for Hessians)
def helper(primitive, call, **args):
    add(primitive, call, prelude="from s2sgrad import runtime\n\n\n", **args)


helper("runtime.window_adjoint", "runtime.window_adjoint(x, y, 3)", x=("real", (4, 3)), y=("const", (6,)))
helper("runtime.window_adjoint", "runtime.window_adjoint(x, y, (3, 3))", x=("real", (2, 3, 3, 3)),
       y=("const", (4, 5)))
helper("runtime.window_adjoint", "runtime.window_adjoint(x, y, (2, 2), (1, 0))", x=("real", (2, 3, 2, 2)),
       y=("const", (3, 4)))
helper("runtime.lagged_sums", "runtime.lagged_sums(x, y, 3)", x=("real", (5,)), y=("real", (5,)))
helper("runtime.lagged_sums", "runtime.lagged_sums(x, y, 2, axis=0)", x=("real", (4, 2)), y=("real", (4, 2)))
helper("runtime.linear_filter", "runtime.linear_filter(x, [1.5, 0.2], y, 0)", x=("real", (2,)), y=("real", (3, 2)))
# np.put and np.fill_diagonal are normalized to stores of runtime.put_into (transforms/normalize/statements.py)
helper("runtime.put_into", "runtime.put_into(x, [0, 2, 0, -1], y)", x=("real", (5,)), y=("real", (3,)))
helper("runtime.put_into", "runtime.put_into(x, [[1, 7]], y, 'clip')", x=("real", (2, 3)), y=("real", (2,)))
helper("runtime.put_into", "runtime.put_into(x, np.array([6, -8]), y, mode='wrap')", x=("real", (5,)), y=("real", ()))
helper("runtime.put_into", "runtime.put_into(x, runtime.diagonal_flat_index(x, True), y)", x=("real", (5, 2)),
    y=("real", (2,)))
helper("runtime.put_values_adjoint", "runtime.put_values_adjoint(x, [0, 2, 0, -1], y)", x=("real", (5,)),
    y=("real", (3,)))
helper("runtime.put_values_adjoint", "runtime.put_values_adjoint(x, [4, 9], y, 'clip')", x=("real", (2, 3)),
    y=("real", (2, 1)))
# Squares whose root has a kink, read as primitives (transforms/squared_norms.py), and exprel's slope.
add("runtime.norm_squared", "np.linalg.norm(x, axis=1) ** 2", x=("real", (2, 3)))
add("runtime.norm_squared", "np.linalg.norm(x, axis=0, keepdims=True) ** 2", x=("real", (2, 3)))
add("runtime.norm_squared", "np.linalg.norm(x, 'fro') ** 2", x=("real", (2, 3)))
add("runtime.norm_squared", "np.linalg.norm(x, 2) ** 2", x=("real", (3,)))
add("runtime.norm_squared", "np.linalg.norm(x, 2) ** 2", x=("real", (2, 3)))                    # s_max ** 2
add("runtime.norm_squared", "np.linalg.norm(x * (1.0 + 2.0j), axis=0) ** 2", f32=False, x=("real", (2, 3)))
add("runtime.norm_squared", "np.linalg.norm(x * (1.0 + 2.0j), 2) ** 2", f32=False, x=("real", (2, 3)))
add("runtime.abs_squared", "np.abs(x) ** 2", x=("real", (3,)))
add("runtime.abs_squared", "np.square(np.abs(x * (1.0 - 0.5j)))", f32=False, x=("real", (2, 3)))
add("runtime.hypot_squared", "np.hypot(x, y) ** 2", x=("real", (2, 3)), y=("real", (3,)))
add("runtime.sqrt_squared", "np.sqrt(x) ** 2", x=("pos", (3,)))
add("runtime.sqrt_squared", "np.sqrt(x @ x) ** 2", x=("real", (3,)))
add("runtime.sqrt_squared", "np.real(np.sqrt(x * (1.0 + 2.0j)) ** 2)", f32=False, x=("real", (3,)))
add("runtime.std_squared", "np.std(x) ** 2", x=("real", (3,)))
add("runtime.std_squared", "np.std(x, axis=0, ddof=1) ** 2", x=("real", (3, 2)))
add("np.var", "np.var(x * (1.0 + 2.0j), axis=1)", f32=False, x=("real", (2, 3)))
add("np.std", "np.std(x * (1.0 + 2.0j), axis=0)", f32=False, x=("real", (2, 3)))
add("runtime.std_squared", "np.std(x * (1.0 - 1.0j)) ** 2", f32=False, x=("real", (3,)))
add("runtime.builtin_abs_squared", "abs(x) ** 2", x=("real", (3,)))
add("runtime.builtin_abs_squared", "abs(x * (1.0 - 0.5j)) ** 2", f32=False, x=("real", (2, 3)))
add("runtime.math_hypot_squared", "math.hypot(x, 2.0 * y) ** 2", x=("real", None), y=("real", None))
add("runtime.math_sqrt_squared", "math.sqrt(x * x + 0.5) ** 2", x=("real", None))
add("runtime.vector_norm_squared", "np.linalg.vector_norm(x) ** 2", x=("real", (2, 3)))
add("runtime.vector_norm_squared", "np.linalg.vector_norm(x, axis=(1, 0), keepdims=True) ** 2", x=("real", (2, 3)))
add("runtime.vector_norm_squared", "np.linalg.vector_norm(x, axis=0, ord=2) ** 2", x=("real", (2, 3)))
add("runtime.nanstd_squared", "np.nanstd(x) ** 2", x=("real", (3,)))
add("runtime.nanstd_squared", "np.nanstd(x, axis=0, ddof=1) ** 2", x=("real", (3, 2)))
add("runtime.std_squared", "x.std(axis=1, keepdims=True) ** 2", x=("real", (2, 3)))
add("runtime.std_squared", "(x * 2.0).std(ddof=1) ** 2", x=("real", (3,)))
add("runtime.exprel_slope", "runtime.exprel_slope(x)", x=("real", (3,)), direct_only=True)
add("runtime.exprel_slope", "runtime.exprel_slope(x * 0.01)", x=("real", (3,)), direct_only=True)     # near 0
add("scipy.special.exprel", "scipy.special.exprel(x * 0.01)", x=("real", (3,)))
add("scipy.special.boxcox", "scipy.special.boxcox(x, y * 1e-3)", x=("pos", (3,)), y=("real", (3,)))
add("scipy.special.boxcox1p", "scipy.special.boxcox1p(x, y * 1e-3)", x=("pos", (3,)), y=("real", (3,)))
add("runtime.log1prel_slope", "runtime.log1prel_slope(x * 0.3)", x=("real", (3,)), direct_only=True)
add("runtime.log1prel_slope", "runtime.log1prel_slope(x * 0.005)", x=("real", (3,)), direct_only=True)   # near 0
add("scipy.special.inv_boxcox", "scipy.special.inv_boxcox(x, y * 1e-3)", x=("prob", (3,)), y=("real", (3,)))
add("scipy.special.inv_boxcox1p", "scipy.special.inv_boxcox1p(x, y * 1e-3)", x=("prob", (3,)), y=("real", (3,)))
add("scipy.special.i1", "scipy.special.i1(x * 0.03)", x=("real", (3,)))      # i1' and j1' near 0: Taylor polynomials
add("scipy.special.j1", "scipy.special.j1(x * 0.03)", x=("real", (3,)))
add("np.nanvar", "np.nanvar(x * (1.0 + 2.0j), axis=1)", f32=False, x=("real", (2, 3)))
add("np.nanstd", "np.nanstd(x * (1.0 - 2.0j))", f32=False, x=("real", (3,)))

# -- SciPy functions given NumPy's rules, and quadratures (rules/scipy_fft.py, scipy_integrals.py) --
add("scipy.fft.fft", "np.abs(scipy.fft.fft(x, n=6, axis=0, norm='ortho')) ** 2", f32=False, x=("real", (4, 2)))
add("scipy.fft.ifft", "np.fft.hfft(scipy.fft.ifft(x, norm='forward', workers=1)[..., :3] * (2 - 1j))", f32=False,
    x=("real", (2, 4)))
add("scipy.fft.rfft", "scipy.fft.irfft(scipy.fft.rfft(x, n=4, norm='backward') * (1 + 2j), n=5)", f32=False,
    x=("real", (5,)))
add("scipy.fft.irfft", "scipy.fft.irfft(scipy.fft.fft(x) * (1 - 1j), n=7, norm='ortho')", f32=False, x=("real", (4,)))
add("scipy.fft.hfft", "scipy.fft.hfft(scipy.fft.fft(x) * (0.5 + 1j), n=6, norm='forward')", f32=False, x=("real", (4,)))
add("scipy.fft.ihfft", "scipy.fft.irfft(scipy.fft.ihfft(x, norm='ortho') * (1 + 1j), n=3)", f32=False, x=("real", (4,)))
add("scipy.fft.fft2", "scipy.fft.irfft2(scipy.fft.fft2(x, norm='ortho')[:, :2] * (1 + 2j))", f32=False,
    x=("real", (3, 4)))
add("scipy.fft.fftn", "np.real(scipy.fft.fftn(x, axes=(0, 1), norm='forward') * (1 + 2j))", f32=False, x=("real", (3, 4)))
add("scipy.fft.ifft2", "np.imag(scipy.fft.ifft2(x) * (1 - 2j))", f32=False, x=("real", (3, 4)))
add("scipy.fft.ifftn", "scipy.fft.irfftn(scipy.fft.ifftn(x, norm='ortho')[:, :2] * (1 - 2j))", f32=False,
    x=("real", (3, 4)))
add("scipy.fft.rfft2", "scipy.fft.irfft2(scipy.fft.rfft2(x, norm='ortho') * (1 + 2j))", f32=False, x=("real", (3, 4)))
add("scipy.fft.irfft2", "scipy.fft.irfft2(scipy.fft.rfft2(x) * (1 - 1j), norm='forward')", f32=False, x=("real", (2, 4)))
add("scipy.fft.rfftn", "scipy.fft.irfftn(scipy.fft.rfftn(x, axes=(1, 0)) * (2 + 1j), axes=(1, 0))", f32=False,
    x=("real", (3, 5)))
add("scipy.fft.irfftn", "scipy.fft.irfftn(scipy.fft.rfftn(x, norm='ortho') * (1 + 1j), norm='ortho')", f32=False,
    x=("real", (4, 2)))
add("scipy.fft.fftshift", "scipy.fft.fftshift(x) * np.arange(5.0)", x=("real", (5,)))
add("scipy.fft.ifftshift", "scipy.fft.ifftshift(x, axes=1) * np.arange(5.0)", x=("real", (2, 5)))
add("scipy.integrate.trapezoid", "scipy.integrate.trapezoid(x, dx=0.5, axis=0)", x=("real", (3, 2)))
add("scipy.integrate.trapezoid", "scipy.integrate.trapezoid(x, np.array([0.0, 0.5, 2.0, 2.5]))", x=("real", (2, 4)))
for shape in [(5,), (6,), (2, 4)]:
    add("scipy.integrate.simpson", "scipy.integrate.simpson(x)", x=("real", shape))
add("scipy.integrate.simpson", "scipy.integrate.simpson(x, x=np.array([0.0, 0.5, 1.5, 2.0]), axis=0)",
    x=("real", (4, 3)))
add("scipy.integrate.simpson", "scipy.integrate.simpson(x, dx=0.3, axis=-2)", x=("real", (5, 2)))
add("scipy.integrate.simpson", "scipy.integrate.simpson(x, x=np.array([[0.0, 0.5, 1.5, 2.0], [0.0, 1.0, 2.0, 2.5]]))",
    x=("real", (2, 4)))
add("np.mean", "np.mean(x, where=np.array([[True, False, True], [False, True, True]]))", x=("real", (2, 3)))
add("np.mean", "np.mean(x, axis=1, keepdims=True, where=np.array([True, False, True]))", x=("real", (2, 3)))
add("np.ndarray.mean", "x.mean(axis=0, where=np.array([[True, False], [True, True], [False, True]]))", x=("real", (3, 2)))
# -- least squares (rules/linalg/least_squares.py) -------------------------------------------
for sx, sy in [((5, 3), (5,)), ((5, 3), (5, 2)), ((2, 4), (2,)), ((3, 3), (3, 2))]:
    add("np.linalg.lstsq", "np.linalg.lstsq(x, y, rcond=None)[0]", x=("real", sx), y=("real", sy), f32=False)
add("np.linalg.lstsq", "np.sum(np.linalg.lstsq(x, y)[1]) + np.sum(np.linalg.lstsq(x, y)[3] ** 2)", f32=False,
    x=("real", (5, 2)), y=("real", (5, 3)))
add("np.polyfit", "np.polyfit(x, y, 2)", x=("distinct", (6,)), y=("real", (6,)), f32=False)
add("np.polyfit", "np.polyfit(x, y, 1)", x=("distinct", (5,)), y=("real", (5, 2)), f32=False)
add("np.polyfit", "np.polyfit(np.array([0.0, 0.5, 1.5, 2.0, 3.0]), x, 3)", x=("real", (5,)))
add("np.vander", "np.vander(x)", x=("real", (3,)))
add("np.vander", "np.vander(x, 4, increasing=True)", x=("real", (3,)))
add("runtime.full_rank", "runtime.full_rank(x, 2)", x=("real", (3, 2)), direct_only=True)

"""What the emitted gradients keep for the adjoint sweep, beside what a hand-written adjoint keeps.

Each workload's gradient (as `value_and_grad` runs it: specialised on the kinds of its
arguments, and as `s2sgrad emit` writes it, with no kinds) is run with a counting stack in place
of `s2sgrad.runtime.Stack`; the hand-written adjoint of `handwritten.py` gets the same counter
as its `tape`.  Reported per loop iteration: pushes, and bytes kept.

Bytes are the data the tape keeps alive: an array counts its buffer's `nbytes` once however
many pushes share it (a view counts its base's buffer), a Python or NumPy number 8 bytes, a
shape stand-in (a zero-strided array that records only a shape) 8 bytes per dimension, a tuple
or list the sum of its items.  A workload with no loop (the MLP) keeps no stack: there the
count is of the forward sweep's intermediates that the adjoint reads (locals kept, not pushed).
"""

import dataclasses

import gast
import numpy as np

from . import handwritten, workloads


class CountingStack(list):
    """A `Stack` (push/pop) and a hand-written adjoint's tape (append/extend) that counts what it keeps."""

    def __init__(self, items=False):
        super().__init__()
        self.items = items      # a tuple pushed counts as its items (a hand-written tape's record of a step)
        self.pushes = 0
        self.nbytes = 0
        self._buffers = set()
        self._held = []         # keeps every counted buffer alive, so that no id is reused

    def push(self, item):
        self.pushes += len(item) if type(item) is tuple and self.items else 1
        self.nbytes += self._bytes(item)
        list.append(self, item)

    append = push

    def extend(self, items):
        for item in items:
            self.push(item)

    def _bytes(self, item):
        if isinstance(item, np.ndarray):
            if item.ndim and not any(item.strides):
                return 8 * item.ndim                    # a shape stand-in
            base = item
            while isinstance(base.base, np.ndarray):
                base = base.base
            if id(base) in self._buffers:
                return 0
            self._buffers.add(id(base))
            self._held.append(base)
            return base.nbytes
        if isinstance(item, (tuple, list)):
            return sum(self._bytes(i) for i in item)
        return 8


@dataclasses.dataclass
class TapeCase:
    """One workload: its function, arguments, loop iterations per call, and hand-written adjoint."""

    name: str
    fn: object
    wrt: tuple
    args: tuple
    iterations: int
    hand: object


def tape_cases():
    """The workloads: the spring (unannotated), an RNN, a GRU and an LSTM (their sigmoid written
    as `1 / (1 + exp(-a))`, and as SciPy's `expit`) and the MLP; the RNN and the MLP also with the
    axes of their arguments declared."""
    rnn, gru, lstm = workloads.make_rnn(), workloads.make_gru(), workloads.make_lstm()
    spring = workloads.make_spring(1000)
    cases = [
        TapeCase("spring (no annotations), 1000 steps", workloads.spring_loss_untyped, workloads.SPRING_WRT, spring,
                 1000, handwritten.spring_value_and_grad),
        TapeCase("rnn, " + workloads.RNN_SIZE, workloads.rnn_loss, ("Wh", "Wx", "b"), rnn, rnn[3].shape[0] - 1,
                 handwritten.rnn_value_and_grad),
        TapeCase("rnn, axes declared", workloads.rnn_loss_declared, ("Wh", "Wx", "b"), rnn, rnn[3].shape[0] - 1,
                 handwritten.rnn_value_and_grad),
        TapeCase("gru, T=20, batch 32, 8->32", workloads.gru_loss, workloads.GRU_WRT, gru, gru[6].shape[0],
                 handwritten.gru_value_and_grad),
        TapeCase("lstm, T=20, batch 32, 8->32", workloads.lstm_loss, workloads.LSTM_WRT, lstm, lstm[3].shape[0],
                 handwritten.lstm_value_and_grad),
        TapeCase("gru, expit for the sigmoid", workloads.gru_loss_expit, workloads.GRU_WRT, gru, gru[6].shape[0],
                 handwritten.gru_value_and_grad),
        TapeCase("lstm, expit for the sigmoid", workloads.lstm_loss_expit, workloads.LSTM_WRT, lstm, lstm[3].shape[0],
                 handwritten.lstm_value_and_grad),
        TapeCase("mlp, batch 64, 10->32->1", workloads.mlp_loss, workloads.MLP_WRT,
                 workloads.make_mlp(*workloads.MLP_SIZES["small: batch 64, 10->32->1"]), 1,
                 handwritten.mlp_value_and_grad),
        TapeCase("mlp, axes declared", workloads.mlp_loss_declared, workloads.MLP_WRT,
                 workloads.make_mlp(*workloads.MLP_SIZES["small: batch 64, 10->32->1"]), 1,
                 handwritten.mlp_value_and_grad),
    ]
    return [c for c in cases if workloads.expit is not None or "expit" not in c.name]


def emitted_source(case, kinds=True):
    """The gradient module value_and_grad runs (kinds=True) or `s2sgrad emit` writes (kinds=False)."""
    from s2sgrad.api import compiled, kinds_of
    return compiled(case.fn, case.wrt, kinds=kinds_of(case.args) if kinds else ()).source


def count_emitted(source, fn_name, args):
    """(pushes, bytes) of one call of the emitted gradient `d_<fn_name>` in `source`, with a counting stack;
    with no stack, the forward sweep's intermediates that its adjoint reads."""
    namespace = {}
    exec(compile(source, f"<emitted {fn_name}>", "exec"), namespace)
    stack = CountingStack()
    namespace["Stack"] = lambda: stack
    namespace["d_" + fn_name](*args)
    if stack.pushes:
        return stack.pushes, stack.nbytes
    return 0, _kept_locals(source, fn_name, args, namespace)


def _kept_locals(source, fn_name, args, namespace):
    """Bytes of the forward sweep's locals (not parameters) that the adjoint sweep reads: the
    emitted function's body before its first blank line is the forward sweep."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def d_{fn_name}("))
    blank = next(i for i in range(start, len(lines)) if not lines[i].strip())
    tree = gast.parse(source)
    func = next(n for n in tree.body if isinstance(n, gast.FunctionDef) and n.name == "d_" + fn_name)
    params = [a.id for a in func.args.args]
    forward = [s for s in func.body if s.lineno <= blank and not isinstance(s, gast.Expr)]
    adjoint = [s for s in func.body if s.lineno > blank]
    defined = {n.id for s in forward for n in gast.walk(s)
               if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
    read = {n.id for s in adjoint for n in gast.walk(s) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}
    kept = sorted((defined & read) - set(params))
    probe = gast.gast_to_ast(gast.Module(body=[gast.FunctionDef(
        name="_probe", args=func.args, body=forward + [gast.Return(value=gast.Tuple(
            elts=[gast.Name(id=k, ctx=gast.Load(), annotation=None, type_comment=None) for k in kept],
            ctx=gast.Load()))], decorator_list=[], returns=None, type_comment=None, type_params=[])],
        type_ignores=[]))
    import ast
    exec(compile(ast.fix_missing_locations(probe), "<probe>", "exec"), namespace)
    counter = CountingStack()
    counter.extend(namespace["_probe"](*args))
    return counter.nbytes


def count_hand(case):
    tape = CountingStack(items=True)
    case.hand(*case.args, tape=tape)
    return tape.pushes, tape.nbytes


def tape_row(case):
    """Pushes and bytes per loop iteration: emitted (kinds as value_and_grad passes them; no kinds) and hand."""
    row = {"workload": case.name, "iterations": case.iterations}
    name = case.fn.__name__
    for label, kinds in (("emitted", True), ("emitted_no_kinds", False)):
        pushes, nbytes = count_emitted(emitted_source(case, kinds), name, case.args)
        row[label] = {"pushes_per_iter": pushes / case.iterations, "bytes_per_iter": nbytes / case.iterations}
    pushes, nbytes = count_hand(case)
    row["hand"] = {"pushes_per_iter": pushes / case.iterations, "bytes_per_iter": nbytes / case.iterations}
    row["bytes_over_hand"] = row["emitted"]["bytes_per_iter"] / row["hand"]["bytes_per_iter"]
    row["target"] = {"text": "bytes/iter <= 1.2 x hand-written", "met": row["bytes_over_hand"] <= 1.2}
    return row


def print_tape(rows, file):
    headers = ["workload", "pushes/iter", "bytes/iter", "hand pushes/iter", "hand bytes/iter", "bytes / hand",
               "no kinds: pushes/iter", "no kinds: bytes/iter", "target"]
    table = []
    for r in rows:
        e, h, g = r["emitted"], r["hand"], r["emitted_no_kinds"]
        table.append([r["workload"], f"{e['pushes_per_iter']:.3g}", f"{e['bytes_per_iter']:,.0f}",
                      f"{h['pushes_per_iter']:.3g}", f"{h['bytes_per_iter']:,.0f}", f"{r['bytes_over_hand']:.2f}",
                      f"{g['pushes_per_iter']:.3g}", f"{g['bytes_per_iter']:,.0f}",
                      ("met" if r["target"]["met"] else "MISSED") + f" ({r['target']['text']})"])
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(headers), file=file)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|", file=file)
    for t in table:
        print(line(t), file=file)

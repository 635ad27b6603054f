"""`Compiled`: the transform of one function for one wrt and specialisation — its gradient module's
text, the compiled gradient, the names it resolved — and how a call of the user API runs it."""

import numpy as np

from .arguments import bound_arguments, check_inputs
from .callables import known_parameters, label
from .errors import ArgumentError, InternalError, UserCodeError
from .execute import execute
from .gradients import all_fresh, fresh_like, match_inputs, match_numbers
from .pipeline import GradientModule, resolve_wrt
from .resolve import LiveResolver, Resolutions, changed, rename_reserved, tape_of
from .transforms import codegen
from .transforms.fence import fence
from .transforms.parse import pack_variadic, parse_function
from .transforms.rename import as_written
from .tracebacks import at_user_lines, chained
from .trees import without_collector_pauses


class Compiled:
    """A gradient module for one function and wrt: its text, the compiled gradient, and the
    names it resolved (`stale()` tells when one of them has been rebound since)."""

    @without_collector_pauses
    def __init__(self, fn, wrt, debug=False, kinds=(), mode="reverse", has_aux=False, callables=(), keywords=None,
                 checkpoints=True):
        source, node = parse_function(fn)
        node = self._packed(fn, node, wrt, kinds, keywords)
        log = Resolutions()
        resolver = LiveResolver(fn, source, log)
        fence(source, node, resolver)       # before `wrt` is read: a refused signature is the real problem
        names = self._signature(fn, node, resolver, wrt)
        module = GradientModule(debug=debug, checkpoints=checkpoints)
        if not getattr(node, "s2s_renames", None):      # renamed since: fenced again as renamed
            module.fenced.append(node)
        kinds, known = _specialisation(node, kinds, names, callables, resolver)
        self.callables = callables          # what the code is specialised on (see callables.callable_key)
        try:
            self.name = _add(self, module, (source, node, resolver, names), mode, kinds, has_aux, known, fn)
        except UserCodeError as error:
            raise as_written(error, resolver.scope.aliases) from None
        self.source, self.line_map = module.text(self._command(source, node, names, mode, has_aux))
        kinds.update({p: label(k) for p, k in known.items()})
        filename = _filename(source, node, names, kinds, mode, has_aux)
        self.gradient = execute(module, source, self.name, codegen.register(self.source, filename),
                                f"s2sgrad.generated.{node.name}", chained(module.origins, fn))
        self.checks = log.checks()

    def _packed(self, fn, node, wrt, kinds, keywords):
        """`node`, its `*args` and `**kwargs` read for this call's arity and keywords where it has them;
        sets `packed`: a keyword of the call -> the parameter it is read as."""
        self.packed = {}
        if keywords is None and kinds and node.args.vararg is not None and node.args.kwarg is None:
            keywords = ()
        if keywords is None:
            return node
        named = sum(1 for a in node.args.args if not getattr(a, "s2s_kwonly", False))
        node, self.packed = pack_variadic(node, max(len(kinds) - named, 0), keywords)
        _check_packed_wrt(fn, wrt, self.packed)
        return node

    def _signature(self, fn, node, resolver, wrt):
        """Rename the user's names that emitted code uses; set the parameters and `wrt` as the caller
        names them; return the `wrt` names as the emitted code names them."""
        renames = rename_reserved(node, resolver) if tape_of(fn) is None else {}
        names = resolve_wrt(node, wrt)
        user = {new: old for old, new in renames.items()}
        self.params = [user.get(a.id, a.id) for a in node.args.args]
        self.wrt = [user.get(n, n) for n in names]
        self.keywords = {old: new for old, new in renames.items() if old in self.params}
        self.single = not isinstance(wrt, (tuple, list))
        self.positions = [self.params.index(n) for n in self.wrt]
        self.last = max(self.positions)
        self.only = self.positions[0] if len(self.positions) == 1 else None
        if len(self.wrt) > 1 and self.single:
            raise InternalError("several wrt names for a single gradient")
        return names

    def _command(self, source, node, names, mode, has_aux):
        """The command that writes the same text, for the module's header, or None."""
        command = _regenerate_command(source, node, names) if mode != "split" else None
        if has_aux:         # the command line has no has_aux: the Python call that writes the text
            wrt_text = repr(names[0]) if self.single else repr(tuple(names))
            command = f"s2sgrad.emit({node.name}, wrt={wrt_text}, has_aux=True)"
        if command and mode in ("forward", "hvp"):
            command += " --mode forward"
        return command

    def stale(self):
        """True when a name the transform resolved (a global, a closure cell) was rebound since."""
        return changed(self.checks)

    def __call__(self, args, kwargs, d_result=1.0):
        """(f's value, the gradients matched to their inputs) for the call f(*args, **kwargs)."""
        if not kwargs and len(args) > self.last:
            done = self._by_position(args, d_result)
            if done is not None:
                return done
        values = bound_arguments(self, args, kwargs)
        inputs = [values.get(n) for n in self.wrt]
        check_inputs(self, inputs)
        if self.keywords or self.packed:
            kwargs = self.keyword_arguments(kwargs)
        value, grads = self.run(*args, **kwargs, d_result=d_result)
        return value, match_inputs(self, inputs, grads)

    def _by_position(self, args, d_result):
        """`__call__` for the common case, floats and float arrays passed by position; None otherwise."""
        if self.only is not None:
            x = args[self.only]
            kind = type(x)
            if kind is float or kind is np.float64 or kind is np.ndarray and x.dtype.kind == "f":
                return self._one(x, args, d_result)
        inputs = [args[i] for i in self.positions]
        scalars = _float_inputs(inputs)
        if scalars is None:
            return None
        value, grads = self.run(*args, d_result=d_result)
        if scalars:
            return value, match_numbers(self, inputs, grads)
        if len(inputs) == 1:
            if fresh_like(grads, inputs[0]):
                return value, (grads if self.single else (grads,))
        elif all_fresh(grads, inputs):
            return value, grads
        return value, match_inputs(self, inputs, grads)

    def keyword_arguments(self, kwargs):
        """The call's keyword arguments as the emitted function names them."""
        return {self.packed.get(k) or self.keywords.get(k, k): v for k, v in kwargs.items()}

    def _one(self, x, args, d_result):
        """The fast path of `__call__`: one float or float array to differentiate, by position."""
        try:
            value, g = self.gradient(*args, d_result=d_result)
        except Exception as error:
            at_user_lines(error)
            raise
        if type(x) is np.ndarray:
            if not fresh_like(g, x):
                return value, match_inputs(self, [x], g)
        elif type(g) is not float:
            if getattr(g, "shape", ()) != ():
                return value, match_inputs(self, [x], g)
            g = float(g)
        return value, (g if self.single else (g,))

    def run(self, *args, **kwargs):
        """The emitted function's result; an exception it raises shows the user's lines too."""
        try:
            return self.gradient(*args, **kwargs)
        except Exception as error:
            at_user_lines(error)
            raise


def _float_inputs(inputs):
    """None when one of `inputs` is not a float or a float array; else whether one is a float."""
    scalars = False
    for x in inputs:
        kind = type(x)
        if kind is float or kind is np.float64:
            scalars = True
        elif kind is not np.ndarray or x.dtype.kind != "f":
            return None
    return scalars


def _specialisation(node, kinds, names, callables, resolver):
    """({parameter: kind} the transform specialises on, {parameter: function} it is specialised on)."""
    # (an int passed for a wrt parameter is refused at the call, with the API's own message)
    kinds = {p.id: k for p, k in zip(node.args.args, kinds)
             if k is not None and not (k in ("int", "ints") and p.id in names)}
    renamed = getattr(node, "s2s_renames", {})
    known = {renamed.get(p, p): k for p, k in known_parameters(callables, resolver).items()}
    strings = {renamed.get(p, p): v for p, v in callables if isinstance(v, str)}
    for arg in node.args.args:          # what `TABLE[name]` chooses (transforms/choices.py)
        if arg.id in strings:
            arg.s2s_string = strings[arg.id]
    return kinds, known


def _add(entry, module, unit, mode, kinds, has_aux, known, fn):
    """Add the transform of `unit` (source, node, resolver, wrt names) to `module` in `mode`; the
    name of its emitted function (a tuple of names in split mode)."""
    source, node, resolver, names = unit
    if mode in ("forward", "hvp"):      # hvp: over a gradient, (value, tangent of the gradients)
        name, entry.tangent_params = module.add_forward(source, node, resolver, names, kinds=kinds,
                                                        tape=tape_of(fn), known=known,
                                                        outputs="hvp" if mode == "hvp" else None)
        return name
    if mode == "split":       # fwd_f and bwd_f apart (see GradientModule.add_split)
        return module.add_split(source, node, resolver, names, kinds=kinds, known=known)
    return module.add(source, node, resolver, names, kinds=kinds, has_aux=has_aux, known=known)


def _filename(source, node, names, kinds, mode, has_aux):
    """The name the emitted code's tracebacks show for its file."""
    specialised = "" if not kinds else " for " + ", ".join(f"{p}: {k}" for p, k in kinds.items())
    what = "tangents along" if mode == "forward" else "gradient's tangents along" if mode == "hvp" else \
        "with aux, wrt" if has_aux else "split, wrt" if mode == "split" else "wrt"
    return f"<s2sgrad {source.filename}:{node.name} {what} {','.join(names)}{specialised}>"


def _check_packed_wrt(fn, wrt, packed):
    """Refuse `wrt` naming a keyword that f receives through its `**kwargs`."""
    for item in wrt if isinstance(wrt, (tuple, list)) else (wrt,):
        if item in packed:
            raise ArgumentError(f"wrt={item!r}: {fn.__name__} receives `{item}` through its `**` parameter, and "
                                "s2sgrad differentiates named parameters only; name it in the signature")


def _regenerate_command(source, node, wrt):
    """The `s2sgrad emit` command that writes the same text, or None when the CLI cannot reach `node`."""
    if source.function(node.name) is None:
        return None         # not a top-level definition of its file (a closure, an inline lambda)
    default = [node.args.args[0].id] if node.args.args else []
    command = f"s2sgrad emit {codegen.shell_word(source.filename)} -f {node.name}"
    if list(wrt) != default:
        command += f" --wrt {','.join(wrt)}"
    return command


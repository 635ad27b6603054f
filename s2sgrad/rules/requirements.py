"""Requirements: what a rule supports of each option, checked on a call's constant arguments
when the function is transformed (`only`, `never`, `check`), and the signature that checks them."""

import dataclasses
import inspect

import gast


class _Variable:
    """An argument whose value is known only when the emitted code runs."""

    def __repr__(self):
        return "VARIABLE"


VARIABLE = _Variable()


@dataclasses.dataclass(frozen=True)
class Requirement:
    """What a rule supports of one option, checked on the call's constant arguments.

    `allowed`: the values supported (a value known only at run time passes, and the template
    handles it or fails loudly); None: the option must not be given at all (but may be None).
    `check`: instead, a function of the value (a constant, or VARIABLE) returning a message.
    `reason` says why, in the refusal and in docs/rules.md.
    """

    allowed: tuple = None
    reason: str = ""
    check: object = None

    def problem(self, name, value):
        """The refusal's message for `name=value`, or None when the rule covers it."""
        if self.check is not None:
            return self.check(value)
        if self.allowed is None:
            return None if value is None else f"`{name}=` is not supported: {self.reason}"
        if value is VARIABLE or any(value == v and type(value) is type(v) for v in self.allowed):
            return None
        supported = ", ".join(repr(v) for v in self.allowed)
        return f"`{name}={value!r}` is not supported ({self.reason}); supported: {supported}"

    def describe(self, name):
        """One line for docs/rules.md."""
        if self.allowed is None and self.check is None:
            return f"`{name}=` is refused: {self.reason}."
        if self.check is not None:
            return f"`{name}`: {self.reason}."
        return f"`{name}` must be {' or '.join(repr(v) for v in self.allowed)}: {self.reason}."


def only(*values, reason=""):
    """The option must be one of `values` (checked when it is a constant)."""
    return Requirement(tuple(values), reason)


def never(reason=""):
    """The option must not be given (None is accepted)."""
    return Requirement(None, reason)


def check(function, reason=""):
    """The option is checked by `function(value) -> message or None` (value a constant or VARIABLE)."""
    return Requirement(None, reason, function)


# Every rule refuses `out=`: it returns the result, and cannot follow what is written into `out`.
OUT = never("the rule differentiates the returned value, not what is written into `out`; use the returned value")


def constant_value(node):
    """The Python value of a call's constant argument (a gast node), else VARIABLE."""
    if isinstance(node, gast.Constant):
        return node.value
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub) and isinstance(node.operand, gast.Constant) \
            and type(node.operand.value) in (int, float):
        return -node.operand.value
    if isinstance(node, (gast.Tuple, gast.List)):
        items = [constant_value(e) for e in node.elts]
        return VARIABLE if any(v is VARIABLE for v in items) else tuple(items)
    return VARIABLE


class CheckedSignature(inspect.Signature):
    """A template's signature whose `bind` also checks the rule's requirements.

    Emitted code binds every call to its rule's template when the function is transformed, and a
    binding that fails is refused there, with the call's location: so an option the template
    does not handle is refused where it is written, not silently ignored.
    """

    __slots__ = ("_requires",)

    def __init__(self, parameters, *, requires):
        super().__init__(parameters)
        self._requires = requires

    def bind(self, *args, **kwargs):
        try:
            bound = super().bind(*args, **kwargs)
        except TypeError:
            # A call with too many or too few operands: a requirement may say why more clearly.
            positional = [p.name for p in self.parameters.values()
                          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            self._check({**dict(zip(positional, args)), **kwargs})
            raise
        given = dict(bound.arguments)
        for param in self.parameters.values():
            if param.kind == param.VAR_KEYWORD:
                given.update(given.pop(param.name, {}))
        self._check(given)
        return bound

    def _check(self, given):
        for name, requirement in self._requires.items():
            if name in given:
                value = given[name]
                message = requirement.problem(name, constant_value(value) if isinstance(value, gast.AST) else value)
                if message:
                    raise TypeError(message)

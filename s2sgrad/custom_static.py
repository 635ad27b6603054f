"""Custom gradients read from a file's source (the CLI never runs the file)."""

import functools
import inspect

import gast

from .custom import CustomRule, CustomTangentRule, register
from .errors import Diagnostic, UserCodeError


class StaticCustom:
    """A `@custom_gradient` function known only from source."""

    def __init__(self, name):
        self.__name__ = name

    def __hash__(self):
        return id(self)


class _Template:
    """Stands in for the template function, which the CLI never defines."""

    def __init__(self, name, module):
        self.__name__ = name
        self.__module__ = module


def _signature(node, source):
    """The inspect.Signature of a template known only as a FunctionDef; a default must be a literal."""
    args = node.args
    params = [inspect.Parameter(a.id, inspect.Parameter.POSITIONAL_OR_KEYWORD) for a in args.args]
    defaults = list(args.defaults)
    for i, default in enumerate(defaults):
        k = len(params) - len(defaults) + i
        params[k] = params[k].replace(default=_literal(default, source, node.name))
    params += [inspect.Parameter(a.id, inspect.Parameter.KEYWORD_ONLY) for a in args.kwonlyargs]
    return inspect.Signature(params)


def _literal(node, source, template):
    """A default read from source (the CLI never runs the file), or a located error."""
    try:
        return gast.literal_eval(node)
    except ValueError:
        raise UserCodeError([Diagnostic(source.location(node), f"a default of the template `{template}` must be "
                                        "a literal for `s2sgrad emit`, which reads the file without running it",
                                        "write the value out, or pass it as an argument")]) from None


def _tree(node):
    return gast.FunctionDef(name=node.name, args=node.args, body=node.body, decorator_list=[],
                            returns=None, type_comment=None, type_params=[])


class _FromSource:
    """A rule whose template is a FunctionDef of the user's file, which the CLI never runs."""

    node = None
    source = None

    @functools.cached_property
    def signature(self):
        return _signature(self.node, self.source)

    @functools.cached_property
    def tree(self):
        return _tree(self.node)


class StaticRule(_FromSource, CustomRule):
    """An adjoint template (`@f.adjoint`) read from source."""

    def __init__(self, primitive, node, source):
        super().__init__(primitive, _Template(node.name, source.module_name))
        self.node, self.source = node, source


class StaticTangentRule(_FromSource, CustomTangentRule):
    """A tangent template (`@f.tangent`) read from source."""

    def __init__(self, primitive, node, source):
        super().__init__(primitive, "template", _Template(node.name, source.module_name))
        self.node, self.source = node, source


def static_custom(source, primal, adjoint, tangent=None):
    """The registry entries of a custom-gradient function read from `source`."""
    obj = StaticCustom(primal.name)
    if adjoint is None:
        raise UserCodeError([Diagnostic(source.location(primal), f"`{primal.name}` is marked @custom_gradient "
                                        f"but no `@{primal.name}.adjoint` template follows it in this file",
                                        f"define `@{primal.name}.adjoint def _(result, ..., d_result): ...`")])
    rule = StaticRule(obj, adjoint, source)
    rule.signature      # noqa: B018 -- read now: a default that is not a literal is refused here
    register(obj, rule, StaticTangentRule(obj, tangent, source) if tangent is not None else None)
    return obj

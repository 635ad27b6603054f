"""Custom gradients read from a file's source (the CLI never runs the file)."""

import functools
import inspect

import gast

from . import rules
from .custom import CustomRule
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


def _signature(node):
    """The inspect.Signature of a template known only as a FunctionDef."""
    args = node.args
    params = [inspect.Parameter(a.id, inspect.Parameter.POSITIONAL_OR_KEYWORD) for a in args.args]
    defaults = list(args.defaults)
    for i, default in enumerate(defaults):
        k = len(params) - len(defaults) + i
        params[k] = params[k].replace(default=gast.literal_eval(default))
    params += [inspect.Parameter(a.id, inspect.Parameter.KEYWORD_ONLY) for a in args.kwonlyargs]
    return inspect.Signature(params)


def _tree(node):
    return gast.FunctionDef(name=node.name, args=node.args, body=node.body, decorator_list=[],
                            returns=None, type_comment=None, type_params=[])


class _FromSource:
    """A rule whose template is a FunctionDef of the user's file, which the CLI never runs."""

    node = None

    @functools.cached_property
    def signature(self):
        return _signature(self.node)

    @functools.cached_property
    def tree(self):
        return _tree(self.node)


class StaticRule(_FromSource, CustomRule):
    """An adjoint template (`@f.adjoint`) read from source."""

    def __init__(self, primitive, node, module):
        super().__init__(primitive, _Template(node.name, module))
        self.node = node


class StaticTangentRule(_FromSource, rules.TangentRule):
    """A tangent template (`@f.tangent`) read from source."""

    def __init__(self, primitive, node, module):
        super().__init__(primitive, "template", _Template(node.name, module))
        self.node = node


def static_custom(source, primal, adjoint, tangent=None):
    """The registry entries of a custom-gradient function read from `source`."""
    obj = StaticCustom(primal.name)
    if adjoint is None:
        raise UserCodeError([Diagnostic(source.location(primal), f"`{primal.name}` is marked @custom_gradient "
                                        f"but no `@{primal.name}.adjoint` template follows it in this file",
                                        f"define `@{primal.name}.adjoint def _(result, ..., d_result): ...`")])
    rules.ADJOINTS[obj] = StaticRule(obj, adjoint, source.module_name)
    if tangent is not None:
        rules.TANGENTS[obj] = StaticTangentRule(obj, tangent, source.module_name)
    return obj

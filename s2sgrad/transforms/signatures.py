"""Signatures: the parameters and calls of the functions the pipeline emits (`fwd_`/`bwd_` pairs,
tangent functions), built from the user's function's own."""

import gast

from .normalize import name


def call_params(fname, callee, first=(), user_names=False):
    """`fname(*first, a, b, s=s)`: a call passing callee's parameters, each keyword-only one by
    its keyword (the user's name for it when calling the user's own function, see rename.py)."""
    user = {new: old for old, new in getattr(callee.node, "s2s_renames", {}).items()} if user_names else {}
    params = callee.node.args.args
    return gast.Call(func=name(fname), args=list(first) + [name(a.id) for a in params
                                                           if not getattr(a, "s2s_kwonly", False)],
                     keywords=[gast.keyword(arg=user.get(a.id, a.id), value=name(a.id))
                               for a in params if getattr(a, "s2s_kwonly", False)])


def assign_to(target, value):
    return gast.Assign(targets=[name(target, True)], value=value, type_comment=None)


def function_def(fname, args, body):
    return gast.FunctionDef(name=fname, args=args, body=body, decorator_list=[], returns=None,
                            type_comment=None, type_params=[])


def param_node(pname):
    return gast.Name(id=pname, ctx=gast.Param(), annotation=None, type_comment=None)


def with_param(arguments, pname, default, first):
    """The parameters of `arguments` plus `pname`, first or last (with `default`).

    Keyword-only parameters (listed in `args` by parse.flatten_signature, marked `s2s_kwonly`)
    stay keyword-only, with their defaults.
    """
    kwonly = [a for a in arguments.args if getattr(a, "s2s_kwonly", False)]
    args = [param_node(a.id) for a in arguments.args if not getattr(a, "s2s_kwonly", False)]
    defaults = list(arguments.defaults)
    if pname is None:
        pass
    elif first:
        args.insert(0, param_node(pname))
    else:
        args.append(param_node(pname))
        if default is not None:
            defaults.append(default)
    return gast.arguments(args=args, posonlyargs=[], vararg=None, kwonlyargs=[param_node(a.id) for a in kwonly],
                          kw_defaults=[a.s2s_default for a in kwonly], kwarg=None, defaults=defaults)

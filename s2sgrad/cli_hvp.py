"""`s2sgrad emit --mode hvp`: forward mode over the gradient module `emit` writes, as s2sgrad.hvp
builds it — each entry `jvp_d_f(..., *, t_x)` returns f's value and H·t_x."""

import os

from .errors import ArgumentError
from .pipeline import GradientModule
from .naming import TAPE
from .resolve import StaticResolver
from .transforms.parse import parse_source


def refuse_aux(node, has_aux):
    """An ArgumentError for --mode hvp on a function marked has_aux=True (its Hessian is of the
    output alone, which the command line does not separate from the aux)."""
    if has_aux:
        raise ArgumentError(f"--mode hvp needs {node.name} to return its scalar output alone; it is marked "
                            "has_aux=True: emit its gradient (--mode reverse), or call s2sgrad.hvp on a "
                            "function that returns the output only")


def over_gradient(source, reverse, text, entries, debug):
    """(module, text) of forward mode over the reverse module `text` (written from `source`, its
    entries `entries`: [(gradient name, wrt names)]), the header naming the user's functions."""
    folder = os.path.dirname(os.path.abspath(source.filename))
    emitted = parse_source(text, os.path.join(folder, "s2sgrad_emitted_gradient.py"),
                           "s2sgrad_emitted_gradient")
    resolver = StaticResolver(emitted)
    resolver.emitted = True
    nodes = {n.name: n for n in emitted.tree.body if hasattr(n, "name")}
    module = GradientModule(debug=debug)
    module.user_signatures = True
    for name, wrt in entries:
        module.add_forward(emitted, nodes[name], resolver, list(wrt), tape=TAPE, outputs="hvp")
    module.described, module.mode = reverse.described, "hvp"     # the header names f, not d_f
    return module

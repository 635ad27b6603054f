"""Rewrites before normalizing: a function -> the function the normal form reads (loops over
functions unrolled; np.piecewise, iterators, sums, squared norms, fresh aliases, module aliases, objects,
factories and partials rewritten), fenced on the way, each pass giving back the function it is given or a rewritten copy."""

from ..callables import known_locals
from ..sequences import sequence_items
from ..trees import walks_kept
from . import (array_sums, fresh_aliases, frozen_distributions, function_containers, reparameterize, squared_norms,
               view_updates)
from .choices import bind_tables
from .factories import inline_factories
from .fence import fence
from .iterators import rewrite_iterators
from .module_names import inline_module_names
from .normalize import assigned_names
from .objects import inline_objects
from .partials import expand_partials
from .piecewise import lower_piecewise
from .properties import read_properties
from .rename import claim_introduced


def rewrite(source, node, resolver, inherited, fenced):
    """(the function, its loops over functions unrolled and its iterators and sums rewritten; its
    known callables; that function with its objects, factories and partials expanded; the callables
    inherited).  `node` is fenced unless it is one of `fenced`.  No pass changes the function it is
    given in place, so its walk is made once (`trees.walks_kept`)."""
    with walks_kept(node):
        node = read_properties(view_updates.rewrite_view_updates(node), resolver, inherited)
        node = lower_piecewise(node, source, resolver)
        node = function_containers.name_item_calls(bind_tables(node, source), resolver, inherited)
        if not any(node is done for done in fenced):
            fence(source, node, resolver, entry=False)
        node = rewrite_iterators(inline_module_names(node, resolver), source, resolver)
        node = squared_norms.square_norms(array_sums.sum_arrays(node, resolver), resolver)
        node = frozen_distributions.unfreeze_distributions(node, resolver)
        node = reparameterize.reparameterize_draws(node, resolver)
        node = fresh_aliases.rebind_fresh_aliases(node, resolver)
        known = {**known_locals(node, resolver), **sequence_items(node, resolver, inherited),
                 **_unassigned(inherited, node)}
        expanded = inline_objects(inline_factories(node, source, resolver), source, {**known, **(inherited or {})})
        expanded = squared_norms.square_methods(expanded, resolver)      # (its methods left are arrays')
        claim_introduced(expanded, node, resolver)      # a class the objects' dispatch names
        expanded, inherited = expand_partials(expanded, known, resolver)
    return node, known, expanded, inherited


def _unassigned(known, node):
    """The known callables of `known` whose name the function never assigns (a parameter that is
    rebound holds something else by then)."""
    rebound = assigned_names(node.body)
    return {n: k for n, k in (known or {}).items() if n.partition(".")[0] not in rebound}

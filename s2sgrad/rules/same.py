"""Rules of a primitive that computes what another computes: the other's templates, bound by its own signature."""

import dataclasses
import functools
import inspect

from . import ADJOINTS, TANGENTS, CheckedSignature, Rule, TangentRule


@dataclasses.dataclass(eq=False)
class SameAs(Rule):
    """The adjoint template of another primitive of the same meaning, bound by `own`, this
    primitive's signature: each of its parameters is the template's of that name (after
    `spelled`), or, where the template has none, SciPy's own, which the template never reads."""

    own: inspect.Signature = None
    like: object = None         # the primitive whose values this one computes (the analyses read it)

    @functools.cached_property
    def signature(self):
        template = inspect.signature(self.template).parameters
        first, seed = list(template.values())[0], template["d_result"]
        params = [template.get(self.spelled.get(p.name, p.name), p) for p in self.own.parameters.values()]
        return CheckedSignature([first, *params, seed], requires=self.requires)


def same_as(primitive, like, spelled=None, requires=None):
    """Give `primitive` the adjoint and tangent rules of `like`, which computes the same values."""
    rule = ADJOINTS[like]
    ADJOINTS[primitive] = SameAs(primitive, rule.template, requires={**rule.requires, **(requires or {})},
                                 spelled=dict(spelled or {}), operands=rule.operands, hints=dict(rule.hints),
                                 elementwise=rule.elementwise, reduction=rule.reduction, arrays=rule.arrays,
                                 returns=rule.returns, own=inspect.signature(primitive), like=like)
    kind = TANGENTS[like]
    TANGENTS[primitive] = TangentRule(primitive, kind.kind, kind.template, kind.method, ADJOINTS[primitive].requires)

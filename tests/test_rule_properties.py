"""What the analyses assume of a primitive is declared where its rule is registered
(`adjoint(..., reduction=, arrays=, returns=)`, `Family`, `nograd(..., returns=)`)
and read through one query, `rules.declared`; never from the name of the module or function."""

import pathlib

import numpy as np
import pytest

from s2sgrad import rules

ROOT = pathlib.Path(__file__).resolve().parent.parent / "s2sgrad"


@pytest.mark.parametrize("primitive", [np.sin, np.add, np.maximum, np.where])
def test_the_elementwise_family_declares_broadcasting_array_operands(primitive):
    assert rules.declared(primitive, "elementwise") and rules.declared(primitive, "arrays")
    assert not rules.declared(primitive, "reduction")


def test_the_special_family_declares_broadcasting_only():
    special = pytest.importorskip("scipy.special")
    assert rules.declared(special.erf, "elementwise") and not rules.declared(special.erf, "arrays")


def test_the_stats_family_declares_nothing_the_analyses_read():
    stats = pytest.importorskip("scipy.stats")
    assert rules.lookup(stats.norm.pdf) is not None
    assert not rules.declared(stats.norm.pdf, "elementwise") and not rules.declared(stats.norm.pdf, "arrays")


@pytest.mark.parametrize("primitive", [np.sum, np.mean, np.max, np.nanstd, np.linalg.norm, np.average, np.cov,
                                       np.add.reduce])
def test_the_reductions_family_declares_its_rules_reductions(primitive):
    assert rules.declared(primitive, "reduction") and rules.declared(primitive, "arrays")


@pytest.mark.parametrize("primitive", [np.matmul, np.linalg.inv, np.linalg.matmul, np.einsum])
def test_linear_algebra_takes_arrays(primitive):
    assert rules.declared(primitive, "arrays")


def test_what_a_primitive_returns_is_declared():
    assert rules.declared(np.split, "returns") == "tuple"
    assert rules.declared(np.atleast_1d, "returns") == "maybe tuple"
    assert rules.declared(np.linalg.svd, "returns") == rules.TupleUnless("compute_uv", False, 2)
    assert rules.declared(np.linalg.qr, "returns") == rules.TupleUnless("mode", "r", 1)
    assert rules.declared(np.nonzero, "returns") == "tuple"         # a zero-gradient primitive's, too
    assert rules.declared(np.sum, "returns") is None
    assert rules.declared(len, "returns") is None


def test_solve_ivp_returns_a_record():
    integrate = pytest.importorskip("scipy.integrate")
    assert rules.declared(integrate.solve_ivp, "returns") == "record"


def test_no_primitive_without_a_rule_declares_anything():
    assert rules.declared(print, "elementwise") is False
    assert rules.declared(print, "returns") is None


@pytest.mark.parametrize("path", sorted((ROOT / "analyses").glob("*.py")), ids=lambda p: p.name)
def test_analyses_read_no_rule_semantics_from_a_module_or_function_name(path):
    text = path.read_text()
    for derived in ("template.__module__", "_ALWAYS_TUPLES", "_TUPLE_RESULTS", "_RECORDS", 'rsplit(".", 1)'):
        assert derived not in text, f"{path.name} derives rule semantics from a name: {derived}"


@pytest.mark.parametrize("path", sorted((ROOT / "transforms").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_transforms_read_no_rule_semantics_from_a_module_name(path):
    assert "template.__module__" not in path.read_text(), f"{path.name} derives rule semantics from a module name"


def test_declared_reads_the_rule_a_call_uses():
    """`declared` with `positional` (and `complex_operand`) answers for the variant `lookup` finds."""
    def primitive(a, b=None):
        return a

    def whole(result, a, b=None, *, d_result):
        return d_result

    def pair(result, a, b, *, d_result):
        return d_result, d_result

    rules.adjoint(primitive, reduction=True, arrays=True)(whole)
    rules.adjoint(primitive, positional=2)(pair)
    try:
        assert rules.declared(primitive, "reduction") and rules.declared(primitive, "arrays")
        assert not rules.declared(primitive, "reduction", positional=2)
        assert rules.declared(primitive, "reduction", positional=1)        # no variant: the rule itself
        assert rules.declared(np.abs, "elementwise", complex_operand=True)
    finally:
        del rules.ADJOINTS[primitive], rules.VARIANTS[(primitive, 2)]


@pytest.mark.parametrize("primitive,family", [(np.linalg.svd, "linalg"), (np.einsum, "linalg"), (np.sum, "reductions"),
                                              (np.linalg.norm, "reductions"), (np.concatenate, "shape"),
                                              (np.meshgrid, "shape"), (np.exp, "elementwise")])
def test_a_family_package_documents_its_modules_rules(primitive, family):
    from s2sgrad.rules import catalog
    assert catalog.family(rules.lookup(primitive)) == family

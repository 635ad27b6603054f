"""Forward mode on both corpora: tangents against finite differences and the dot-product test with reverse mode."""

import warnings

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_jvp
from tests import lint
from tests.corpus import CASES

XFAIL = {}


def _per_input(cases):
    return [pytest.param(case, k, id=f"{case.name}-{k}",
                         marks=[pytest.mark.xfail(strict=True, reason=XFAIL[case.name])] if case.name in XFAIL else [])
            for case in cases for k in range(len(case.inputs))]


@pytest.mark.parametrize("case,k", _per_input(CASES))
def test_corpus_tangents(case, k):
    args = case.copies()[k]
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        check_jvp(case.fn, args, wrt=case.wrt)

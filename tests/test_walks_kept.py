"""trees.walks_kept: a tree's walk made once within a block, the same nodes in the same order as a
fresh walk; a pass that changes the tree's shape inside the block is caught where tests run."""

import gast
import pytest

from s2sgrad import trees


def _function():
    return gast.parse("def f(x):\n    y = x * 2.0\n    return y + 1.0\n").body[0]


def test_a_kept_walk_is_the_walk():
    func = _function()
    fresh = [id(n) for n in trees.walk(func)]
    with trees.walks_kept(func):
        assert [id(n) for n in trees.walk(func)] == fresh
        assert [id(n) for n in trees.walk(func)] == fresh
        inner = func.body[0]
        assert [id(n) for n in trees.walk(inner)] == [id(n) for n in trees._walk(inner)]


def test_a_shape_changed_inside_the_block_is_caught(monkeypatch):
    monkeypatch.setattr(trees, "CHECK_KEPT", True)
    func = _function()
    with pytest.raises(AssertionError, match="changed the shape"):
        with trees.walks_kept(func):
            list(trees.walk(func))
            func.body.insert(0, gast.Pass())


def test_a_name_renamed_inside_the_block_keeps_the_walk(monkeypatch):
    monkeypatch.setattr(trees, "CHECK_KEPT", True)
    func = _function()
    with trees.walks_kept(func):
        names = [n for n in trees.walk(func) if isinstance(n, gast.Name)]
        names[0].id = "renamed"
        assert any(getattr(n, "id", None) == "renamed" for n in trees.walk(func))
    assert not trees._KEPT

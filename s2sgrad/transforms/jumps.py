"""Jumps: `break`, `continue`, early `return` and loop `else` -> flags over structured code.

After this pass the only jump left is `if <stop>: break` as the last statement of a loop
body, and the only `return` is the last statement of the function.  Statements that
follow one that may jump run under `if not <flag>:`, so every path through a loop body is
a path through `if`s, whose decisions the adjoint replays.  For example::

    for x in xs:                      stop = False
        if x > 10:                    for x in xs:
            break           ->            skip = False
        s = s + x                         if x > 10:
                                              skip = True
                                              stop = True
                                          if not skip:
                                              s = s + x
                                          if stop:
                                              break
"""

import gast

from .normalize import name


def _assign(target, value, origin):
    node = gast.Assign(targets=[name(target, True)], value=value, type_comment=None)
    return _at(node, origin)


def _at(node, origin):
    node.lineno = getattr(origin, "lineno", None)
    node.col_offset = getattr(origin, "col_offset", 0)
    return node


def _const(value):
    return gast.Constant(value=value, kind=None)


def _not(flag):
    return gast.UnaryOp(op=gast.Not(), operand=name(flag))


class _Loop:
    def __init__(self, skip, stop):
        self.skip, self.stop = skip, stop
        self.used_skip = self.used_stop = False


class LowerJumps:
    """Rewrites one FunctionDef; `namer` hands out the flag names."""

    def __init__(self, func, namer):
        self.func = func
        self.namer = namer
        self.loops = []
        self.result = None
        self.returned = None

    def run(self):
        body = self.func.body
        if not _needs_lowering(body):
            return self.func
        early = _has_early_return(body)
        if early:
            self.result = self.namer.fresh("return_value")
            self.returned = self.namer.fresh("returned")
        new = self.block(body, top=True)
        if early:
            head = [_assign(self.returned, _const(False), self.func)]
            if not isinstance(body[-1], gast.Return):       # it can fall off the end: None then
                head.append(_assign(self.result, _const(None), self.func))
            new = head + new
            new.append(_at(gast.Return(value=name(self.result)), body[-1]))
        self.func.body = new
        return self.func

    def block(self, stmts, top=False):
        out = []
        for i, stmt in enumerate(stmts):
            if top and i == len(stmts) - 1 and isinstance(stmt, gast.Return) and self.result is None:
                out.append(stmt)
                break
            flag = self._guard_flag(stmt)      # before `statement` rewrites the jumps away
            rest = stmts[i + 1:]
            if flag is not None and rest and _jump_ends_then_arm(stmt, bool(self.loops)):
                # `if c: ...; break` then the rest: the rest is the `else` arm, no flag needed.
                body = self.block(stmt.body)
                orelse = self.block(stmt.orelse + rest, top=top)
                out.append(_at(gast.If(test=stmt.test, body=body or [_at(gast.Pass(), stmt)], orelse=orelse), stmt))
                break
            out.extend(self.statement(stmt))
            if flag is not None and rest:
                guarded = self.block(rest, top=top)
                if guarded:
                    out.append(_at(gast.If(test=_not(flag), body=guarded, orelse=[]), rest[0]))
                break
        return out

    def _guard_flag(self, stmt):
        """The flag that tells whether `stmt` jumped, at this nesting level, or None."""
        if self.loops:
            loop = self.loops[-1]
            if _may_jump(stmt, in_loop=True):
                loop.used_skip = True
                return loop.skip
            return None
        if self.returned is not None and _may_return(stmt):
            return self.returned
        return None

    def statement(self, stmt):
        if isinstance(stmt, gast.Continue):
            return [_assign(self.loops[-1].skip, _const(True), stmt)]
        if isinstance(stmt, gast.Break):
            loop = self.loops[-1]
            loop.used_stop = True
            return [_assign(loop.skip, _const(True), stmt), _assign(loop.stop, _const(True), stmt)]
        if isinstance(stmt, gast.Return):
            value = stmt.value if stmt.value is not None else _const(None)
            out = [_assign(self.result, value, stmt), _assign(self.returned, _const(True), stmt)]
            for loop in self.loops:
                loop.used_stop = True
                out += [_assign(loop.skip, _const(True), stmt), _assign(loop.stop, _const(True), stmt)]
            return out
        if isinstance(stmt, gast.If):
            stmt.body = self.block(stmt.body) or [_at(gast.Pass(), stmt)]
            stmt.orelse = self.block(stmt.orelse)
            return [stmt]
        if isinstance(stmt, (gast.For, gast.While)):
            return self.loop(stmt)
        return [stmt]

    def loop(self, stmt):
        if not _body_jumps(stmt.body) and not stmt.orelse:
            stmt.body = self.block_in_loop(stmt.body, None)
            return [stmt]
        loop = _Loop(self.namer.fresh("skip"), self.namer.fresh("stop"))
        body = self.block_in_loop(stmt.body, loop)
        head = []
        if loop.used_skip or loop.used_stop:
            body.insert(0, _assign(loop.skip, _const(False), stmt))
        if loop.used_stop:
            head.append(_assign(loop.stop, _const(False), stmt))
            body.append(_at(gast.If(test=name(loop.stop), body=[_at(gast.Break(), stmt)], orelse=[]), stmt))
        orelse = stmt.orelse
        stmt.body, stmt.orelse = body, []
        out = head + [stmt]
        if orelse:
            lowered = self.block(orelse)
            if loop.used_stop:
                out.append(_at(gast.If(test=_not(loop.stop), body=lowered, orelse=[]), orelse[0]))
            else:
                out.extend(lowered)
        return out

    def block_in_loop(self, body, loop):
        if loop is None:
            # A loop without jumps of its own may still contain a `return` in a nested loop.
            if not any(_may_return(s) for s in body):
                saved, self.loops = self.loops, []
                try:
                    return self._plain(body)
                finally:
                    self.loops = saved
            loop = _Loop(self.namer.fresh("skip"), self.namer.fresh("stop"))
        self.loops.append(loop)
        try:
            return self.block(body)
        finally:
            self.loops.pop()

    def _plain(self, body):
        out = []
        for stmt in body:
            out.extend(self.statement(stmt))
        return out


def _statements_no_defs(stmt):
    """`stmt` and the statements nested in it, not in nested function definitions, found without
    visiting expressions (no statement is nested in an expression; a lambda holds none)."""
    if isinstance(stmt, gast.FunctionDef):
        return
    stack = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, gast.stmt):
            yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            value = getattr(node, field, None)
            if type(value) is list:
                stack += [item for item in value if isinstance(item, _BLOCK_PARTS)]


_BLOCK_PARTS = (gast.stmt, gast.excepthandler, gast.match_case)


def _may_return(stmt):
    return any(isinstance(n, gast.Return) for n in _statements_no_defs(stmt))


def _may_jump(stmt, in_loop):
    """Does `stmt` contain a break/continue of the current loop, or any return?"""
    if isinstance(stmt, (gast.Break, gast.Continue, gast.Return)):
        return True
    if isinstance(stmt, (gast.For, gast.While)):
        return _may_return(stmt)
    if isinstance(stmt, gast.If):
        return any(_may_jump(s, in_loop) for s in stmt.body + stmt.orelse)
    return False


def _body_jumps(body):
    return any(_may_jump(s, True) for s in body)


def _jump_ends_then_arm(stmt, in_loop):
    """`if c: ...; <jump>` whose only jump is that last one, and an `else` with none."""
    if not isinstance(stmt, gast.If) or not stmt.body:
        return False
    last = stmt.body[-1]
    if not isinstance(last, (gast.Break, gast.Continue, gast.Return)):
        return False
    return not any(_may_jump(s, in_loop) for s in stmt.body[:-1] + stmt.orelse)


def _has_early_return(body):
    for i, stmt in enumerate(body):
        if isinstance(stmt, gast.Return):
            if i != len(body) - 1:
                return True
        elif _may_return(stmt):
            return True
    return False


def _needs_lowering(body):
    for stmt in body:
        for n in _statements_no_defs(stmt):
            if isinstance(n, (gast.Break, gast.Continue)):
                return True
            if isinstance(n, (gast.For, gast.While)) and n.orelse:
                return True
    return _has_early_return(body)


def lower_jumps(func, namer):
    """Lower the jumps of `func` (a FunctionDef, rewritten in place)."""
    return LowerJumps(func, namer).run()

"""Hoist pushes: each `stack.push(v)` moves up past the statements that neither write `v`
nor touch the stack, so that what a push keeps is pushed where it is made."""

from .census import Census, blocks, is_compound, is_push


def hoist_pushes(body, census=None):
    """Move each `stack.push(v)` up past statements that neither write `v` nor touch the stack."""
    census = census or Census()
    changed = False
    for block in blocks(body):
        i = 0
        while i < len(block):
            stmt = block[i]
            if is_push(stmt) and i > 0:
                pushed = census.loads(stmt)
                prev = block[i - 1]
                if not is_compound(prev) and not census.stack_op(prev) and not (census.stores(prev) & pushed):
                    block[i - 1], block[i] = stmt, prev
                    changed = True
                    i -= 1
                    continue
            i += 1
    return changed

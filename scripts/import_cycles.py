"""Print the import cycles among s2sgrad's modules (module-level imports; an import inside a function
runs when it is called and is listed separately), and relative imports that name no module of the
package (one inside a function fails only when it runs).  Exit 1 when there is either.

    python scripts/import_cycles.py
"""

import ast
import os
import sys

UNRESOLVED = []
ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "s2sgrad")


def modules():
    """{dotted name: path} of every module of the package."""
    found = {}
    for folder, _, files in os.walk(ROOT):
        for f in files:
            if f.endswith(".py"):
                rel = os.path.relpath(os.path.join(folder, f), os.path.dirname(ROOT))[:-3].split(os.sep)
                found[".".join(rel[:-1] if rel[-1] == "__init__" else rel)] = os.path.join(folder, f)
    return found


def _resolve(name, node, is_package, known):
    """The modules of s2sgrad that an import statement in module `name` names."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in known]
    package = name if is_package else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    base = ".".join(p for p in (package if node.level else "", node.module or "") if p)
    targets = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
    found = targets or ([base] if base in known else [])
    if node.level and not found:
        UNRESOLVED.append(f"{name}:{node.lineno}: {'.' * node.level}{node.module or ''} names no module")
    return found


def graph():
    """({module: modules it imports at module level}, {module: modules it imports in a function})."""
    known = modules()
    top, lazy = {}, {}
    for name, path in known.items():
        tree = ast.parse(open(path, encoding="utf-8").read())
        is_package = path.endswith("__init__.py")
        top[name], lazy[name] = set(), set()
        at_top = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                (top if id(node) in at_top else lazy)[name].update(_resolve(name, node, is_package, known))
    return top, lazy


def cycles(edges):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main():
    top, lazy = graph()
    found = cycles(top)
    for component in found:
        print("cycle (module level):", " <-> ".join(component))
    both = {m: top[m] | lazy[m] for m in top}
    for component in cycles(both):
        if component not in found:
            print("cycle through imports inside functions:", " <-> ".join(component))
    for problem in UNRESOLVED:
        print("unresolved:", problem)
    print(f"{len(top)} modules, {len(found)} module-level cycles, {len(UNRESOLVED)} unresolved relative imports")
    return 1 if found or UNRESOLVED else 0


if __name__ == "__main__":
    sys.exit(main())

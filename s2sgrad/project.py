"""Project configuration: the gradients a project emits, listed in its pyproject.toml.

    [[tool.s2sgrad.emit]]
    source = "model.py"             # paths are relative to the folder of pyproject.toml
    function = "loss"               # or a list; default: every @s2sgrad.differentiate function
    wrt = ["W", "b"]                # or "W,b", or 0; default: the decorator's, else 0
    mode = "reverse"                # or "forward", "hvp"
    output = "model_grad.py"
    standalone = false
    kinds = { x = "array[batch n_in]", n = "int" }    # or "x=array[batch n_in],n=int", as --kinds

`s2sgrad emit` with no FILE emits every entry of the nearest pyproject.toml above the working
directory; `s2sgrad emit --check` checks them.
"""

import dataclasses
import os

from .errors import ArgumentError, printable

FILENAME = "pyproject.toml"
_KEYS = {"source", "function", "wrt", "mode", "output", "standalone", "kinds"}


@dataclasses.dataclass(frozen=True)
class Request:
    """One gradient module to emit: what `s2sgrad emit FILE [-f ...] [--wrt ...] -o OUT` asks for."""

    file: str
    functions: tuple = ()
    wrt: str = None             # as --wrt is written, or None for the decorator's
    mode: str = "reverse"
    output: str = None
    standalone: bool = False
    kinds: str = None           # as --kinds is written: NAME=KIND,...


def find(start=None):
    """The nearest pyproject.toml in `start` (default: the working directory) or a folder above."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        path = os.path.join(folder, FILENAME)
        if os.path.isfile(path):
            return path
        parent = os.path.dirname(folder)
        if parent == folder:
            raise ArgumentError(f"no FILE given and no {FILENAME} in {printable(os.getcwd())} or a folder "
                                "above it; give a FILE, or list gradients under [[tool.s2sgrad.emit]]")
        folder = parent


def load(path):
    """The Requests listed in the pyproject.toml at `path`, their paths relative to its folder."""
    toml = _toml()
    try:
        with open(path, "rb") as fh:
            data = toml.load(fh)
    except toml.TOMLDecodeError as err:
        raise ArgumentError(f"{printable(path)}: not valid TOML: {err}") from None
    entries = data.get("tool", {}).get("s2sgrad", {}).get("emit")
    if not entries:
        raise ArgumentError(f"{printable(path)} lists no gradients: add [[tool.s2sgrad.emit]] entries with "
                            "`source`, `function` and `output`, or give a FILE")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ArgumentError(f"{printable(path)}: `tool.s2sgrad.emit` must be an array of tables, "
                            "written [[tool.s2sgrad.emit]]")
    requests = [_request(path, i + 1, entry) for i, entry in enumerate(entries)]
    outputs = [os.path.normpath(r.output) for r in requests]
    for i, out in enumerate(outputs):
        if out in outputs[:i]:
            raise ArgumentError(f"{printable(path)}: entries {outputs.index(out) + 1} and {i + 1} of "
                                f"[[tool.s2sgrad.emit]] both write {printable(requests[i].output)}")
    return requests


def _toml():
    """tomllib (Python 3.11+), else tomli when installed."""
    try:
        import tomllib
    except ModuleNotFoundError:
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise ArgumentError(f"reading {FILENAME} needs Python 3.11 or later, or the `tomli` package on "
                                "Python 3.10 (pip install tomli); or give a FILE") from None
    return tomllib


def _request(path, number, entry):
    """Entry `number` (1-based) of [[tool.s2sgrad.emit]], checked."""
    where = f"{printable(path)}: [[tool.s2sgrad.emit]] entry {number}"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ArgumentError(f"{where}: unknown key {printable(repr(unknown[0]))}; the keys are "
                            f"{', '.join(sorted(_KEYS))}")
    for key in ("source", "output"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise ArgumentError(f"{where}: `{key}` must be given, as a path relative to {FILENAME}")
    functions = entry.get("function", [])
    functions = [functions] if isinstance(functions, str) else functions
    if not isinstance(functions, list) or not all(isinstance(f, str) for f in functions):
        raise ArgumentError(f"{where}: `function` must be a function's name or a list of names")
    mode = entry.get("mode", "reverse")
    if mode not in ("reverse", "forward", "hvp"):
        raise ArgumentError(f"{where}: `mode` must be \"reverse\", \"forward\" or \"hvp\", not {printable(repr(mode))}")
    standalone = entry.get("standalone", False)
    if not isinstance(standalone, bool):
        raise ArgumentError(f"{where}: `standalone` must be true or false")
    return Request(entry["source"], tuple(functions), _wrt_text(where, entry.get("wrt")), mode, entry["output"],
                   standalone, _kinds_text(where, entry.get("kinds")))


def _wrt_text(where, wrt):
    """`wrt` as --wrt is written: "x", "W,b", "0"."""
    if wrt is None:
        return None
    items = wrt if isinstance(wrt, list) else [wrt]
    if not items or not all(isinstance(i, (str, int)) and not isinstance(i, bool) for i in items):
        raise ArgumentError(f"{where}: `wrt` must be a parameter's name or index, or a list of them")
    return ",".join(map(str, items))


def _kinds_text(where, kinds):
    """`kinds` as --kinds is written: "x=array[batch n],n=int"; a table or that text."""
    if kinds is None or isinstance(kinds, str):
        return kinds or None
    if not isinstance(kinds, dict) or not all(isinstance(k, str) for k in kinds.values()):
        raise ArgumentError(f"{where}: `kinds` must be a table of parameter names to kinds, as in "
                            'kinds = { x = "array[batch n]", n = "int" }, or the text --kinds takes')
    return ",".join(f"{name}={kind}" for name, kind in kinds.items())

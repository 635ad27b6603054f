"""The command line: `s2sgrad emit [FILE ...] [-o OUT] [--check]`, `s2sgrad view FILE [-o OUT.html]`,
`s2sgrad rules`, `s2sgrad --version`."""

import argparse
import os
import re
import sys
import traceback

import gast

from . import __version__, output, project, view
from .callables import static_defaults
from .cli_hvp import over_gradient, refuse_aux
from .errors import ArgumentError, Diagnostic, S2SError, UserCodeError, printable
from .pipeline import GradientModule
from .project import Request
from .resolve import StaticResolver
from .standalone import inline_runtime
from .transforms.codegen import shell_word
from .transforms.fence import fence
from .transforms.parse import parse_file
from .transforms.rename import as_written


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "rules":
        return _guarded(lambda: _rules(args), False)
    if args.command == "view":
        request = Request(args.file, tuple(args.functions or ()), args.wrt, args.mode or "reverse", args.output,
                          kinds=args.kinds)
        return _guarded(lambda: _view(request, args), args.debug)
    if args.file is None:
        return _emit_project(args)
    request = Request(args.file, tuple(args.functions or ()), args.wrt, args.mode or "reverse", args.output,
                      args.standalone, args.kinds)
    return _guarded(lambda: _emit(request, args), args.debug)


def _parser():
    parser = argparse.ArgumentParser(prog="s2sgrad", description="Source-to-source automatic differentiation.")
    parser.add_argument("--version", action="version", version=f"s2sgrad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    emit = sub.add_parser("emit", help="write the gradient module of functions in FILE",
                          description="Write the gradient module of functions in FILE; with no FILE, every "
                                      "module listed under [[tool.s2sgrad.emit]] in the nearest pyproject.toml.")
    emit.add_argument("file", nargs="?", help="the Python file (default: the gradients pyproject.toml lists)")
    _function_options(emit)
    emit.add_argument("--standalone", action="store_true", help="inline s2sgrad.runtime helpers: needs only NumPy")
    emit.add_argument("--check", action="store_true", help="write nothing; exit 1 and print a diff when the -o "
                                                           "file (or a listed one) is not what emit writes now")
    emit.add_argument("--force", action="store_true", help="overwrite an output file s2sgrad did not write")
    emit.add_argument("--debug", action="store_true", help="print the source after every stage to stderr")
    shown = sub.add_parser("view", help="write an HTML page: FILE beside its gradient, lines linked",
                           description="Write one self-contained HTML page: FILE on the left, the gradient "
                                       "module `s2sgrad emit` writes on the right, each emitted line linked to "
                                       "the source line it comes from, tape pushes and pops marked.")
    shown.add_argument("file", help="the Python file")
    _function_options(shown)
    shown.add_argument("--force", action="store_true", help="overwrite an output file s2sgrad did not write")
    shown.add_argument("--debug", action="store_true", help="print the source after every stage to stderr")
    rules = sub.add_parser("rules", help="list the primitives that have derivative rules")
    rules.add_argument("--missing", action="store_true", help="list public NumPy and SciPy functions without a rule")
    return parser


def _function_options(parser):
    """What to differentiate and where to write it: the options `emit` and `view` share."""
    parser.add_argument("-f", "--function", action="append", dest="functions", metavar="NAME",
                        help="function to differentiate (repeatable; default: every @s2sgrad.differentiate one)")
    parser.add_argument("--wrt", help="comma-separated parameter names or indices (default: the decorator's, else 0)")
    parser.add_argument("--kinds", metavar="NAME=KIND,...",
                        help="specialise on the kinds of parameters, as annotations would: float, int, list, "
                             "tuple, array, or array[AXES] with the array's axes named (as in x=array[batch n_in],n=int): "
                             "where shapes are known equal, no unbroadcast")
    parser.add_argument("--mode", choices=("reverse", "forward", "hvp"),
                        help="reverse: gradients d_<f> (default); forward: tangents jvp_<f>; hvp: value and "
                             "Hessian-vector products jvp_d_<f> (emit only)")
    parser.add_argument("-o", "--output", help="write here instead of standard output (only over a file s2sgrad "
                                               "wrote, unless --force)")


def _guarded(run, debug):
    """`run()`'s exit status, or that of the error it raises (see _failure)."""
    try:
        return run()
    except Exception as err:
        return _failure(err, debug)


def _failure(err, debug):
    """Print an error for users and return its exit status: 2 for theirs, 3 for s2sgrad's."""
    if isinstance(err, UserCodeError):
        for diagnostic in err.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        return 2
    if isinstance(err, (ArgumentError, OSError)):
        print(f"s2sgrad: error: {_lines(err)}", file=sys.stderr)
        return 2
    if isinstance(err, S2SError):
        print(f"s2sgrad: {_lines(err)}", file=sys.stderr)
        return 3
    return _internal(err, debug)        # a bug: say so, without a traceback unless asked


def _lines(err):
    """An error's message, each of its lines printed inert (see errors.printable)."""
    return "\n".join(printable(line) for line in str(err).split("\n"))


def _internal(err, debug):
    """Report an unexpected exception as a bug in s2sgrad (exit 3); the traceback with --debug
    or S2SGRAD_TRACEBACK=1."""
    if debug or os.environ.get("S2SGRAD_TRACEBACK"):
        traceback.print_exception(type(err), err, err.__traceback__, file=sys.stderr)
    print(f"s2sgrad: internal error: {type(err).__name__}: {_lines(err)}\nThis is a bug in "
          "s2sgrad. Please report it with the file that triggered it and the output of "
          "`s2sgrad emit --debug` (S2SGRAD_TRACEBACK=1 prints the traceback).", file=sys.stderr)
    return 3


def _emit_project(args):
    """`s2sgrad emit [--check]` with no FILE: every gradient the nearest pyproject.toml lists, emitted
    from its folder (so headers name the same paths wherever it runs).  The worst status wins."""
    given = [flag for flag, value in (("-f", args.functions), ("--wrt", args.wrt), ("--mode", args.mode),
                                      ("-o", args.output), ("--standalone", args.standalone),
                                      ("--kinds", args.kinds)) if value]
    if given:
        print(f"s2sgrad: error: {given[0]} applies to a FILE; with no FILE, s2sgrad emit reads what to emit "
              "from [[tool.s2sgrad.emit]] in pyproject.toml", file=sys.stderr)
        return 2
    try:
        path = project.find()
        requests = project.load(path)
    except Exception as err:
        return _failure(err, args.debug)
    os.chdir(os.path.dirname(path))
    return max(_guarded(lambda: _emit(request, args, listed=True), args.debug) for request in requests)


def _emit(request, args, listed=False):
    """Emit one request: to standard output, to its file, or (--check) compare with its file."""
    if args.check and not request.output:
        raise ArgumentError("--check compares the emitted text with the file -o names; give -o")
    text = _emit_text(request, args.debug)
    if args.check:
        diff = output.stale_diff(request.output, text)
        if not diff:
            return 0
        sys.stdout.write(diff)
        again = "run `s2sgrad emit`" if listed else "run the same command without --check"
        print(f"s2sgrad: {printable(request.output)} is not what s2sgrad emits now; {again} to regenerate it",
              file=sys.stderr)
        return 1
    if request.output:
        if output.write(request.output, text, force=args.force) and listed:
            print(f"s2sgrad: wrote {printable(request.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _view(request, args):
    """`s2sgrad view`: the page of the gradient `emit` writes for `request`, to stdout or -o."""
    if request.mode == "hvp":
        raise ArgumentError("s2sgrad view links a gradient's lines to FILE's; --mode hvp applies to s2sgrad emit")
    source, module, text, command = _build(request, args.debug)
    command = "s2sgrad view " + command.removeprefix("s2sgrad emit ")
    page = view.render(source, text, module.origins, module.labels, request.mode, command)
    if request.output:
        output.write(request.output, page, force=args.force, header=view.HEADER)
    else:
        sys.stdout.write(page)
    return 0


def _emit_text(request, debug):
    """The gradient module `request` asks for."""
    _, _, text, _ = _build(request, debug)
    if request.standalone:
        text = inline_runtime(text)
    return text


def _build(request, debug):
    """(the parsed FILE, its GradientModule, the module's text, the command its header names) for
    `request` (the text before --standalone inlines the runtime)."""
    source = parse_file(request.file)
    resolver = StaticResolver(source)
    targets = _targets(source, request.functions, resolver)
    # (hvp: forward mode over the gradient, whose checkpoints are a memory schedule it needs not)
    module = GradientModule(debug=debug, checkpoints=request.mode != "hvp")
    module.user_signatures = True       # the user's parameter names, in the text they import
    problems = []
    entries = []
    given = _parse_wrt(request.wrt) if request.wrt is not None else None
    kinds = _parse_kinds(request.kinds) if request.kinds else None
    for node in targets:         # report the problems of every function at once
        try:
            entries.append(_add_target(module, (source, node, resolver), request.mode, given, kinds))
        except UserCodeError as err:
            problems.extend(as_written(err, resolver.scope.aliases).diagnostics)
    if problems:
        raise UserCodeError(problems)
    command = _header_command(request, source, targets, module, given)
    text, _ = module.text(command)
    if request.mode == "hvp":
        module = over_gradient(source, module, text, [(n, w) for n, (_, _, w) in zip(entries, module.described)],
                               debug)
        text, _ = module.text(command)
    return source, module, text, command


def _add_target(module, unit, mode, given, kinds):
    """Fence one function of FILE (`unit`: source, node, resolver) and add its derivative to `module`."""
    source, node, resolver = unit
    wrt = given if given is not None else _decorator_wrt(node, source)
    fence(source, node, resolver)       # before `wrt` is read: a refused signature is the real problem
    module.fenced.append(node)
    known = static_defaults(node, resolver)     # `def f(x, act=np.tanh)`: specialised on np.tanh
    unknown = sorted(set(kinds or ()) - {a.id for a in node.args.args})
    if unknown:
        raise ArgumentError(f"--kinds names `{unknown[0]}`, which is not a parameter of {node.name}")
    if mode == "forward":           # the jvp of the whole (output, aux) pair, as f.jvp gives it
        return module.add_forward(source, node, resolver, wrt, kinds=kinds, known=known)[0]
    has_aux = _decorator_has_aux(node, source)
    if mode == "hvp":
        refuse_aux(node, has_aux)
    return module.add(source, node, resolver, wrt, kinds=kinds, known=known, has_aux=has_aux)


def _header_command(request, source, targets, module, given):
    """The command that writes the same text, which the module's header names."""
    command = f"s2sgrad emit {shell_word(source.filename)}"
    for node in targets:
        if request.functions:
            command += f" -f {node.name}"
    if given is not None:
        command += f" --wrt {shell_word(_wrt_text(given))}"
    if request.standalone:
        command += " --standalone"
    if len(targets) == 1 and given is None:
        command = _single_command(source.filename, targets[0], module)
        if request.standalone:
            command += " --standalone"
    if request.kinds:
        command += f" --kinds {shell_word(request.kinds)}"
    if request.mode in ("forward", "hvp"):
        command += f" --mode {request.mode}"
    return command


def _single_command(filename, node, module):
    wrt = module.described[0][2]
    default = [node.args.args[0].id] if node.args.args else []
    command = f"s2sgrad emit {shell_word(filename)} -f {node.name}"
    if list(wrt) != default:
        command += f" --wrt {','.join(wrt)}"
    return command


def _parse_wrt(text):
    """`--wrt a,1` -> ("a", 1): parameter names and indices; anything else is an ArgumentError."""
    items = [item.strip() for item in text.split(",") if item.strip()] or [text]
    parsed = []
    for item in items:
        if item.isascii() and item.lstrip("-").isdigit() and item.count("-") <= 1:
            parsed.append(int(item))
        elif item.isidentifier():
            parsed.append(item)
        else:
            raise ArgumentError(f"--wrt {text!r}: {item!r} is neither a parameter name nor an index; "
                                "give comma-separated names or indices, as in --wrt x,1")
    return parsed[0] if len(parsed) == 1 else tuple(parsed)


_KIND = re.compile(r"\s*([A-Za-z_]\w*)\s*=\s*(float|int|list|tuple|array(?:\[[\w\s,]*\])?)\s*(?:,|$)")


def _parse_kinds(text):
    """`--kinds x=float,W=array[n_in n_out]` -> {"x": "float", "W": "array[n_in n_out]"}."""
    kinds, at = {}, 0
    while at < len(text):
        match = _KIND.match(text, at)
        if match is None:
            raise ArgumentError(f"--kinds {text!r}: cannot read {text[at:]!r}; give NAME=KIND items separated by "
                                "commas, KIND one of float, int, list, tuple, array, array[AXES], "
                                "as in --kinds x=array[batch n],n=int")
        kinds[match.group(1)] = "seq" if match.group(2) in ("list", "tuple") else match.group(2)
        at = match.end()
    return kinds


def _wrt_text(wrt):
    return ",".join(map(str, wrt)) if isinstance(wrt, tuple) else str(wrt)


def _targets(source, names, resolver):
    """The FunctionDefs of the named functions, or of every decorated one, ready for the pipeline."""
    if names:
        for fname in names:
            if source.function(fname) is None:
                raise ArgumentError(f"{printable(source.filename)} defines no top-level function `{printable(fname)}`")
    else:
        names = [node.name for node in source.tree.body if isinstance(node, gast.FunctionDef) and _is_marked(node)]
        if not names:
            raise ArgumentError(f"{printable(source.filename)} has no @s2sgrad.differentiate function; name one with -f")
    out, problems = [], []
    for fname in names:         # every refused one listed (a decorator s2sgrad emit cannot read)
        try:
            out.append(resolver.definition(fname))
        except UserCodeError as err:
            problems.extend(err.diagnostics)
    if problems:
        raise UserCodeError(problems)
    return out


def _is_marked(node):
    for dec in node.decorator_list:
        target = dec.func if isinstance(dec, gast.Call) else dec
        if isinstance(target, gast.Attribute) and target.attr == "differentiate":
            return True
        if isinstance(target, gast.Name) and target.id == "differentiate":
            return True
    return False


def _decorator_wrt(node, source=None):
    """The decorator's `wrt=` (a literal: the CLI never runs the file), else 0."""
    for dec in node.decorator_list:
        if isinstance(dec, gast.Call):
            for kw in dec.keywords:
                if kw.arg == "wrt":
                    return _literal_wrt(kw.value, source)
    return 0


def _decorator_has_aux(node, source):
    """The decorator's `has_aux=` (True or False, written as such), else False."""
    for dec in node.decorator_list:
        for kw in dec.keywords if isinstance(dec, gast.Call) and _is_marked_by(dec) else ():
            if kw.arg == "has_aux":
                if isinstance(kw.value, gast.Constant) and isinstance(kw.value.value, bool):
                    return kw.value.value
                raise UserCodeError([Diagnostic(source.location(kw.value), "`has_aux=` must be written True or "
                                                "False here: s2sgrad emit reads it without running the file")])
    return False


def _is_marked_by(dec):
    target = dec.func if isinstance(dec, gast.Call) else dec
    return getattr(target, "attr", getattr(target, "id", None)) == "differentiate"


def _literal_wrt(value, source):
    """A `wrt=` value read from source: a name, an index or a tuple of them; else a located error."""
    try:
        wrt = gast.literal_eval(value)
    except ValueError:
        wrt = None
    if isinstance(wrt, list):
        wrt = tuple(wrt)
    items = wrt if isinstance(wrt, tuple) else (wrt,)
    if not items or not all(isinstance(i, (int, str)) and not isinstance(i, bool) for i in items):
        raise UserCodeError([Diagnostic(source.location(value), "`wrt=` must be written as a literal for "
                                        "`s2sgrad emit`, which reads the file without running it: a parameter's "
                                        "name or index, or a tuple of them",
                                        "write it out, as in wrt=\"x\" or wrt=(\"W\", \"b\"), or pass --wrt")])
    return wrt


def _rules(args):
    from .rules import catalog
    names = catalog.missing() if args.missing else catalog.covered()
    for line in names:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

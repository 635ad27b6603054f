"""The command line: `s2sgrad emit FILE ...` and `s2sgrad rules`."""

import argparse
import os
import shlex
import sys
import traceback

import gast

from .callables import static_defaults
from .errors import ArgumentError, Diagnostic, S2SError, UserCodeError, printable
from .pipeline import GradientModule
from .resolve import StaticResolver
from .transforms.fence import fence
from .transforms.parse import parse_file
from .transforms.rename import as_written


def main(argv=None):
    parser = argparse.ArgumentParser(prog="s2sgrad", description="Source-to-source automatic differentiation.")
    sub = parser.add_subparsers(dest="command", required=True)
    emit = sub.add_parser("emit", help="write the gradient module of functions in FILE")
    emit.add_argument("file")
    emit.add_argument("-f", "--function", action="append", dest="functions", metavar="NAME",
                      help="function to differentiate (repeatable; default: every @s2sgrad.differentiate one)")
    emit.add_argument("--wrt", help="comma-separated parameter names or indices (default: the decorator's, else 0)")
    emit.add_argument("--mode", choices=("reverse", "forward"), default="reverse",
                      help="reverse: gradients d_<f> (default); forward: tangents jvp_<f>")
    emit.add_argument("-o", "--output", help="write here instead of standard output")
    emit.add_argument("--standalone", action="store_true", help="inline s2sgrad.runtime helpers: needs only NumPy")
    emit.add_argument("--debug", action="store_true", help="print the source after every stage to stderr")
    rules = sub.add_parser("rules", help="list the primitives that have derivative rules")
    rules.add_argument("--missing", action="store_true", help="list public NumPy functions without a rule")
    args = parser.parse_args(argv)
    try:
        if args.command == "emit":
            return _emit(args)
        return _rules(args)
    except UserCodeError as err:
        for diagnostic in err.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        return 2
    except (ArgumentError, OSError) as err:
        print(f"s2sgrad: error: {_lines(err)}", file=sys.stderr)
        return 2
    except S2SError as err:
        print(f"s2sgrad: {_lines(err)}", file=sys.stderr)
        return 3
    except Exception as err:            # a bug: say so, without a traceback unless asked
        return _internal(err, getattr(args, "debug", False))


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


def _emit(args):
    source = parse_file(args.file)
    resolver = StaticResolver(source)
    targets = _targets(source, args.functions, resolver)
    module = GradientModule(debug=args.debug)
    problems = []
    given = _parse_wrt(args.wrt) if args.wrt is not None else None
    for node in targets:         # report the problems of every function at once
        try:
            wrt = given if given is not None else _decorator_wrt(node, source)
            fence(source, node)     # before `wrt` is read: a refused signature is the real problem
            known = static_defaults(node, resolver)     # `def f(x, act=np.tanh)`: specialised on np.tanh
            if args.mode == "forward":
                module.add_forward(source, node, resolver, wrt, known=known)
            else:
                module.add(source, node, resolver, wrt, known=known)
        except UserCodeError as err:
            problems.extend(as_written(err, resolver.scope.aliases).diagnostics)
    if problems:
        raise UserCodeError(problems)
    command = f"s2sgrad emit {shlex.quote(source.filename)}"
    for node in targets:
        if args.functions:
            command += f" -f {node.name}"
    if given is not None:
        command += f" --wrt {shlex.quote(_wrt_text(given))}"
    if args.standalone:
        command += " --standalone"
    if len(targets) == 1 and given is None:
        command = _single_command(source.filename, targets[0], module)
        if args.standalone:
            command += " --standalone"
    if args.mode == "forward":
        command += " --mode forward"
    text, _ = module.text(command)
    if args.standalone:
        from .standalone import inline_runtime
        text = inline_runtime(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _single_command(filename, node, module):
    wrt = module.described[0][2]
    default = [node.args.args[0].id] if node.args.args else []
    command = f"s2sgrad emit {shlex.quote(filename)} -f {node.name}"
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


def _wrt_text(wrt):
    return ",".join(map(str, wrt)) if isinstance(wrt, tuple) else str(wrt)


def _targets(source, names, resolver):
    """The FunctionDefs of the named functions, or of every decorated one, ready for the pipeline."""
    if names:
        out = []
        for fname in names:
            if source.function(fname) is None:
                raise ArgumentError(f"{source.filename} defines no top-level function `{fname}`")
            node = resolver.definition(fname)
            out.append(node)
        return out
    out = [resolver.definition(node.name) for node in source.tree.body
           if isinstance(node, gast.FunctionDef) and _is_marked(node)]
    if not out:
        raise ArgumentError(f"{source.filename} has no @s2sgrad.differentiate function; name one with -f")
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
    names = catalog.missing_numpy() if args.missing else catalog.covered()
    for line in names:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

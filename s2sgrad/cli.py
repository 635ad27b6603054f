"""The command line: `s2sgrad emit FILE ...` and `s2sgrad rules`."""

import argparse
import sys

import gast

from .errors import ArgumentError, S2SError, UserCodeError
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
        print(f"s2sgrad: error: {err}", file=sys.stderr)
        return 2
    except S2SError as err:
        print(f"s2sgrad: {err}", file=sys.stderr)
        return 3


def _emit(args):
    source = parse_file(args.file)
    resolver = StaticResolver(source)
    targets = _targets(source, args.functions, resolver)
    module = GradientModule(debug=args.debug)
    problems = []
    for node, decorator_wrt in targets:         # report the problems of every function at once
        wrt = _parse_wrt(args.wrt) if args.wrt else decorator_wrt
        try:
            fence(source, node)     # before `wrt` is read: a refused signature is the real problem
            if args.mode == "forward":
                module.add_forward(source, node, resolver, wrt)
            else:
                module.add(source, node, resolver, wrt)
        except UserCodeError as err:
            problems.extend(as_written(err, resolver.scope.aliases).diagnostics)
    if problems:
        raise UserCodeError(problems)
    command = f"s2sgrad emit {source.filename}"
    for node, decorator_wrt in targets:
        if args.functions:
            command += f" -f {node.name}"
    if args.wrt:
        command += f" --wrt {args.wrt}"
    if args.standalone:
        command += " --standalone"
    if len(targets) == 1 and not args.wrt:
        command = _single_command(source.filename, targets[0][0], module)
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
    command = f"s2sgrad emit {filename} -f {node.name}"
    if list(wrt) != default:
        command += f" --wrt {','.join(wrt)}"
    return command


def _parse_wrt(text):
    items = [item.strip() for item in text.split(",") if item.strip()]
    items = [int(item) if item.lstrip("-").isdigit() else item for item in items]
    return items[0] if len(items) == 1 else tuple(items)


def _targets(source, names, resolver):
    """(FunctionDef, wrt) pairs: the named functions, or every decorated one, ready for the pipeline."""
    if names:
        out = []
        for fname in names:
            if source.function(fname) is None:
                raise ArgumentError(f"{source.filename} defines no top-level function `{fname}`")
            node = resolver.definition(fname)
            out.append((node, _decorator_wrt(node)))
        return out
    out = [(resolver.definition(node.name), _decorator_wrt(node)) for node in source.tree.body
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


def _decorator_wrt(node):
    for dec in node.decorator_list:
        if isinstance(dec, gast.Call):
            for kw in dec.keywords:
                if kw.arg == "wrt":
                    return gast.literal_eval(kw.value)
    return 0


def _rules(args):
    from .rules import catalog
    names = catalog.missing_numpy() if args.missing else catalog.covered()
    for line in names:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

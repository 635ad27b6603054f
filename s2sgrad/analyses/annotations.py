"""Annotations: the kind of value a parameter's annotation declares, read as text (no typing
library is imported): `float`, `int`, an array, an array of integers or bools."""

import re

from ..transforms import codegen
from .shapes import declared_axes


def annotation_kind(node):
    """The kind an annotation declares, read as text: `float`, `int`, an array (`np.ndarray`,
    `npt.NDArray[np.float64]`, jaxtyping's `Float[np.ndarray, "n"]`), an array of integers or
    bools ("ints": `npt.NDArray[np.int64]`, `Int[np.ndarray, "n"]`), a list or tuple ("seq":
    `list`, `tuple[float, ...]`, `typing.List[np.ndarray]`, `Sequence[float]`), or "unknown"."""
    text = codegen.unparse(node) if node is not None else ""
    if text in ("int", "bool", "float"):
        return "float" if text == "float" else "int"
    if _SEQUENCE_ANNOTATION.match(text):
        return "seq"
    if "ndarray" not in text and "NDArray" not in text:
        return "unknown"
    return "ints" if _INTEGRAL_ANNOTATION.search(text) else "array"


_SEQUENCE_ANNOTATION = re.compile(r"^(typing\.)?(list|tuple|List|Tuple|Sequence)(\[.*\])?$")

# dtype words of an integer or bool array annotation (`np.int64`, `np.bool_`, jaxtyping's `Int[`, `UInt8[`)
_INTEGRAL_ANNOTATION = re.compile(r"\b(u?int(8|16|32|64|p|c)?_?|bool_?|U?Int(8|16|32|64)?|Bool|Integer)\b")


def parameter_kinds(node, kinds=None):
    """({parameter: kind} from the annotations of the FunctionDef `node` and the kinds the call
    specialises on (`kinds`; an annotation wins), {parameter: declared axes} (shapes.declared_axes))."""
    annotations = {a.id: annotation_kind(a.annotation) for a in node.args.args if a.annotation is not None}
    declared, kinds = declared_axes(node.args.args, kinds, annotations)
    for param, kind in (kinds or {}).items():
        annotations.setdefault(param, kind)
    return annotations, declared

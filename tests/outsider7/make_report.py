"""Builds tests/OUTSIDER7.md and tests/outsider7/expected.py from run_all.py's JSON lines, with
round 6's report builder (tests/outsider6/make_report.py) pointed at this round.

    python tests/outsider7/make_report.py RESULTS.jsonl [MORE.jsonl ...] [--main=RECHECK.jsonl]
                                          [--oracle=ORACLE.jsonl]

Every WRONG or CRASH is attributed to a finding (J1, J2, ...) by FINDINGS below.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from tests.outsider6 import make_report  # noqa: E402
from tests.outsider7 import harness  # noqa: E402

# (finding, regex on "case_id path", one line)
FINDINGS = [
    ("J1", r"^ml\.(causal_attention_masked_fill|lse_helper_axis1|softmax_helper_axis1|pool_helper_keepdims"
           r"|helper_axis_tuple_arg|max_helper_axis1) hvp",
     "hvp through a helper doing `np.max(z, axis=axis)` called with axis=1: AxisError"),
    ("J2", r"^(stats\.gp_cholesky|dtypes\.alias_(col_times_scalar|outer_difference|row_divide|shape_one_param"
           r"|chain|vector_outer|slice_scalar|row_vector_param)) ",
     "a scalar or vector times a view of a local alias of a module array: the gradient keeps the "
     "array's shape (or a broadcast error)"),
    ("J3", r"^stats\.(gp_cho_solve|const_lu_solve|const_cho_factor_upper|const_lu_factor_matrix_rhs"
           r"|cho_solve_literal_pair) "
           r"(jvp|hvp|cli_fwd)",
     "forward mode of `cho_solve`/`lu_solve` with a constant factorisation: `0.0[0]` emitted"),
    # (the --standalone pairs of J6 and J7 show J4's NameError first on this branch)
    ("J4", r"^(stats\.cho_factor_of_param|dtypes\.f32_dict_params|structures\.tuple_assign_init_class) cli_sa",
     "`--standalone` module: NameError `_LIBRARIES` in its copy of `adopt_object`"),
    # J11 is found on main, where J5 is fixed: on this branch these pairs show J5's refusal
    ("J11", r"^structures\.namedtuple_int_field (jvp|hvp)",
     "jvp/hvp take a record's integer field in the tangent (`p._replace(w=v)` keeps power=3) as a direction"),
    ("J5", r"^structures\.(namedtuple_int_field|dataclass_int_field|dict_with_int_entry) ",
     "a namedtuple, dataclass or dict parameter with an integer entry is refused whole, unlocated"),
    ("J6", r"^structures\.dict_with_(string|none)_entry ",
     "a dict parameter holding a string or None: its gradient entry is `array('')` / `array(0, dtype=object)`"),
    ("J7", r"^structures\.namespace_params ",
     "a `types.SimpleNamespace` of parameters: AttributeError, \"has no such field\" (it has)"),
    ("J8", r"^structures\.(tuple_assign_init_class|ordereddict_params) ",
     "a class storing `self.W, self.b = W, b`, or an OrderedDict: refused as \"not a plain class\", unlocated"),
]

if __name__ == "__main__":
    make_report.main(sys.argv[1:], harness, HERE, "OUTSIDER7.md", FINDINGS)

"""Builds tests/OUTSIDER8.md and tests/outsider8/expected.py from run_all.py's JSON lines, with
round 6's report builder (tests/outsider6/make_report.py) pointed at this round.

    python tests/outsider8/make_report.py RESULTS.jsonl [MORE.jsonl ...] [--main=RECHECK.jsonl]
                                          [--oracle=ORACLE.jsonl]

Every WRONG or CRASH is attributed to a finding (K1, K2, ...) by FINDINGS below.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from tests.outsider6 import make_report  # noqa: E402
from tests.outsider8 import harness  # noqa: E402

# (finding, regex on "case_id path", one line)
FINDINGS = [
    ("K1", r"^(edges\.eigh_repeated_values_only|special\.(sqrtm_via_eigh|eigh_logdet_isotropic|scipy_eigh_trace)) ",
     "`np.linalg.eigh` at a repeated eigenvalue: the eigenvalues' adjoint spread over equal pairs "
     "(`sum(w)` gets a wrong gradient), spectral functions wrong"),
    ("K2", r"^special\.(svd_reconstruct_repeated|polar_factor_procrustes|procrustes_at_rotation"
           r"|svd_sqrt_singular_values_rotation) ",
     "`np.linalg.svd` at repeated singular values, a function of U and V: couplings zeroed, a finite wrong gradient"),
    ("K3", r"^edges\.det_singular ", "gradient of `np.linalg.det` at a singular matrix: LinAlgError"),
    ("K4", r"^(edges\.sinc_at_zero|second\.(sinc_kernel_at_zero|exprel_at_zero|boxcox_at_log)) hvp",
     "second derivatives at removable singularities (`np.sinc` at 0, `exprel` at 0, `boxcox` at lmbda = 0): "
     "the special-cased derivative has no tangent"),
    ("K5", r"^(edges\.(eigvalsh_repeated|svd_repeated_values_only)|special\.(zca_whitening|nuclear_norm_rotation)) hvp",
     "hvp of functions of `eigvalsh` / singular values at repeated values (gradient right)"),
    ("K6", r"^special\.qr_wide_matrix ", "`np.linalg.qr` of a wide matrix: LinAlgError in the gradient"),
    ("K7", r"^special\.svd_default_wide ",
     "`np.linalg.svd(A)` (full_matrices=True) of a non-square matrix: an unlocated NotImplementedError"),
    ("K9", r"^second\.(norm_sq_at_zero|ridge_logistic_from_zero|abs_sq_zero_residual|hypot_sq_origin"
           r"|row_norms_sq_zero_bias|column_std_sq_constant) hvp",
     "hvp/hessian of `norm(w)**2`, `abs(r)**2`, `hypot**2`, `std**2` where the norm/abs/std is 0: "
     "those entries of the Hessian are 0"),
    ("K10", r"^loops\.ndindex_loop ", "`for i, j in np.ndindex(X.shape)`: TypeError, `len()` of the iterator"),
    ("K11", r"^(loops\.(dict_keys_loop|enumerate_dict_values|enumerate_dict_items)|iterables\.(zip_dict_and_values"
            r"|zip_values_with_x|enumerate_zip_values|loop_over_copy|set_loop|zip_range_items"
            r"|generator_over_zip_values)) ",
     "a dict, a dict view or a set in `enumerate`/`zip`, `d.copy()`, a set display as a loop's iterable: "
     "TypeError/KeyError, indexed like a list"),
    ("K12", r"^(containers\.reversed_dict|iterables\.reversed_items) ",
     "`for k in reversed(d)` / `reversed(d.items())` over a dict: KeyError / TypeError, read as a sequence"),
    ("K13", r"^second\.(xlogy_soft_targets|xlog1py_both|label_smoothing_at_zero|beta_logpdf_by_hand_uniform) ",
     "`xlogy(x, y)` / `xlog1py` w.r.t. x at x == 0: 0 instead of log(y) (the log(0) guard tests x, not y)"),
    ("K14", r"^second\.learned_exponent_at_zero hvp",
     "hvp of `x ** p` along x and p at p = 0: the mixed term is 1, not 1/x (the `p != 0` guard has no tangent)"),
    ("K8", r"^idioms\.sorted_by_value ",
     "`sorted(x.tolist())` of numbers: a TypeError at run time (located, but not an s2sgrad refusal)"),
]

if __name__ == "__main__":
    make_report.main(sys.argv[1:], harness, HERE, "OUTSIDER8.md", FINDINGS)

"""Programs written by an outsider, the way NumPy users write them in a hurry.

Every program is a plain NumPy function at module level with a one-line docstring naming
the real code it mimics; none was written with s2sgrad's supported subset in mind.  They
live in small themed modules (nets, models, simulation, control, arrays, numpy_api) and are
all re-exported here: s2sgrad re-reads the whole defining source file on every compilation,
and one 800-line module made the test file about three times slower.

`autograd_twin(f)` runs the very same code under autograd (np, math -> autograd.numpy,
sps -> autograd.scipy.special) for functions that do not assign into arrays; where
autograd's ArrayBox cannot run the user's spelling a hand-written twin `<name>_ag` exists.
"""
import types

from tests.outsider.arrays import (
    drawdown, cumsum_axis, normalize_rows, grad_clip_style, vae_reparam, noisy_legacy_rng,
    inplace_accumulate, masked_zero, feature_concat, feature_concat_ag, layer_norm,
    mlp_float32, scalar_physics, list_to_array, conv1d_loop,
)
from tests.outsider.control import (
    rot_z, rot_y, pose_fit, rot_z_ag, rot_y_ag, pose_fit_ag, horner, newton_sqrt,
    quadratic_form, huber, leaky_piecewise_loop, and_or_logic, weight_decay_sum,
    dict_linear, mean_var, batchnorm_loss, closure_loss, relu, dense, activation_arg,
    relu_mlp, sgd_dict_update, early_exit_loop, zip_enumerate, debug_prints,
)
from tests.outsider.models import (
    gmm_loglik, kalman_2d, rbf_kernel, gp_nll, einsum_bilinear, hmm_forward, pca_eigh,
    lstsq_fit,
)
from tests.outsider.nets import (
    mlp_loss, logreg_l2, softmax_xent, rnn_unrolled, sigmoid, gru_sequence, lstm_step,
    lstm_sequence, attention, multihead_attention, multihead_attention_ag,
)
from tests.outsider.numpy_api import (
    scatter_add, fancy_inc_dup, row_view_update, interp_curve, norms_ord, clip_kw_minmax,
    prod_with_zero, where_log_trap, errstate_block,
)
from tests.outsider.simulation import (
    lotka_volterra_euler, rk4, rk4_decay, spring_chain, lennard_jones, pendulum_while,
    soft_dtw, soft_dtw_npmax, edit_like_dp, decoder_feedback, backward_recursion,
)

__all__ = [
    "drawdown", "cumsum_axis", "normalize_rows", "grad_clip_style", "vae_reparam",
    "noisy_legacy_rng", "inplace_accumulate", "masked_zero", "feature_concat",
    "feature_concat_ag", "layer_norm", "mlp_float32", "scalar_physics", "list_to_array",
    "conv1d_loop", "rot_z", "rot_y", "pose_fit", "rot_z_ag", "rot_y_ag", "pose_fit_ag",
    "horner", "newton_sqrt", "quadratic_form", "huber", "leaky_piecewise_loop",
    "and_or_logic", "weight_decay_sum", "dict_linear", "mean_var", "batchnorm_loss",
    "closure_loss", "relu", "dense", "activation_arg", "relu_mlp", "sgd_dict_update",
    "early_exit_loop", "zip_enumerate", "debug_prints", "gmm_loglik", "kalman_2d",
    "rbf_kernel", "gp_nll", "einsum_bilinear", "hmm_forward", "pca_eigh", "lstsq_fit",
    "mlp_loss", "logreg_l2", "softmax_xent", "rnn_unrolled", "sigmoid", "gru_sequence",
    "lstm_step", "lstm_sequence", "attention", "multihead_attention",
    "multihead_attention_ag", "scatter_add", "fancy_inc_dup", "row_view_update",
    "interp_curve", "norms_ord", "clip_kw_minmax", "prod_with_zero", "where_log_trap",
    "errstate_block", "lotka_volterra_euler", "rk4", "rk4_decay", "spring_chain",
    "lennard_jones", "pendulum_while", "soft_dtw", "soft_dtw_npmax", "edit_like_dp",
    "decoder_feedback", "backward_recursion", "autograd_twin", "is_program_function",
]

MODULES = ("arrays", "control", "models", "nets", "numpy_api", "simulation")


def is_program_function(obj):
    return isinstance(obj, types.FunctionType) and obj.__module__.startswith("tests.outsider.")


def autograd_twin(fn):
    """The same function run under autograd, with the helpers of its module rebound too."""
    import autograd.numpy as anp
    import autograd.scipy.special as asps
    g = dict(fn.__globals__)
    g["np"] = anp
    g["math"] = anp
    g["sps"] = asps
    for k, v in list(g.items()):
        if isinstance(v, types.FunctionType) and v.__module__ == fn.__module__:
            g[k] = types.FunctionType(v.__code__, g, v.__name__, v.__defaults__, v.__closure__)
            g[k].__kwdefaults__ = v.__kwdefaults__
    return g[fn.__name__]

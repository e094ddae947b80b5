"""Closed form of the Gaussian-input ReLU teacher-student model (Safran & Shamir, ICML 2018).

For x ~ N(0, I_d) and ReLU [z]+ = max(z, 0) (Cho & Saul's arc-cosine kernel of degree 1),

    K(a, b) = E[[a.x]+ [b.x]+] = |a| |b| (sin t + (pi - t) cos t) / (2 pi),   t = angle(a, b),

and the population loss of a student W = (w_1..w_n) against a teacher V = (v_1..v_k) is

    F(W; V) = 1/2 E (sum_i [w_i.x]+ - sum_j [v_j.x]+)^2
            = 1/2 sum_ij K(w_i, w_j) - sum_ij K(w_i, v_j) + 1/2 sum_ij K(v_i, v_j).

Its gradient is grad_{w_i} F = sum_j g(w_i, w_j) - sum_j g(w_i, v_j) with
g(a, b) = dK(a, b)/da = (|b| sin t a/|a| + (pi - t) b) / (2 pi); g(w, w) = w/2 covers the
diagonal term. The Hessian blocks are derived in `population_hessian`.

Numerics: K and g are flat in t at t = 0 and pi (dK/dt and dg/dt vanish there), so the loss and
gradient use the cheap t = arccos(a^.b^) (one matmul per call; the hot path of gradient descent)
and keep an absolute error of a few eps. The Hessian is linear in sin t at t = 0, pi, so it and
`pair_angles` use t = 2 atan2(|a^ - b^|, |a^ + b^|), both distances from coordinate differences,
which keeps full relative accuracy at (near-)parallel and (near-)antiparallel pairs, where arccos
of a dot product loses half the digits. At t = 0 or pi every term that the formulas divide by
sin t carries a factor sin t, and the limits (zero) are used. A zero vector gets the convention
a^ = 0 (angle pi/2 to everything): K(0, b) = 0 exactly, and the gradient there is the one-sided
choice g(0, b) = b/4.

Shapes: W is (..., n, d), V is (..., k, d) or (k, d); leading dimensions are independent runs and
broadcast. All functions are plain torch on whatever dtype/device the inputs have (use float64).
"""

from __future__ import annotations

import math

import torch

__all__ = [
    "pair_angles",
    "relu_kernel",
    "population_loss",
    "population_gradient",
    "population_hessian",
]

_TWO_PI = 2.0 * math.pi


def _unit(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(norms (..., n), unit rows (..., n, d)); a zero row stays zero."""
    norm = torch.linalg.vector_norm(x, dim=-1)
    safe = torch.where(norm > 0, norm, torch.ones_like(norm))
    return norm, x / safe.unsqueeze(-1)


def _pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """|a_i - b_j| for rows of a (..., n, d) and b (..., m, d), from coordinate differences."""
    batch = torch.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = a.expand(*batch, *a.shape[-2:])
    b = b.expand(*batch, *b.shape[-2:])
    return torch.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist")


def _angles_of_units(ua: torch.Tensor, ub: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(t, sin t, cos t) between unit rows ua (..., n, d) and ub (..., m, d), each (..., n, m)."""
    minus = _pairwise_distance(ua, ub)  # 2 sin(t/2)
    plus = _pairwise_distance(ua, -ub)  # 2 cos(t/2)
    angle = 2.0 * torch.atan2(minus, plus)
    total = minus.square() + plus.square()  # 4, up to rounding (also 2 with a zero row)
    sin = 2.0 * minus * plus / total
    cos = (plus.square() - minus.square()) / total
    return angle, sin, cos


def pair_angles(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Angles t(a_i, b_j) in [0, pi] between rows of a (..., n, d) and b (..., m, d): (..., n, m)."""
    return _angles_of_units(_unit(a)[1], _unit(b)[1])[0]


def _fast_angles(ua: torch.Tensor, ub: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(t, sin t, cos t) from the dot products of unit rows: one matmul, cheap.

    t = arccos(c) loses accuracy as t -> 0, pi, but t and sin t stay consistent (both functions of
    the same c), and K and g are flat in t there (dK/dt = -(pi - t) sin t, |dg/dt| = |b| sin t / 2pi),
    so K and g keep an absolute error of a few eps |a| |b| and eps |b|. Not for the Hessian.
    """
    cos = (ua @ ub.transpose(-2, -1)).clamp(-1.0, 1.0)
    return torch.arccos(cos), torch.sqrt((1.0 - cos) * (1.0 + cos)), cos


def _kernel_from(na, nb, angle, sin, cos) -> torch.Tensor:
    """K from norms (..., n), (..., m) and the pairwise angle terms (..., n, m)."""
    shape = (math.pi - angle) * cos + sin
    return na.unsqueeze(-1) * nb.unsqueeze(-2) * shape / _TWO_PI


def relu_kernel(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """K(a_i, b_j) = E_{x~N(0,I)}[[a_i.x]+ [b_j.x]+] for rows of a (..., n, d), b (..., m, d)."""
    na, ua = _unit(a)
    nb, ub = _unit(b)
    return _kernel_from(na, nb, *_fast_angles(ua, ub))


def _signed_rows(weights: torch.Tensor, teacher: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Student and teacher stacked as U = (w_1..w_n, v_1..v_k) (..., n + k, d), and signs (+1, -1).

    F(W; V) = 1/2 E(sum_j sign_j [u_j.x]+)^2, so every formula below is one sum over the rows of U.
    """
    batch = torch.broadcast_shapes(weights.shape[:-2], teacher.shape[:-2])
    rows = torch.cat([weights.expand(*batch, -1, -1), teacher.expand(*batch, -1, -1)], dim=-2)
    sign = torch.ones(rows.shape[-2], dtype=rows.dtype, device=rows.device)
    sign[weights.shape[-2] :] = -1.0
    return rows, sign


def population_loss(weights: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    """F(W; V) = 1/2 E(sum_i [w_i.x]+ - sum_j [v_j.x]+)^2 for W (..., n, d), V (..., k, d): (...,)."""
    rows, sign = _signed_rows(weights, teacher)
    kernel = relu_kernel(rows, rows)
    return 0.5 * ((kernel @ sign) * sign).sum(-1)


def population_gradient(weights: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    """grad_W F(W; V): (..., n, d); row i is sum_j g(w_i, w_j) - sum_j g(w_i, v_j).

    With U and signs s_j from `_signed_rows`: grad_i = (w^_i sum_j s_j |u_j| sin t_ij
    + sum_j s_j (pi - t_ij) u_j) / (2 pi); the j = i term gives w_i / 2. This is the hot path of
    gradient descent, so it makes few passes over the (..., n, n + k) angle matrix: pi - t is
    arccos(-cos t) and sin t = sqrt(1 - cos^2 t), both from one matmul (see `_fast_angles`).
    """
    rows, sign = _signed_rows(weights, teacher)
    norms, units = _unit(rows)
    n = weights.shape[-2]
    neg_cos = (units[..., :n, :] @ units.transpose(-2, -1)).neg_().clamp_(-1.0, 1.0)
    sin = torch.addcmul(torch.ones_like(neg_cos), neg_cos, neg_cos, value=-1.0).sqrt_()
    radial = sin @ (sign * norms).unsqueeze(-1)
    linear = torch.arccos(neg_cos) @ (sign.unsqueeze(-1) * rows)
    return (radial * units[..., :n, :] + linear) / _TWO_PI


def _rejection(u_from: torch.Tensor, u_onto: torch.Tensor, cos: torch.Tensor) -> torch.Tensor:
    """Unit vectors along u_onto_j - cos_ij u_from_i (the part of u_onto_j orthogonal to u_from_i).

    Shape (..., n, m, d); zero where the two are (anti)parallel (every caller multiplies by sin t).
    """
    rejected = u_onto.unsqueeze(-3) - cos.unsqueeze(-1) * u_from.unsqueeze(-2)
    return _unit(rejected)[1]


def _curvature_sum(na, nb, ua, ub, sin, cos) -> torch.Tensor:
    """sum_j dg(a_i, b_j)/da_i over the rows b_j: (..., n, d, d).

    Each term is |b| sin t / (2 pi |a|) (I - a^a^T + n n^T) with n = unit(b^ - cos t a^): it tends to 0
    as sin t -> 0 (the analytic limit at t = 0 or pi). The sum is S_i (I - a^_i a^_i^T) + N_i^T diag(s_i) N_i
    with s_ij the scales, S_i their sum and N_i the rows n_ij: one batched matmul, no (n, m, d, d) tensor.
    """
    d = ua.shape[-1]
    toward_b = _rejection(ua, ub, cos)  # (..., n, m, d)
    safe_na = torch.where(na > 0, na, torch.ones_like(na))
    scale = nb.unsqueeze(-2) * sin / (_TWO_PI * safe_na.unsqueeze(-1))  # (..., n, m)
    eye = torch.eye(d, dtype=ua.dtype, device=ua.device)
    proj = eye - ua.unsqueeze(-1) * ua.unsqueeze(-2)  # (..., n, d, d)
    return scale.sum(-1)[..., None, None] * proj + toward_b.transpose(-2, -1) @ (scale.unsqueeze(-1) * toward_b)


def population_hessian(weights: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    """Hessian of F(W; V) in the flattened W (neuron-major): (..., n d, n d).

    Blocks: H_ii = I/2 + sum_{j != i} dg(w_i, w_j)/da - sum_j dg(w_i, v_j)/da (the j = i term of the
    first sum is zero; see `_curvature_sum`), and for j != i, with a = w^_i, b = w^_j, t their angle and
    m = unit(a - cos t b),
        H_ij = dg(w_i, w_j)/db = ((pi - t) I + sin t [cos t (b b^T - m m^T) + sin t (m b^T + b m^T)]) / (2 pi)
             = ((pi - t) I + p b^T + q m^T) / (2 pi),  p = sin t (cos t b + sin t m),  q = sin t (sin t b - cos t m),
    (equivalent to ((pi - t) I + m b^T + n a^T) / (2 pi), n = unit(b - cos t a), written with explicit
    sin t factors so it stays accurate as t -> 0, pi; at j = i it gives I/2). H_ji = H_ij^T holds
    analytically. The (n d, n d) matrix is written in two passes from (n, n, d) factors, which keeps
    the assembly at k = n = d = 100 (10^8 entries) well below the smallest eigenvalue's cost.
    """
    n, d = weights.shape[-2:]
    weights = weights.expand(*torch.broadcast_shapes(weights.shape[:-2], teacher.shape[:-2]), n, d)
    nw, uw = _unit(weights)
    nv, uv = _unit(teacher)
    tw, sw, cw = _angles_of_units(uw, uw)
    _, sv, cv = _angles_of_units(uw, uv)
    nv = nv.expand(*sv.shape[:-2], nv.shape[-1])
    diag = _curvature_sum(nw, nw, uw, uw, sw, cw) - _curvature_sum(nw, nv, uw, uv, sv, cv)
    toward_a = _rejection(uw, uw, cw.transpose(-2, -1)).transpose(-3, -2)  # (..., n, n, d): m_ij
    sin_cos = (sw * cw / _TWO_PI).unsqueeze(-1)
    sin_sin = (sw * sw / _TWO_PI).unsqueeze(-1)
    b = uw.unsqueeze(-3)  # (..., 1, n, d): b_j = w^_j
    lead = list(range(weights.dim() - 2))
    p = (sin_cos * b + sin_sin * toward_a).permute(*lead, -3, -1, -2)  # (..., i, p, j)
    q = (sin_sin * b - sin_cos * toward_a).permute(*lead, -3, -1, -2)
    hessian = p.unsqueeze(-1) * b.unsqueeze(-3)  # (..., i, p, j, q): p_ijp b_jq
    hessian.addcmul_(q.unsqueeze(-1), toward_a.unsqueeze(-3))  # + q_ijp m_ijq
    hessian.diagonal(dim1=-3, dim2=-1).add_(((math.pi - tw) / _TWO_PI).unsqueeze(-1))  # (pi - t_ij) I / 2pi
    hessian.diagonal(dim1=-4, dim2=-2).add_(diag.permute(*lead, -2, -1, -3))  # the diagonal blocks' sums
    return hessian.reshape(*weights.shape[:-2], n * d, n * d)

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


def _grad_a_jacobian(na, nb, ua, ub, sin, cos) -> torch.Tensor:
    """dg(a_i, b_j)/da_i = |b| sin t / (2 pi |a|) (I - a^a^T + n n^T), n = unit(b^ - cos t a^).

    Shape (..., n, m, d, d). Tends to 0 as sin t -> 0 (the analytic limit at t = 0 or pi).
    """
    d = ua.shape[-1]
    eye = torch.eye(d, dtype=ua.dtype, device=ua.device)
    toward_b = _rejection(ua, ub, cos)
    proj = eye - ua.unsqueeze(-1) * ua.unsqueeze(-2)  # (..., n, d, d)
    outer = toward_b.unsqueeze(-1) * toward_b.unsqueeze(-2)  # (..., n, m, d, d)
    safe_na = torch.where(na > 0, na, torch.ones_like(na))
    scale = nb.unsqueeze(-2) * sin / (_TWO_PI * safe_na.unsqueeze(-1))
    return scale[..., None, None] * (proj.unsqueeze(-3) + outer)


def _grad_b_jacobian(ua, ub, angle, sin, cos) -> torch.Tensor:
    """dg(a_i, b_j)/db_j = ((pi - t) I + sin t [cos t (b^b^T - m m^T) + sin t (m b^T + b^ m^T)]) / (2 pi).

    m = unit(a^ - cos t b^). Equivalent to ((pi - t) I + m b^T + n a^T)/(2 pi) with
    n = unit(b^ - cos t a^), written with explicit sin t factors so it stays accurate as t -> 0, pi.
    Shape (..., n, m, d, d).
    """
    d = ua.shape[-1]
    eye = torch.eye(d, dtype=ua.dtype, device=ua.device)
    toward_a = _rejection(ub, ua, cos.transpose(-2, -1)).transpose(-3, -2)  # (..., n, m, d): m_ij
    ub_ = ub.unsqueeze(-3).expand_as(toward_a)
    bb = ub_.unsqueeze(-1) * ub_.unsqueeze(-2)
    mm = toward_a.unsqueeze(-1) * toward_a.unsqueeze(-2)
    mb = toward_a.unsqueeze(-1) * ub_.unsqueeze(-2)
    s = sin[..., None, None]
    plane = s * (cos[..., None, None] * (bb - mm) + s * (mb + mb.transpose(-2, -1)))
    return ((math.pi - angle)[..., None, None] * eye + plane) / _TWO_PI


def population_hessian(weights: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    """Hessian of F(W; V) in the flattened W (neuron-major): (..., n d, n d).

    Blocks: H_ii = I/2 + sum_{j != i} dg(w_i, w_j)/da - sum_j dg(w_i, v_j)/da (the j = i term of the
    first sum is zero), and H_ij = dg(w_i, w_j)/db for j != i (H_ji = H_ij^T holds analytically).
    """
    n, d = weights.shape[-2:]
    nw, uw = _unit(weights)
    nv, uv = _unit(teacher)
    tw, sw, cw = _angles_of_units(uw, uw)
    _, sv, cv = _angles_of_units(uw, uv)
    nv = nv.expand(*sv.shape[:-2], nv.shape[-1])
    diag = _grad_a_jacobian(nw, nw, uw, uw, sw, cw).sum(-3) - _grad_a_jacobian(nw, nv, uw, uv, sv, cv).sum(-3)
    blocks = _grad_b_jacobian(uw, uw, tw, sw, cw)  # (..., n, n, d, d); its diagonal is I/2
    eye_n = torch.eye(n, dtype=torch.bool, device=weights.device)
    blocks = blocks + torch.where(eye_n[..., None, None], diag.unsqueeze(-3), torch.zeros_like(blocks))
    return blocks.transpose(-3, -2).reshape(*blocks.shape[:-4], n * d, n * d)

"""The single-neuron objective for x ~ N(mu, I_2) by polar quadrature split at the ReLU kinks.

F(w) = E_x[1/2 ([w.x]+ - [v.x]+)^2] (Yehudai & Shamir 2020, Eq. 1) has no simple closed form when the
Gaussian is not centred. Write x = r e(phi) with e(phi) = (cos phi, sin phi). The integrand is
homogeneous of degree 2 in r, so with b = mu.e(phi)

    F(w) = 1/(2 pi) int_0^{2 pi} 1/2 ([w.e]+ - [v.e]+)^2 R(b) dphi,
    R(b) = int_0^inf r^3 exp(-(r^2 - 2 r b + |mu|^2) / 2) dr
         = exp(-|mu|^2 / 2) [(b^2 + 2) + (b^3 + 3 b) sqrt(2 pi) Phi(b) exp(b^2 / 2)],

and likewise grad F(w) = 1/(2 pi) int (w.e - [v.e]+) 1{w.e > 0} e R(b) dphi. The angular integrand is
smooth except where w.e = 0 or v.e = 0, so Gauss-Legendre on each of the four arcs between those
angles converges geometrically in the number of nodes per arc.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.special import ndtr

from thundeep.relu_neuron.neuron import relu


def radial_moment(b: np.ndarray, mean_sq_norm: float) -> np.ndarray:
    """R(b) = int_0^inf r^3 exp(-(r^2 - 2 r b + |mu|^2) / 2) dr in closed form."""
    tail = np.sqrt(2.0 * np.pi) * ndtr(b) * np.exp(0.5 * b**2)
    return np.exp(-0.5 * mean_sq_norm) * ((b**2 + 2.0) + (b**3 + 3.0 * b) * tail)


@cache
def gauss_legendre(order: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [-1, 1] (cached: the loop calls it every step)."""
    return np.polynomial.legendre.leggauss(order)


def kink_angle_nodes(w: np.ndarray, teacher: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre angles and weights (B, 4 * order) on the four arcs cut by the kinks of w and v."""
    legendre_x, legendre_w = gauss_legendre(order)
    normal_w = np.arctan2(w[:, 1], w[:, 0])
    normal_v = np.full_like(normal_w, np.arctan2(teacher[1], teacher[0]))
    kinks = np.stack([normal_w, normal_w + np.pi, normal_v, normal_v + np.pi], axis=1) + 0.5 * np.pi
    kinks = np.sort(np.mod(kinks, 2.0 * np.pi), axis=1)
    ends = np.concatenate([kinks, kinks[:, :1] + 2.0 * np.pi], axis=1)
    lower, half_width = ends[:, :-1, None], 0.5 * np.diff(ends, axis=1)[:, :, None]
    angles = lower + half_width * (1.0 + legendre_x)
    weights = half_width * legendre_w
    return angles.reshape(len(w), -1), weights.reshape(len(w), -1)


def population_loss_and_gradient(
    w: np.ndarray, teacher: np.ndarray, mean: np.ndarray, order: int
) -> tuple[np.ndarray, np.ndarray]:
    """F(w) and grad F(w) for a batch w (B, 2), target neuron `teacher` (2,), x ~ N(mean, I_2)."""
    angles, weights = kink_angle_nodes(w, teacher, order)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    student = np.einsum("bnk,bk->bn", directions, w)
    residual = relu(student) - relu(directions @ teacher)
    measure = weights * radial_moment(directions @ mean, float(mean @ mean)) / (2.0 * np.pi)
    loss = np.sum(measure * 0.5 * residual**2, axis=1)
    gradient = np.einsum("bn,bnk->bk", measure * residual * (student > 0.0), directions)
    return loss, gradient


def angle_to(w: np.ndarray, teacher: np.ndarray) -> np.ndarray:
    """theta(w, v) in [0, pi] for every row of w (..., d)."""
    cosine = (w @ teacher) / (np.linalg.norm(w, axis=-1) * np.linalg.norm(teacher))
    return np.arccos(np.clip(cosine, -1.0, 1.0))

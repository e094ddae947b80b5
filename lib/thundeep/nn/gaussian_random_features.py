"""The population (infinite-sample) least-squares fit of random ReLU features to a ReLU neuron.

For x ~ N(0, I_d): E[u.x]_+ = |u| / sqrt(2 pi), and E[u.x]_+ [v.x]_+ is the degree-1 arc-cosine
kernel (`thundeep.gaussian_relu.relu_kernel`). The best output layer (optionally with an intercept)
for the target f(x) = [w.x]_+ therefore solves a linear system in these moments exactly, with no
sampling error: the best predictor a random-features model of those features can reach. Used by
lottery_ticket E2 (with a small ridge) and random_features E1 (the exact pseudo-inverse).

Nested widths share one factorisation: the Cholesky factor of the first n features' Gram matrix is
the leading n x n block of the wider one, and with z = L^-1 m the target energy captured by the first
n features is sum_{k <= n} z_k^2 (a Gram-Schmidt of the features in L2(N(0, I_d))).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch

from thundeep.gaussian_relu import relu_kernel
from thundeep.nn.random_features import regularised_cholesky


def relu_mean(u: torch.Tensor) -> torch.Tensor:
    """E[u_k . x]_+ for each column u_k of u (..., d, N): shape (..., N)."""
    return u.norm(dim=-2) / math.sqrt(2 * math.pi)


def population_moments(
    first_layer: torch.Tensor, target: torch.Tensor, intercept: bool = True
) -> tuple[torch.Tensor, torch.Tensor]:
    """Gram matrix G_ij = E phi_i phi_j and moments m_i = E phi_i [w.x]_+ of the features phi (float64).

    first_layer (..., d, N), target (..., d). The features are [u_k.x]_+, preceded by the constant 1
    when `intercept`: shapes (..., M, M) and (..., M) with M = N (+ 1).
    """
    u = first_layer.to(torch.float64)
    w = target.to(torch.float64)[..., :, None]
    offset = int(intercept)
    size = u.shape[-1] + offset
    gram = torch.empty(*u.shape[:-2], size, size, dtype=torch.float64, device=u.device)
    gram[..., offset:, offset:] = relu_kernel(u.mT, u.mT)
    moment = relu_kernel(u.mT, w.mT)[..., 0]
    if intercept:
        gram[..., 0, 0] = 1.0
        gram[..., 0, 1:] = gram[..., 1:, 0] = relu_mean(u)
        moment = torch.cat([relu_mean(w), moment], dim=-1)
    return gram, moment


@dataclass(frozen=True)
class PopulationFit:
    """The population least-squares output layer on the first `width` features."""

    width: int
    relative_error: torch.Tensor
    """(...,): E(f_hat - f)^2 / E f^2, exact (no sampling)."""
    solver: str
    """"cholesky" (the pseudo-inverse, certified to drop nothing), "eigh" (the pseudo-inverse by
    eigendecomposition, where the certificate failed) or "ridge" (not the pseudo-inverse)."""
    solve: Callable[[], torch.Tensor] = field(repr=False, compare=False)

    @property
    def weights(self) -> torch.Tensor:
        """(..., width [+ 1]): the intercept FIRST when fitted, then the feature weights (solved on request)."""
        return self.solve()


Stop = Callable[[torch.Tensor], bool]
"""Given the relative errors (...,) of the width just fitted, True ends the sweep of widths there."""


def population_relu_fits(
    first_layer: torch.Tensor,
    target: torch.Tensor,
    widths: Sequence[int],
    ridge: float | None = None,
    *,
    intercept: bool = True,
    cutoff: float = 1e-12,
    stop: Stop | None = None,
) -> list[PopulationFit]:
    """Population least squares of [target.x]_+ on (an intercept and) the first N features [u_k.x]_+.

    first_layer (..., d, N_max), target (..., d); leading dimensions are independent fits (seeds).
    Returns one `PopulationFit` per N in `widths` (increasing), or up to the first N where `stop` says so.

    - ridge None: the exact least-squares fit a = G^+ m, eigenvalues of G below cutoff * lambda_max
      dropped. The factor is grown block by block over `widths`, so a sweep that stops early pays only
      for the widths it reached. A Cholesky factor of G - tau I with tau >= cutoff * lambda_max
      certifies that no eigenvalue falls below the cutoff, so that G^+ = G^-1 and the Cholesky solve is
      the pseudo-inverse; where it fails, that width and every later one use an eigendecomposition.
    - ridge a float: (G + ridge * mean(diag G) * I)^-1 m with the ridge of the widest Gram matrix, one
      Cholesky factorisation of it serving every width (solver "ridge").
    """
    if ridge is not None:
        return _ridge_fits(first_layer, target, widths, ridge, intercept, stop)
    return _pseudo_inverse_fits(first_layer, target, widths, intercept, cutoff, stop)


def _target_energy(target: torch.Tensor) -> torch.Tensor:
    """E [w.x]_+^2 = |w|^2 / 2."""
    return target.to(torch.float64).square().sum(-1) / 2


def _ridge_fits(first_layer, target, widths, ridge, intercept, stop) -> list[PopulationFit]:
    gram, moment = population_moments(first_layer, target, intercept)
    factor = regularised_cholesky(gram, ridge)
    energy = _target_energy(target)
    fits = []
    offset = int(intercept)
    for n in widths:
        k = n + offset
        a = torch.cholesky_solve(moment[..., :k, None], factor[..., :k, :k])[..., 0]
        residual = energy - 2 * (a * moment[..., :k]).sum(-1) + (a * (gram[..., :k, :k] @ a[..., None])[..., 0]).sum(-1)
        fits.append(PopulationFit(n, residual / energy, "ridge", _returns(a)))
        if stop is not None and stop(fits[-1].relative_error):
            break
    return fits


def _columns(first_layer: torch.Tensor, target: torch.Tensor, intercept: bool, start: int, stop: int):
    """Gram entries G[:stop, start:stop] and moments m[start:stop] of the features (float64).

    Feature indices count the intercept (the constant 1) as feature 0 when it is fitted.
    """
    offset = int(intercept)
    u = first_layer.to(torch.float64)
    w = target.to(torch.float64)[..., None, :]
    rows = u[..., : stop - offset]
    new = u[..., max(start - offset, 0) : stop - offset]
    constant = stop - start - new.shape[-1]  # 1 when the intercept is among the new columns
    block = torch.empty(*u.shape[:-2], stop, stop - start, dtype=torch.float64, device=u.device)
    block[..., offset:, constant:] = relu_kernel(rows.mT, new.mT)
    moment = relu_kernel(new.mT, w)[..., 0]
    if intercept:
        block[..., 0, constant:] = relu_mean(new)
        if constant:
            block[..., 0, 0] = 1.0
            block[..., 1:, 0] = relu_mean(rows)
            moment = torch.cat([relu_mean(w.mT), moment], dim=-1)
    return block, moment


def _eigen_fit(first_layer, target, n, intercept, cutoff, energy) -> tuple[torch.Tensor, torch.Tensor]:
    """(weights, relative error) of the pseudo-inverse fit on the first n features, by eigendecomposition."""
    gram, moment = population_moments(first_layer[..., :n], target, intercept)
    values, vectors = torch.linalg.eigh(gram)
    keep = values > cutoff * values[..., -1:]
    inverse = torch.where(keep, 1.0 / torch.where(keep, values, torch.ones_like(values)), torch.zeros_like(values))
    projection = (vectors.mT @ moment[..., None])[..., 0]
    weights = (vectors @ (inverse * projection)[..., None])[..., 0]
    explained = (inverse * projection.square()).sum(-1)
    return weights, 1 - explained / energy


def _pseudo_inverse_fits(first_layer, target, widths, intercept, cutoff, stop) -> list[PopulationFit]:
    offset = int(intercept)
    batch = first_layer.shape[:-2]
    size = max(widths) + offset
    energy = _target_energy(target)
    diagonal = max(float(first_layer.to(torch.float64).square().sum(-2).max()) / 2, float(offset))
    tau = cutoff * size * diagonal  # >= cutoff * lambda_max of every leading Gram block (Cauchy-Schwarz)
    factor = torch.zeros(*batch, size, size, dtype=torch.float64, device=first_layer.device)
    shifted = torch.zeros_like(factor)
    z = torch.zeros(*batch, size, dtype=torch.float64, device=first_layer.device)
    certified, done, fits = True, 0, []
    for n in sorted(widths):
        k = n + offset
        if certified and k > done:
            block, moment = _columns(first_layer, target, intercept, done, k)
            certified = _extend(factor, block, done, k, z, moment) and _extend(shifted, block, done, k, None, None, tau)
            done = k
        if certified:
            error = 1 - z[..., :k].square().sum(-1) / energy
            fit = PopulationFit(n, error, "cholesky", _back_substitution(factor, z, k))
        else:
            weights, error = _eigen_fit(first_layer, target, n, intercept, cutoff, energy)
            fit = PopulationFit(n, error, "eigh", _returns(weights))
        fits.append(fit)
        if stop is not None and stop(error):
            break
    return fits


def _returns(weights: torch.Tensor) -> Callable[[], torch.Tensor]:
    """A `PopulationFit.solve` for weights already computed."""
    return lambda: weights


def _back_substitution(factor: torch.Tensor, z: torch.Tensor, k: int) -> Callable[[], torch.Tensor]:
    """A `PopulationFit.solve` that back-substitutes on the leading k x k block of `factor` when called."""
    return lambda: _back_substitute(factor[..., :k, :k], z[..., :k])


def _back_substitute(lower: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    """a with L^T a = z (the weights G^-1 m from z = L^-1 m)."""
    return torch.linalg.solve_triangular(lower, z[..., None, :], upper=False, left=False)[..., 0, :]


def _extend(factor, block, start, stop, z, moment, shift: float = 0.0) -> bool:
    """Grow the lower Cholesky factor of G (- shift I) from `start` to `stop` features in place.

    `block` holds G[:stop, start:stop]. With z and moment, also extends z = L^-1 m. False when the new
    Schur complement is not positive definite (in any batch entry).
    """
    old = factor[..., :start, :start]
    cross = torch.linalg.solve_triangular(old, block[..., :start, :], upper=False) if start else block[..., :0, :]
    schur = block[..., start:, :] - cross.mT @ cross
    if shift:
        schur = schur - shift * torch.eye(stop - start, dtype=schur.dtype, device=schur.device)
    lower, info = torch.linalg.cholesky_ex(schur)
    if bool((info != 0).any()):
        return False
    factor[..., start:stop, :start] = cross.mT
    factor[..., start:stop, start:stop] = lower
    if z is not None:
        rhs = moment - (cross.mT @ z[..., :start, None])[..., 0]
        z[..., start:stop] = torch.linalg.solve_triangular(lower, rhs[..., None], upper=False)[..., 0]
    return True

"""Square losses and gradients of a ReLU neuron and of a one-hidden-neuron network on a finite dataset.

Convention (Vardi & Shamir 2021, Sec. 2): ReLU'(0) = 1, so that gradient descent can start at w = 0.
Every function takes a batch of runs: parameters (B, P), inputs X (B, n, d) or (n, d), targets (B, n)
or (n,).
"""

from __future__ import annotations

import numpy as np


def relu(z: np.ndarray) -> np.ndarray:
    """[z]+ = max(z, 0)."""
    return np.maximum(z, 0.0)


def relu_derivative(z: np.ndarray) -> np.ndarray:
    """ReLU'(z) with the convention ReLU'(0) = 1 (1 where z >= 0, else 0)."""
    return (z >= 0.0).astype(z.dtype)


def preactivations(w: np.ndarray, inputs: np.ndarray) -> np.ndarray:
    """x_i . w for every run and example: (B, n) from w (B, d) and inputs (n, d) or (B, n, d)."""
    if inputs.ndim == 2:
        return w @ inputs.T
    return np.einsum("bnd,bd->bn", inputs, w)


def _backproject(coefficients: np.ndarray, inputs: np.ndarray) -> np.ndarray:
    """sum_i c_i x_i for every run: (B, d) from coefficients (B, n)."""
    if inputs.ndim == 2:
        return coefficients @ inputs
    return np.einsum("bn,bnd->bd", coefficients, inputs)


def neuron_loss_and_gradient(w: np.ndarray, inputs: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """L(w) = 1/2 sum_i ([x_i.w]+ - y_i)^2 and its gradient sum_i r_i ReLU'(x_i.w) x_i, per run."""
    pre = preactivations(w, inputs)
    residual = relu(pre) - targets
    loss = 0.5 * np.sum(residual**2, axis=-1)
    return loss, _backproject(residual * relu_derivative(pre), inputs)


def hidden_neuron_loss_and_gradient(
    params: np.ndarray, inputs: np.ndarray, targets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and gradient of x -> v [w.x]+ with params = (w, v) packed as (B, d + 1).

    L = 1/2 sum_i (v [x_i.w]+ - y_i)^2; dL/dw = v sum_i r_i ReLU'(x_i.w) x_i, dL/dv = sum_i r_i [x_i.w]+.
    """
    w, v = params[:, :-1], params[:, -1]
    pre = preactivations(w, inputs)
    hidden = relu(pre)
    residual = v[:, None] * hidden - targets
    loss = 0.5 * np.sum(residual**2, axis=-1)
    grad_w = v[:, None] * _backproject(residual * relu_derivative(pre), inputs)
    grad_v = np.sum(residual * hidden, axis=-1)
    return loss, np.concatenate([grad_w, grad_v[:, None]], axis=1)

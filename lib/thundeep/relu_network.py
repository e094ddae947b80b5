"""Explicit ReLU networks: affine layers with ReLU between them, a linear output, exact float64 evaluation.

A network with L affine maps (W_1, b_1), ..., (W_L, b_L) computes

    x -> W_L relu(... relu(W_1 x + b_1) ...) + b_L,

so it has L - 1 hidden layers and its neurons are the hidden units (the output is linear). `depth`
is the number of affine maps, the convention in which one hidden layer is "depth 2". Weights are
stored as (fan_out, fan_in) float64 arrays, written out entry by entry by whoever builds the network;
with integer or dyadic weights and inputs the evaluation is exact in float64. Evaluation runs in torch
(its thread count, and CUDA when a device is passed); each layer is a matrix product followed by a
separate bias addition and ReLU, so a layer with one input computes fl(fl(w x) + b), as numpy would.

Building blocks: `affine` (a network without hidden layers), `compose` (outer after inner, merging
the affine map between them so no neuron is added), `parallel` (independent inputs, concatenated
outputs), `stack` (one input, concatenated outputs) and `iterate` (k-fold composition).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def _frozen(values: ArrayLike, ndim: int, name: str) -> Array:
    array = np.array(values, dtype=np.float64)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class ReLUNetwork:
    """A feed-forward ReLU network given by its affine maps (weights[l]: fan_out x fan_in)."""

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]

    def __post_init__(self) -> None:
        if len(self.weights) == 0 or len(self.weights) != len(self.biases):
            raise ValueError("a network needs at least one affine map and one bias per weight matrix")
        weights = tuple(_frozen(w, 2, f"weights[{i}]") for i, w in enumerate(self.weights))
        biases = tuple(_frozen(b, 1, f"biases[{i}]") for i, b in enumerate(self.biases))
        for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
            if b.shape[0] != w.shape[0]:
                raise ValueError(f"biases[{i}] has {b.shape[0]} entries for {w.shape[0]} outputs")
            if i > 0 and w.shape[1] != weights[i - 1].shape[0]:
                given = weights[i - 1].shape[0]
                raise ValueError(f"weights[{i}] takes {w.shape[1]} inputs, layer {i - 1} gives {given}")
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", biases)

    @property
    def input_dim(self) -> int:
        """Number of inputs."""
        return int(self.weights[0].shape[1])

    @property
    def output_dim(self) -> int:
        """Number of (linear) outputs."""
        return int(self.weights[-1].shape[0])

    @property
    def widths(self) -> tuple[int, ...]:
        """Widths of the hidden (ReLU) layers."""
        return tuple(int(w.shape[0]) for w in self.weights[:-1])

    @property
    def neurons(self) -> int:
        """Number of ReLU neurons (hidden units; the linear output is not counted)."""
        return sum(self.widths)

    @property
    def hidden_layers(self) -> int:
        """Number of ReLU layers."""
        return len(self.weights) - 1

    @property
    def depth(self) -> int:
        """Number of affine maps (a network with one hidden layer has depth 2)."""
        return len(self.weights)

    @property
    def parameter_count(self) -> int:
        """Number of weights and biases."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases, strict=True))

    def __call__(self, x: ArrayLike, chunk_size: int | None = None, device: torch.device | str = "cpu") -> Array:
        """Outputs, shape (..., output_dim), for inputs of shape (..., input_dim); in float64.

        `chunk_size` bounds the number of rows evaluated at once (memory) without changing results;
        `device` is where torch evaluates (results come back as a numpy array).
        """
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 0 or x.shape[-1] != self.input_dim:
            raise ValueError(f"inputs must end in {self.input_dim} coordinates, got shape {x.shape}")
        rows = x.reshape(-1, self.input_dim)
        step = max(rows.shape[0], 1) if chunk_size is None else chunk_size
        layers = [
            (torch.from_numpy(w.T.copy()).to(device), torch.from_numpy(b.copy()).to(device))
            for w, b in zip(self.weights, self.biases, strict=True)
        ]
        out = np.empty((rows.shape[0], self.output_dim))
        for start in range(0, rows.shape[0], step):
            h = torch.from_numpy(rows[start : start + step]).to(device)
            for i, (w, b) in enumerate(layers):
                h = torch.matmul(h, w) + b
                if i < len(layers) - 1:
                    h = torch.relu(h)
            out[start : start + step] = h.cpu().numpy()
        return out.reshape(*x.shape[:-1], self.output_dim)


def affine(weight: ArrayLike, bias: ArrayLike | None = None) -> ReLUNetwork:
    """The affine map x -> weight x + bias as a network without neurons."""
    w = np.atleast_2d(np.asarray(weight, dtype=np.float64))
    b = np.zeros(w.shape[0]) if bias is None else np.asarray(bias, dtype=np.float64).reshape(-1)
    return ReLUNetwork((w,), (b,))


def compose(outer: ReLUNetwork, inner: ReLUNetwork) -> ReLUNetwork:
    """outer(inner(x)): inner's output map and outer's first map merge, so neurons add up exactly."""
    if outer.input_dim != inner.output_dim:
        raise ValueError(f"outer takes {outer.input_dim} inputs, inner gives {inner.output_dim}")
    merged_w = outer.weights[0] @ inner.weights[-1]
    merged_b = outer.weights[0] @ inner.biases[-1] + outer.biases[0]
    return ReLUNetwork(
        inner.weights[:-1] + (merged_w,) + outer.weights[1:],
        inner.biases[:-1] + (merged_b,) + outer.biases[1:],
    )


def iterate(net: ReLUNetwork, times: int) -> ReLUNetwork:
    """net composed with itself `times` times (times >= 1; needs input_dim == output_dim)."""
    if times < 1:
        raise ValueError("times must be >= 1")
    result = net
    for _ in range(times - 1):
        result = compose(net, result)
    return result


def _block_diagonal(blocks: list[Array]) -> Array:
    rows = sum(b.shape[0] for b in blocks)
    cols = sum(b.shape[1] for b in blocks)
    out = np.zeros((rows, cols))
    r = c = 0
    for b in blocks:
        out[r : r + b.shape[0], c : c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    return out


def _same_depth(nets: tuple[ReLUNetwork, ...]) -> None:
    if not nets:
        raise ValueError("need at least one network")
    if len({n.depth for n in nets}) != 1:
        raise ValueError(f"networks must have the same depth, got {[n.depth for n in nets]}")


def parallel(*nets: ReLUNetwork) -> ReLUNetwork:
    """Networks side by side on separate inputs: input and output are the concatenations (same depth)."""
    _same_depth(nets)
    return ReLUNetwork(
        tuple(_block_diagonal([n.weights[i] for n in nets]) for i in range(nets[0].depth)),
        tuple(np.concatenate([n.biases[i] for n in nets]) for i in range(nets[0].depth)),
    )


def stack(*nets: ReLUNetwork) -> ReLUNetwork:
    """Networks on one shared input with concatenated outputs (same input size and depth)."""
    _same_depth(nets)
    if len({n.input_dim for n in nets}) != 1:
        raise ValueError(f"networks must share their input size, got {[n.input_dim for n in nets]}")
    first = np.concatenate([n.weights[0] for n in nets])
    rest = tuple(_block_diagonal([n.weights[i] for n in nets]) for i in range(1, nets[0].depth))
    return ReLUNetwork(
        (first,) + rest,
        tuple(np.concatenate([n.biases[i] for n in nets]) for i in range(nets[0].depth)),
    )

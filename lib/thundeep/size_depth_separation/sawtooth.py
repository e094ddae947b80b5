"""Sec. 3 (Telgarsky's block): the tent phi(z) = [2z]+ - [4z - 2]+ and its k-fold composition phi_k.

phi_k has 2k neurons in k ReLU layers, 2^{k-1} triangles (2^k linear pieces) on [0, 1] and
Lipschitz constant 2^k. A depth-2 network (one hidden layer) with n neurons has at most n + 1 pieces
on an interval, so matching phi_k at depth 2 needs at least 2^k - 1 neurons.
"""

from __future__ import annotations

import numpy as np

from thundeep.extremes import largest
from thundeep.relu_network import ReLUNetwork, iterate
from thundeep.size_depth_separation.linear_pieces import count_linear_pieces


def tent_network(inner_slope: float = 4.0) -> ReLUNetwork:
    """phi(z) = [2z]+ - [4z - 2]+ (2 neurons); `inner_slope` replaces the 4 (for negative controls)."""
    return ReLUNetwork(
        (np.array([[2.0], [inner_slope]]), np.array([[1.0, -1.0]])), (np.array([0.0, -inner_slope / 2.0]), np.zeros(1))
    )


def sawtooth_network(k: int) -> ReLUNetwork:
    """phi_k = phi composed k times: 2k neurons, k ReLU layers."""
    return iterate(tent_network(), k)


def depth2_neurons_needed(pieces: int) -> int:
    """The fewest neurons of a one-hidden-layer network with `pieces` linear pieces on an interval."""
    return pieces - 1


def sawtooth_row(k: int, net: ReLUNetwork, refine: int = 2) -> dict[str, float | int]:
    """One row of tables/sawtooth.csv: `net` (phi_k or a stand-in) counted on the grid of step 2^-(k+refine)."""
    count = count_linear_pieces(lambda z: net(z[:, None])[:, 0], level=k, refine=refine)
    return {
        "k": k,
        "neurons": net.neurons,
        "relu_layers": net.hidden_layers,
        "linear_pieces": count.pieces,
        "lipschitz": count.lipschitz,
        "depth2_neurons_needed": depth2_neurons_needed(count.pieces),
    }


def sawtooth_metrics(rows: list[dict]) -> dict[str, float]:
    """SD-B4's numbers: deviations from 2^k pieces, Lipschitz 2^k and 2k neurons (all should be 0)."""
    last = max(rows, key=lambda r: r["k"])
    return {
        "pieces_deviation": float(max(abs(r["linear_pieces"] - 2 ** r["k"]) for r in rows)),
        "lipschitz_deviation": largest(abs(r["lipschitz"] - 2.0 ** r["k"]) for r in rows),
        "neuron_count_deviation": float(max(abs(r["neurons"] - 2 * r["k"]) for r in rows)),
        "largest_k": float(last["k"]),
        "depth2_neurons_at_largest_k": float(last["depth2_neurons_needed"]),
    }

"""The explicit ReLU network type: evaluation against a hand-written forward pass, counts, combinators."""

from __future__ import annotations

import numpy as np
import pytest

from thundeep.relu_network import ReLUNetwork, affine, compose, iterate, parallel, stack


def _random_net(rng: np.random.Generator, sizes: list[int]) -> ReLUNetwork:
    return ReLUNetwork(
        tuple(rng.standard_normal((o, i)) for i, o in zip(sizes[:-1], sizes[1:], strict=True)),
        tuple(rng.standard_normal(o) for o in sizes[1:]),
    )


def _reference(net: ReLUNetwork, x: np.ndarray) -> np.ndarray:
    """Row-by-row forward pass written without vectorisation."""
    out = []
    for row in x:
        h = row
        for layer, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
            h = np.array([sum(w[j, i] * h[i] for i in range(len(h))) + b[j] for j in range(w.shape[0])])
            if layer < net.depth - 1:
                h = np.where(h > 0, h, 0.0)
        out.append(h)
    return np.array(out)


def test_evaluation_matches_reference_and_counts() -> None:
    rng = np.random.default_rng(0)
    net = _random_net(rng, [3, 5, 4, 2])
    x = rng.standard_normal((7, 3))
    np.testing.assert_allclose(net(x), _reference(net, x), rtol=1e-13, atol=1e-13)
    assert (net.input_dim, net.output_dim, net.widths) == (3, 2, (5, 4))
    assert (net.neurons, net.hidden_layers, net.depth) == (9, 2, 3)
    assert net.parameter_count == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2
    assert net(x).dtype == np.float64


def test_hand_written_absolute_value() -> None:
    """|x| = relu(x) + relu(-x): two neurons, exact on integers."""
    net = ReLUNetwork(([[1.0], [-1.0]], [[1.0, 1.0]]), ([0.0, 0.0], [0.0]))
    x = np.arange(-5, 6, dtype=np.float64)[:, None]
    assert np.array_equal(net(x)[:, 0], np.abs(x[:, 0]))
    assert net.neurons == 2


def test_chunked_and_batched_shapes_agree() -> None:
    rng = np.random.default_rng(1)
    net = _random_net(rng, [4, 6, 1])
    x = rng.standard_normal((2, 50, 4))
    whole = net(x)
    assert whole.shape == (2, 50, 1)
    assert np.array_equal(net(x, chunk_size=7), whole)


def test_weights_are_read_only_copies() -> None:
    w = np.ones((2, 2))
    net = ReLUNetwork((w, np.ones((1, 2))), (np.zeros(2), np.zeros(1)))
    w[0, 0] = 5.0
    assert net.weights[0][0, 0] == 1.0
    with pytest.raises(ValueError):
        net.weights[0][0, 0] = 3.0


def test_shape_errors() -> None:
    with pytest.raises(ValueError):
        ReLUNetwork((np.ones((2, 3)), np.ones((1, 3))), (np.zeros(2), np.zeros(1)))
    with pytest.raises(ValueError):
        ReLUNetwork((np.ones((2, 3)),), (np.zeros(3),))
    with pytest.raises(ValueError):
        affine(np.ones((1, 3)))(np.ones((4, 2)))


def test_compose_is_function_composition_without_extra_neurons() -> None:
    rng = np.random.default_rng(2)
    inner, outer = _random_net(rng, [3, 4, 2]), _random_net(rng, [2, 5, 6, 1])
    both = compose(outer, inner)
    x = rng.standard_normal((20, 3))
    np.testing.assert_allclose(both(x), outer(inner(x)), rtol=1e-12, atol=1e-12)
    assert both.neurons == inner.neurons + outer.neurons
    assert both.hidden_layers == inner.hidden_layers + outer.hidden_layers
    lin = affine([[2.0, -1.0]], [0.5])
    np.testing.assert_allclose(compose(lin, inner)(x), lin(inner(x)), rtol=1e-12, atol=1e-12)
    assert compose(lin, inner).neurons == inner.neurons


def test_iterate_and_combinators() -> None:
    rng = np.random.default_rng(3)
    f = _random_net(rng, [2, 3, 2])
    x = rng.standard_normal((10, 2))
    np.testing.assert_allclose(iterate(f, 3)(x), f(f(f(x))), rtol=1e-12, atol=1e-12)
    assert iterate(f, 3).neurons == 9
    g, h = _random_net(rng, [2, 4, 1]), _random_net(rng, [3, 2, 2])
    y = rng.standard_normal((10, 3))
    side = parallel(g, h)
    np.testing.assert_allclose(side(np.hstack([x, y])), np.hstack([g(x), h(y)]), rtol=1e-12, atol=1e-12)
    assert side.neurons == 6
    k = _random_net(rng, [2, 5, 3])
    shared = stack(g, k)
    np.testing.assert_allclose(shared(x), np.hstack([g(x), k(x)]), rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError):
        stack(g, _random_net(rng, [2, 2, 2, 1]))
    with pytest.raises(ValueError):
        iterate(f, 0)

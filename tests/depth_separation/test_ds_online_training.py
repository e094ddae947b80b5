"""Online Adam on seed-stacked nets with biases: batched seeds equal separate runs, and reruns are identical."""

import torch

from thundeep.depth_separation.depth_width_tradeoff import ball_sampler, parse_net, train_architecture, validation_set
from thundeep.nn.seeded import mlp_forward
from thundeep.nn.subnetworks import DenseMLP
from thundeep.nn.trainer import OnlineAdam, fresh_batches, seedwise_rmse, train_seeds_online

SAMPLER = ball_sampler("uniform_radius", "l2_ball", 6, 2.0)


def test_mlp_forward_with_biases_is_the_affine_relu_chain() -> None:
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(2, 5, 3, generator=gen)
    weights = [torch.randn(2, 3, 4, generator=gen), torch.randn(2, 4, 1, generator=gen)]
    biases = [torch.randn(2, 1, 4, generator=gen), torch.randn(2, 1, 1, generator=gen)]
    for s in range(2):
        expected = torch.relu(x[s] @ weights[0][s] + biases[0][s]) @ weights[1][s] + biases[1][s]
        torch.testing.assert_close(mlp_forward(x, weights, biases)[s], expected)


def test_biases_start_at_zero_and_are_trained() -> None:
    model = DenseMLP([6, 8, 1], [0, 1], bias=True)
    assert all(torch.equal(b, torch.zeros_like(b)) for b in model.biases)
    x_val, y_val = validation_set(SAMPLER, 200, 0)
    train_seeds_online(
        model,
        fresh_batches(SAMPLER, [0, 1], 16),
        OnlineAdam(5, 16, 1e-2),
        lambda m: seedwise_rmse(m, x_val, y_val),
        every=5,
    )
    assert all(b.abs().sum() > 0 for b in model.biases)


def test_batched_seeds_equal_sequential_seeds() -> None:
    schedule = OnlineAdam(steps=30, batch_size=16, lr=1e-2)
    validation = validation_set(SAMPLER, 300, 0)
    net = parse_net("3L-8-4", 6)
    _, together = train_architecture(net, [3, 8], SAMPLER, schedule, validation, evaluations=3)
    for i, seed in enumerate([3, 8]):
        _, alone = train_architecture(net, [seed], SAMPLER, schedule, validation, evaluations=3)
        torch.testing.assert_close(torch.as_tensor(together[:, i]), torch.as_tensor(alone[:, 0]), rtol=1e-5, atol=1e-6)


def test_training_is_deterministic_and_learns() -> None:
    schedule = OnlineAdam(steps=150, batch_size=32, lr=2e-2)
    validation = validation_set(SAMPLER, 2000, 0)
    runs = [train_architecture(parse_net("2L-32", 6), [0, 1], SAMPLER, schedule, validation, 3) for _ in range(2)]
    assert (runs[0][0] == runs[1][0]).all() and (runs[0][1] == runs[1][1]).all()
    steps, rmse = runs[0]
    assert list(steps) == [0, 50, 100, 150]
    assert (rmse[-1] < 0.8 * float(validation[1].std())).all()  # well below the best constant

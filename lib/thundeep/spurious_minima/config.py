"""Typed configs of the spurious_minima experiments: the ICML'18 and COLT'21 gradient-descent protocols."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from thundeep.experiment import Experiment, require


def _distinct(values: tuple[int, ...]) -> bool:
    return len(set(values)) == len(values)


@dataclass(frozen=True)
class DescentProtocol:
    """How the runs of one (k, n) are drawn and descended: everything a descent job depends on."""

    n_extra: tuple[int, ...]
    """Student sizes as n - k."""
    runs: int
    """Gradient-descent runs per (k, n)."""
    step: float
    """Step size (divided by k when step_divided_by_k)."""
    step_divided_by_k: bool
    """Use step / k (COLT'21) instead of a constant step."""
    tolerance: float
    """A run converges when its gradient statistic is <= this."""
    criterion: Literal["neuron_max", "frobenius"]
    """Gradient statistic, largest per-neuron norm (ICML'18) or Frobenius norm (COLT'21)."""
    max_steps: int
    """Iteration cap; capped runs are counted apart."""
    check_every: int
    """Iterations between bookkeeping points."""
    loss_floor: float | None
    """Also stop a run at a bookkeeping point where its loss is below this (None: never)."""
    seed: int
    """Base seed; (k, n) uses seed * 10^6 + 1000 k + n."""

    def __post_init__(self) -> None:
        require(len(self.n_extra) >= 1 and _distinct(self.n_extra), "descent.n_extra must be distinct and non-empty")
        require(all(0 <= extra <= 2 for extra in self.n_extra), "descent.n_extra values must be 0, 1 or 2")
        require(self.runs >= 1, "descent.runs must be >= 1")
        require(self.step > 0 and self.tolerance > 0, "descent.step and descent.tolerance must be > 0")
        require(self.max_steps >= 1 and self.check_every >= 1, "descent.max_steps and descent.check_every must be >= 1")
        require(self.loss_floor is None or self.loss_floor > 0, "descent.loss_floor must be null or > 0")
        require(self.seed >= 0, "descent.seed must be >= 0")

    def step_at(self, k: int) -> float:
        """The step size used with k teacher neurons."""
        return self.step / k if self.step_divided_by_k else self.step


@dataclass(frozen=True)
class EndpointAnalysis:
    """How endpoints are classified: spurious threshold and the grouping of equal points."""

    spurious_loss: float
    """A converged run is spurious when F >= this."""
    group_tolerance: float
    """Endpoints closer than this up to neuron permutation are one point."""

    def __post_init__(self) -> None:
        require(
            self.spurious_loss > 0 and self.group_tolerance > 0,
            "analysis.spurious_loss and analysis.group_tolerance must be > 0",
        )


@dataclass(frozen=True)
class Protocol(Experiment):
    """One gradient-descent protocol: teacher sizes k, the descent of each (k, n) and its analysis."""

    metric_offsets: ClassVar[tuple[int, ...]] = ()
    """The n - k whose metrics the protocol always reports (NaN where a scale runs none)."""
    ks: tuple[int, ...]
    """Teacher sizes k (= input dimension d); the teacher is V = I_k."""
    descent: DescentProtocol
    analysis: EndpointAnalysis

    def __post_init__(self) -> None:
        require(len(self.ks) >= 1 and _distinct(self.ks), "ks must be distinct and non-empty")
        require(min(self.ks) >= 2, "ks must be >= 2")
        require(
            set(self.descent.n_extra) <= set(self.metric_offsets),
            f"descent.n_extra must be among {list(self.metric_offsets)} (the n - k this protocol reports)",
        )


@dataclass(frozen=True)
class Icml18(Protocol):
    """ICML'18 protocol, n = k, k+1, k+2 (Tables 1-2): step 0.1, largest per-neuron gradient norm test."""

    metrics: ClassVar[tuple[str, ...]] = (
        "fraction_n0_smallest_k",
        "fraction_n0_smallest_k_std",
        "fraction_n0_largest_k",
        "fraction_n0_largest_k_std",
        "fraction_n0_max",
        "fraction_n0_max_std",
        "fraction_n0_rank_corr",
        "fraction_n1_smallest_k",
        "fraction_n1_smallest_k_std",
        "fraction_n1_largest_k",
        "fraction_n1_largest_k_std",
        "fraction_n1_max",
        "fraction_n1_max_std",
        "fraction_n1_max_ratio",
        "fraction_n2_smallest_k",
        "fraction_n2_smallest_k_std",
        "fraction_n2_largest_k",
        "fraction_n2_largest_k_std",
        "fraction_n2_max",
        "fraction_n2_max_std",
        "norm_sum_excess_max_n0",
        "norm_sum_excess_max_n1",
        "norm_sum_excess_max_n2",
        "runs_total",
        "spurious_runs_total",
        "distinct_spurious_total",
        "not_converged_total",
        "capped_above_total",
        "floored_total",
        "min_hessian_eig",
        "norm_sum_excess_max",
        "blocks_all_negative_fraction",
        "group_max_within",
        "group_min_between",
    )
    metric_offsets: ClassVar[tuple[int, ...]] = (0, 1, 2)
    confidence: float
    """Level of the binomial intervals in the spurious-fraction figure."""

    def __post_init__(self) -> None:
        super().__post_init__()
        require(0 < self.confidence < 1, "confidence must be in (0, 1)")


@dataclass(frozen=True)
class Colt21(Protocol):
    """COLT'21 protocol, n = k (Sec. 4.2, Fig. 1, App. D.1): step 5/k, gradient Frobenius norm test."""

    metrics: ClassVar[tuple[str, ...]] = (
        "fraction_n0_smallest_k",
        "fraction_n0_smallest_k_std",
        "fraction_n0_largest_k",
        "fraction_n0_largest_k_std",
        "fraction_n0_max",
        "fraction_n0_max_std",
        "fraction_n0_rank_corr",
        "norm_sum_excess_max_n0",
        "runs_total",
        "spurious_runs_total",
        "distinct_spurious_total",
        "not_converged_total",
        "capped_above_total",
        "floored_total",
        "min_hessian_eig",
        "norm_sum_excess_max",
        "blocks_all_negative_fraction",
        "group_max_within",
        "group_min_between",
    )
    metric_offsets: ClassVar[tuple[int, ...]] = (0,)
    hist_ks: tuple[int, ...]
    """The k of the norm-sum histograms (each must be in ks)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        require(len(self.hist_ks) >= 1 and set(self.hist_ks) <= set(self.ks), "hist_ks must be non-empty and in ks")


EXPERIMENTS = {"icml18": Icml18, "colt21": Colt21}

"""Typed configs of the random_shuffling experiments: NeurIPS'21 Fig. 1 and the COLT'20 rates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from thundeep.experiment import Experiment, require

Method = Literal["wr", "ss", "rr"]


@dataclass(frozen=True)
class KRange:
    """Epoch budgets start, start + step, ..., stop (inclusive): one segment of the paper's k grid."""

    start: int
    stop: int
    step: int

    def __post_init__(self) -> None:
        require(1 <= self.start <= self.stop and self.step >= 1, "a k range needs 1 <= start <= stop and step >= 1")
        require(
            (self.stop - self.start) % self.step == 0,
            f"k range {self.start}..{self.stop}: step must divide stop - start",
        )

    def values(self) -> list[int]:
        """The budgets of this segment, ascending."""
        return list(range(self.start, self.stop + 1, self.step))


def k_values(ranges: tuple[KRange, ...]) -> list[int]:
    """The k grid: the segments' values in order (they must be increasing and distinct)."""
    ks = [k for segment in ranges for k in segment.values()]
    require(
        len(ks) >= 2 and all(a < b for a, b in zip(ks, ks[1:], strict=False)),
        "k_grid: at least two values, strictly increasing across segments",
    )
    return ks


@dataclass(frozen=True)
class Fig1Analysis:
    """Where the claims RS1-RS3 read the Fig. 1 curves."""

    early_k_max: int
    """RS1: k <= this counts as 'well below kappa'."""
    late_k_min: int
    """RS2: k >= this counts as 'several times kappa'."""
    kappa_factor: float
    """RS3: 'before' is k < kappa/f, 'by' is k near f kappa."""
    separation_threshold: float
    """RS3: advantage (decades) that counts as separated."""
    separation_window: int
    """RS3: grid points averaged near f kappa."""

    def __post_init__(self) -> None:
        require(min(self.early_k_max, self.late_k_min, self.separation_window) >= 1, "analysis counts must be >= 1")
        require(self.kappa_factor > 0 and self.separation_threshold > 0, "analysis factors must be > 0")


@dataclass(frozen=True)
class Fig1(Experiment):
    """NeurIPS'21 Fig. 1: WR, SS and RR on the 2-d constructions Eq.(1) and Eq.(2)."""

    metrics: ClassVar[tuple[str, ...]] = (
        "rs1_max_abs_z_pointwise",
        "rs1_pointwise_p",
        "rs1_max_pooled_gap",
        "rs1_max_pooled_gap_se",
        "rs1_max_abs_z_pooled",
        "rs1_pooled_p",
        "rs1_equivalence_bound",
        "late_max_abs_z_pooled",
        "rs2_min_advantage",
        "rs2_min_advantage_se",
        "late_advantage_eq1_ss",
        "late_advantage_eq1_ss_se",
        "late_advantage_eq1_rr",
        "late_advantage_eq1_rr_se",
        "late_advantage_eq2_ss",
        "late_advantage_eq2_ss_se",
        "late_advantage_eq2_rr",
        "late_advantage_eq2_rr_se",
        "rs2_rr_minus_ss_eq2",
        "rs2_rr_minus_ss_eq2_se",
        "rs3_early_advantage",
        "rs3_early_advantage_se",
        "rs3_late_advantage",
        "rs3_late_advantage_se",
        "separation_k_eq1",
        "separation_k_eq2",
    )
    n: int
    """Component functions (even: half per sign)."""
    lam: float
    """Curvature lambda of x1 (strong convexity)."""
    lam_max: float
    """Curvature lambda_max of x2; kappa = lam_max / lam."""
    g: float
    """Gradient scale G of the linear terms."""
    k_grid: tuple[KRange, ...]
    """Epoch budgets k, as segments start..stop by step (the paper lists its 75 values this way)."""
    runs: int
    """Independent runs per (construction, k, method)."""
    seed: int
    """Base seed; each (construction, k, method) derives its own."""
    step: Literal["log_nk", "log_sqrt_n_k"]
    """Step rule: log(nk)/(lam n k) or log(sqrt(n) k)/(lam n k)."""
    constructions: tuple[Literal["eq1", "eq2"], ...]
    methods: tuple[Method, ...]
    """Samplers (all three are needed by the claims)."""
    analysis: Fig1Analysis

    def __post_init__(self) -> None:
        require(self.n >= 2 and self.n % 2 == 0, "n must be even and >= 2")
        require(min(self.lam, self.lam_max, self.g) > 0, "lam, lam_max and g must be > 0")
        require(self.runs >= 2 and self.seed >= 0, "runs must be >= 2 and seed >= 0")
        require(
            len(self.constructions) >= 1 and len(set(self.constructions)) == len(self.constructions),
            "constructions must be distinct and non-empty",
        )
        require(sorted(self.methods) == ["rr", "ss", "wr"], "methods must be wr, ss and rr (the claims need all three)")
        k_values(self.k_grid)

    @property
    def ks(self) -> list[int]:
        """The epoch budgets k of the grid."""
        return k_values(self.k_grid)


@dataclass(frozen=True)
class StepFactors:
    """Constant steps c / (lam n k) searched for the best step: c log-spaced in [low, high]."""

    low: float
    high: float
    per_octave: int

    def __post_init__(self) -> None:
        require(
            0 < self.low <= self.high and self.per_octave >= 1, "step_factors need 0 < low <= high and per_octave >= 1"
        )


@dataclass(frozen=True)
class Colt(Experiment):
    """COLT'20 companion: rates of WR, SS, RR and incremental gradient on the hard instances C1-C3."""

    metrics: ClassVar[tuple[str, ...]] = (
        *(
            f"rs4_{c}_{stat}{std}"
            for c in ("c1", "c2")
            for stat in ("rr_minus_ss_k_slope", "ss_minus_wr_k_slope", "wr_k_slope_deviation", "shuffling_max_k_slope")
            for std in ("", "_std")
        ),
        "rs4_ig_n_slope",
        *(f"{c}_{m}_log_factor_share" for c in ("c1", "c2") for m in ("wr", "ss", "rr")),
        "c1_wr_theorem_simulation_k_slope",
        "c1_wr_theorem_simulation_k_slope_std",
        "c1_wr_theorem_simulation_n_slope",
        "c1_ss_theorem_simulation_k_slope",
        "c1_ss_theorem_simulation_k_slope_std",
        "c1_ss_theorem_simulation_n_slope",
        "c1_rr_theorem_simulation_k_slope",
        "c1_rr_theorem_simulation_k_slope_std",
        "c1_rr_theorem_simulation_n_slope",
        "c1_wr_theorem_exact_k_slope",
        "c1_wr_theorem_exact_n_slope",
        "c1_ss_theorem_exact_k_slope",
        "c1_ss_theorem_exact_n_slope",
        "c1_rr_theorem_exact_k_slope",
        "c1_rr_theorem_exact_n_slope",
        "c1_wr_best_exact_k_slope",
        "c1_wr_best_exact_n_slope",
        "c1_ss_best_exact_k_slope",
        "c1_ss_best_exact_n_slope",
        "c1_rr_best_exact_k_slope",
        "c1_rr_best_exact_n_slope",
        "c2_wr_theorem_simulation_k_slope",
        "c2_wr_theorem_simulation_k_slope_std",
        "c2_wr_theorem_simulation_n_slope",
        "c2_ss_theorem_simulation_k_slope",
        "c2_ss_theorem_simulation_k_slope_std",
        "c2_ss_theorem_simulation_n_slope",
        "c2_rr_theorem_simulation_k_slope",
        "c2_rr_theorem_simulation_k_slope_std",
        "c2_rr_theorem_simulation_n_slope",
        "c2_wr_best_simulation_k_slope",
        "c2_wr_best_simulation_n_slope",
        "c2_ss_best_simulation_k_slope",
        "c2_ss_best_simulation_n_slope",
        "c2_rr_best_simulation_k_slope",
        "c2_rr_best_simulation_n_slope",
        "c3_ig_theorem_exact_k_slope",
        "c3_ig_theorem_exact_n_slope",
        "c3_ig_best_exact_k_slope",
        "c3_ig_best_exact_n_slope",
        "model_wr_k_slope",
        "model_wr_n_slope",
        "model_ss_k_slope",
        "model_ss_n_slope",
        "model_rr_k_slope",
        "model_rr_n_slope",
        "model_ig_k_slope",
        "model_ig_n_slope",
        "c1_max_abs_z_vs_exact",
        "best_step_at_grid_edge",
    )
    lam: float
    """Strong convexity lambda."""
    g: float
    """Gradient bound G (the theorems need G >= 6 lambda)."""
    ns: tuple[int, ...]
    """Numbers of components n (even)."""
    ks: tuple[int, ...]
    """Epoch budgets k (below every n)."""
    runs: int
    """Monte Carlo runs per (instance, n, k, method)."""
    seed: int
    """Base seed of the runs and of the bootstrap."""
    step_factors: StepFactors
    bootstrap: int
    """Bootstrap resamples for the slopes' spread."""
    instances: tuple[Literal["c1", "c2", "c3"], ...]
    """The COLT'20 hard instances (all three are needed by RS4 and the figure)."""

    def __post_init__(self) -> None:
        require(self.lam > 0 and self.g > 0, "lam and g must be > 0")
        require(len(self.ns) >= 2 and all(n >= 2 and n % 2 == 0 for n in self.ns), "ns: at least two even n >= 2")
        require(len(set(self.ns)) == len(self.ns) and len(set(self.ks)) == len(self.ks), "ns and ks must be distinct")
        require(len(self.ks) >= 2 and min(self.ks) >= 1, "ks: at least two k >= 1")
        require(self.runs >= 2 and self.seed >= 0 and self.bootstrap >= 10, "runs >= 2, seed >= 0, bootstrap >= 10")
        require(sorted(self.instances) == ["c1", "c2", "c3"], "instances must be c1, c2 and c3")


EXPERIMENTS = {"fig1": Fig1, "colt": Colt}

"""Typed configs of the random_shuffling experiments: NeurIPS'21 Fig. 1 and the COLT'20 rates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from thundeep.experiment import Experiment, require

Method = Literal["wr", "ss", "rr"]


@dataclass(frozen=True)
class KGrid:
    """Epoch budgets k, log-spaced and rounded to distinct integers."""

    k_min: int
    k_max: int
    num_k: int

    def __post_init__(self) -> None:
        require(1 <= self.k_min <= self.k_max, "k_grid needs 1 <= k_min <= k_max")
        require(self.num_k >= 2, "k_grid.num_k must be >= 2")


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
        "rs1_max_gap_over_std", "rs1_max_pooled_gap", "late_gap_over_std_eq1_wr_ss",
        "late_gap_over_std_eq1_wr_rr", "late_gap_over_std_eq1_ss_rr", "late_gap_over_std_eq2_wr_ss",
        "late_gap_over_std_eq2_wr_rr", "late_gap_over_std_eq2_ss_rr", "rs2_min_advantage",
        "rs2_min_advantage_se", "late_advantage_eq1_ss", "late_advantage_eq1_ss_se",
        "late_advantage_eq1_rr", "late_advantage_eq1_rr_se", "late_advantage_eq2_ss",
        "late_advantage_eq2_ss_se", "late_advantage_eq2_rr", "late_advantage_eq2_rr_se",
        "rs2_rr_minus_ss_eq2", "rs2_rr_minus_ss_eq2_se", "rs3_early_advantage", "rs3_early_advantage_se",
        "rs3_late_advantage", "rs3_late_advantage_se", "separation_k_eq1", "separation_k_eq2",
    )
    n: int
    """Component functions (even: half per sign)."""
    lam: float
    """Curvature lambda of x1 (strong convexity)."""
    lam_max: float
    """Curvature lambda_max of x2; kappa = lam_max / lam."""
    g: float
    """Gradient scale G of the linear terms."""
    k_grid: KGrid
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
        require(len(self.constructions) >= 1 and len(set(self.constructions)) == len(self.constructions),
                "constructions must be distinct and non-empty")
        require(sorted(self.methods) == ["rr", "ss", "wr"], "methods must be wr, ss and rr (the claims need all three)")


@dataclass(frozen=True)
class StepFactors:
    """Constant steps c / (lam n k) searched for the best step: c log-spaced in [low, high]."""

    low: float
    high: float
    per_octave: int

    def __post_init__(self) -> None:
        require(0 < self.low <= self.high and self.per_octave >= 1,
                "step_factors need 0 < low <= high and per_octave >= 1")


@dataclass(frozen=True)
class Colt(Experiment):
    """COLT'20 companion: rates of WR, SS, RR and incremental gradient on the hard instances C1-C3."""

    metrics: ClassVar[tuple[str, ...]] = (
        "rs4_rr_minus_ss_k_slope", "rs4_rr_minus_ss_k_slope_std", "rs4_ss_minus_wr_k_slope",
        "rs4_ss_minus_wr_k_slope_std", "rs4_wr_k_slope_deviation", "rs4_wr_k_slope_deviation_std",
        "rs4_shuffling_max_k_slope", "rs4_shuffling_max_k_slope_std", "rs4_ig_n_slope",
        "c1_wr_theorem_simulation_k_slope", "c1_wr_theorem_simulation_k_slope_std",
        "c1_wr_theorem_simulation_n_slope", "c1_ss_theorem_simulation_k_slope",
        "c1_ss_theorem_simulation_k_slope_std", "c1_ss_theorem_simulation_n_slope",
        "c1_rr_theorem_simulation_k_slope", "c1_rr_theorem_simulation_k_slope_std",
        "c1_rr_theorem_simulation_n_slope", "c1_wr_theorem_exact_k_slope", "c1_wr_theorem_exact_n_slope",
        "c1_ss_theorem_exact_k_slope", "c1_ss_theorem_exact_n_slope", "c1_rr_theorem_exact_k_slope",
        "c1_rr_theorem_exact_n_slope", "c1_wr_best_exact_k_slope", "c1_wr_best_exact_n_slope",
        "c1_ss_best_exact_k_slope", "c1_ss_best_exact_n_slope", "c1_rr_best_exact_k_slope",
        "c1_rr_best_exact_n_slope", "c2_wr_theorem_simulation_k_slope",
        "c2_wr_theorem_simulation_k_slope_std", "c2_wr_theorem_simulation_n_slope",
        "c2_ss_theorem_simulation_k_slope", "c2_ss_theorem_simulation_k_slope_std",
        "c2_ss_theorem_simulation_n_slope", "c2_rr_theorem_simulation_k_slope",
        "c2_rr_theorem_simulation_k_slope_std", "c2_rr_theorem_simulation_n_slope",
        "c2_wr_best_simulation_k_slope", "c2_wr_best_simulation_n_slope", "c2_ss_best_simulation_k_slope",
        "c2_ss_best_simulation_n_slope", "c2_rr_best_simulation_k_slope", "c2_rr_best_simulation_n_slope",
        "c3_ig_theorem_exact_k_slope", "c3_ig_theorem_exact_n_slope", "c3_ig_best_exact_k_slope",
        "c3_ig_best_exact_n_slope", "model_wr_k_slope", "model_wr_n_slope", "model_ss_k_slope",
        "model_ss_n_slope", "model_rr_k_slope", "model_rr_n_slope", "model_ig_k_slope", "model_ig_n_slope",
        "c1_max_abs_z_vs_exact", "best_step_at_grid_edge",
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

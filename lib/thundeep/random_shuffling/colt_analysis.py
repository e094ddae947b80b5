"""COLT'20 companion: slope table, error table and the RS4 statistics from the instances' results."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from thundeep.extremes import largest
from thundeep.random_shuffling.colt import NOMINAL_K_EXPONENT, leading_term, theorem_step
from thundeep.random_shuffling.slopes import bootstrap_slopes, fit_slopes

SLOPE_COLUMNS = (
    "instance",
    "method",
    "step",
    "source",
    "k_slope",
    "k_slope_std",
    "n_slope",
    "n_slope_std",
    "nominal_k_exponent",
    "model_k_slope",
    "model_n_slope",
    "log_factor_share",
)
"""Columns of tables/colt_slopes.csv (model_*: slopes of the rate's leading term with its log factor;
log_factor_share: the part of k_slope - nominal_k_exponent that the log factor accounts for,
(model_k_slope - nominal) / (k_slope - nominal))."""

ERROR_COLUMNS = (
    "instance",
    "method",
    "n",
    "k",
    "strong_convexity",
    "theorem_step",
    "runs",
    "mean_error",
    "sem_error",
    "exact_error",
    "best_error",
    "best_step_factor",
)
"""Columns of tables/colt_errors.csv (strong_convexity: F's constant lam_F; the best step is
best_step_factor / (lam_F n k))."""


def slope_rows(results: Mapping[str, Mapping[str, np.ndarray]], rng: np.random.Generator, reps: int) -> list[dict]:
    """One row per (instance, method, step rule, source) with fitted k- and n-slopes."""
    rows = []
    for name, res in results.items():
        ns, ks = res["ns"], res["ks"]
        for m, method in enumerate(res["methods"].tolist()):
            model = np.array([[leading_term(method, int(n), int(k)) for k in ks] for n in ns])
            base = {"instance": name, "method": method, "nominal_k_exponent": NOMINAL_K_EXPONENT[method]}
            model_k, model_n = fit_slopes(ns, ks, model)
            losses = res["losses"][m]
            deterministic = losses.shape[-1] == 1
            spread = (0.0, 0.0) if deterministic else bootstrap_slopes(ns, ks, losses, rng, reps)
            source = "exact" if deterministic else "simulation"
            fits = [("theorem", source, losses.mean(axis=-1), spread, (model_k, model_n))]
            if np.isfinite(res["exact"][m]).all():
                fits.append(("theorem", "exact", res["exact"][m], (0.0, 0.0), (model_k, model_n)))
            best_source = "exact" if deterministic or np.isfinite(res["exact"][m]).all() else "simulation"
            fits.append(("best", best_source, res["best"][m], (np.nan, np.nan), (np.nan, np.nan)))
            for step, src, values, (k_std, n_std), (mk, mn) in fits:
                k_slope, n_slope = fit_slopes(ns, ks, values)
                share = (mk - base["nominal_k_exponent"]) / (k_slope - base["nominal_k_exponent"])
                rows.append(
                    base
                    | {"step": step, "source": src, "k_slope": k_slope, "k_slope_std": k_std}
                    | {"n_slope": n_slope, "n_slope_std": n_std, "model_k_slope": mk, "model_n_slope": mn}
                    | {"log_factor_share": share}
                )
    return rows


def error_rows(results: Mapping[str, Mapping[str, np.ndarray]]) -> list[dict]:
    """One row per (instance, method, n, k): mean final error at the theorem step, exact and best-step errors."""
    rows = []
    for name, res in results.items():
        lam_f = float(res["strong_convexity"])
        for m, method in enumerate(res["methods"].tolist()):
            for i, n in enumerate(res["ns"].tolist()):
                for j, k in enumerate(res["ks"].tolist()):
                    losses = res["losses"][m, i, j]
                    runs = len(losses)
                    rows.append(
                        {
                            "instance": name,
                            "method": method,
                            "n": n,
                            "k": k,
                            "strong_convexity": lam_f,
                            "theorem_step": theorem_step(method, lam_f, n, k),
                            "runs": runs,
                            "mean_error": float(losses.mean()),
                            "sem_error": float(losses.std(ddof=1) / np.sqrt(runs)) if runs > 1 else 0.0,
                            "exact_error": float(res["exact"][m, i, j]),
                            "best_error": float(res["best"][m, i, j]),
                            "best_step_factor": float(res["best_factor"][m, i, j]),
                        }
                    )
    return rows


def rs4_slope_checks(name: str, sim: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """RS4's slope statistics on one instance from its WR / SS / RR theorem-step fits (bootstrap stds beside)."""

    def diff(a: str, b: str) -> tuple[float, float]:
        return sim[a]["k_slope"] - sim[b]["k_slope"], float(np.hypot(sim[a]["k_slope_std"], sim[b]["k_slope_std"]))

    out: dict[str, float] = {}
    out[f"rs4_{name}_rr_minus_ss_k_slope"], out[f"rs4_{name}_rr_minus_ss_k_slope_std"] = diff("rr", "ss")
    out[f"rs4_{name}_ss_minus_wr_k_slope"], out[f"rs4_{name}_ss_minus_wr_k_slope_std"] = diff("ss", "wr")
    out[f"rs4_{name}_wr_k_slope_deviation"] = abs(sim["wr"]["k_slope"] + 1.0)
    out[f"rs4_{name}_wr_k_slope_deviation_std"] = sim["wr"]["k_slope_std"]
    steeper = ("ss", "rr")[int(np.argmax([sim[m]["k_slope"] for m in ("ss", "rr")]))]  # a NaN slope is picked
    out[f"rs4_{name}_shuffling_max_k_slope"] = sim[steeper]["k_slope"]
    out[f"rs4_{name}_shuffling_max_k_slope_std"] = sim[steeper]["k_slope_std"]
    return out


def colt_metrics(slopes: list[dict], errors: list[dict], factor_range: tuple[float, float]) -> dict[str, float]:
    """Named slopes, the RS4 statistics, and checks of the simulation (C1 vs exact) and of the step grid."""
    fit = {(r["instance"], r["method"], r["step"], r["source"]): r for r in slopes}
    out: dict[str, float] = {}
    for (name, method, step, source), r in fit.items():
        tag = f"{name}_{method}_{step}_{source}"
        out[f"{tag}_k_slope"], out[f"{tag}_n_slope"] = r["k_slope"], r["n_slope"]
        if step == "theorem" and source == "simulation":
            out[f"{tag}_k_slope_std"] = r["k_slope_std"]
        if step == "theorem":
            out[f"model_{method}_k_slope"], out[f"model_{method}_n_slope"] = r["model_k_slope"], r["model_n_slope"]
    for name in ("c1", "c2"):
        out |= rs4_slope_checks(name, {m: fit[(name, m, "theorem", "simulation")] for m in ("wr", "ss", "rr")})
        for method in ("wr", "ss", "rr"):
            out[f"{name}_{method}_log_factor_share"] = fit[(name, method, "theorem", "simulation")]["log_factor_share"]
    out["rs4_ig_n_slope"] = fit[("c3", "ig", "theorem", "exact")]["n_slope"]
    c1 = [e for e in errors if e["instance"] == "c1"]
    out["c1_max_abs_z_vs_exact"] = largest(abs(e["mean_error"] - e["exact_error"]) / e["sem_error"] for e in c1)
    edge = [np.isclose(e["best_step_factor"], factor_range).any() for e in errors]
    out["best_step_at_grid_edge"] = float(sum(edge))
    return out

# nonsmooth_stationarity: Kornowski & Shamir (NeurIPS 2021). Theory companion: E1 smoothing constants,
# E2 GD iterations on the randomly smoothed |x_1| (Prop. 24), E3 Thm 1's hitting probability.
NS = PaperRules("nonsmooth_stationarity", prefix="ns")

for _experiment in ("smoothing", "gd_iterations", "hitting"):
    NS.stage(
        _experiment,
        f"stages:{_experiment}_stage",
        config=_experiment,
        output=dict(table=NS.res("tables", f"{_experiment}.csv"), metrics=NS.metrics(_experiment)),
    )
    NS.figure(
        _experiment,
        f"figures:{_experiment}_figure_stage",
        input=dict(table=NS.res("tables", f"{_experiment}.csv"), metrics=NS.metrics(_experiment)),
    )

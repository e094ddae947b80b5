# single_neuron: Yehudai & Shamir (COLT 2020). Fig. 1 (non-monotonic angle) and the Thm 6.4 companion.
SN = PaperRules("single_neuron", prefix="sn")


SN.stage("angle", "stages:angle_stage", config="angle",
         output=dict(arrays=SN.res("angle", "trajectories.npz"), metrics=SN.metrics("angle")))

SN.figure("angle", "figures:angle_figure_stage", config="angle",
          input=dict(arrays=SN.res("angle", "trajectories.npz")))

SN.stage("linear_convergence", "stages:linear_convergence_stage", config="linear_convergence",
         output=dict(arrays=SN.res("linear_convergence", "distances.npz"), metrics=SN.metrics("linear_convergence")))

SN.figure("linear_convergence", "figures:linear_convergence_figure_stage", config="linear_convergence",
          input=dict(arrays=SN.res("linear_convergence", "distances.npz")))

"""Yehudai & Shamir (COLT 2020), "Learning a Single Neuron with Gradient Methods": Sec. 6 experiments."""

"""Depth separation: Safran & Shamir (ICML 2017) ball-indicator experiment and a Safran, Eldan & Shamir (COLT 2019) companion."""

"""Depth separation: Safran & Shamir (ICML 2017) experiment and a Safran, Eldan & Shamir (COLT 2019) companion."""

"""Spurious local minima of two-layer ReLU networks (Safran & Shamir ICML 2018; Safran, Yehudai &
Shamir COLT 2021): batched gradient descent on the closed-form Gaussian population loss
(`thundeep.gaussian_relu`), the local-minimum analysis of its endpoints, spurious fractions, the
pipeline stages and the figures."""

"""Theory companion to Kornowski & Shamir, "Oracle Complexity in Nonsmooth Nonconvex Optimization"."""

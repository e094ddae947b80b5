"""Random shuffling vs with-replacement SGD on two-class quadratics (Safran & Shamir, COLT'20, NeurIPS'21).

Modules: `instances` (the constructions), `samplers` (sign sequences of WR / SS / RR and seeds),
`affine` (exact composition of the per-step affine maps), `simulate` (final iterates and losses),
`exact` (the closed-form expected error on the COLT'20 instance C1), `slopes` (log-log fits),
`stages` and `plots` (pipeline glue).
"""

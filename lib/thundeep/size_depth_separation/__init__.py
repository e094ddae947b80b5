"""Vardi, Reichman, Pitassi & Shamir (COLT 2021): the explicit constructions, checked exactly."""

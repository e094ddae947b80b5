"""Compare two builds of a paper folder (papers/<paper>): file hashes, numbers, verdicts."""

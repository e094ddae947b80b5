"""Benchmark: wall time of a no-op rebuild (`snakemake papers/<paper>` when everything is up to date).

Usage: python benchmarks/noop_rebuild.py [paper] [scale] [repeats]
Builds the paper first if needed, then times `repeats` no-op runs and prints each and the median.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


def measure(paper: str = "lottery_ticket", scale: str = "smoke", repeats: int = 5, root: Path = ROOT) -> list[float]:
    """Wall seconds of `repeats` no-op runs of `snakemake papers/<paper>` in the checkout `root`."""
    target = [SNAKEMAKE, f"papers/{paper}", "--config", f"scale={scale}"]
    env = dict(os.environ, PYTHONPATH=str(root / "lib"))
    subprocess.run(target, check=True, capture_output=True, cwd=root, env=env)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run(target, check=True, capture_output=True, text=True, cwd=root, env=env)
        times.append(time.perf_counter() - start)
        if "Nothing to be done" not in proc.stdout + proc.stderr:
            raise SystemExit("the rebuild was not a no-op:\n" + proc.stderr[-2000:])
    return times


def main(paper: str = "lottery_ticket", scale: str = "smoke", repeats: int = 5) -> None:
    times = measure(paper, scale, repeats)
    print(
        f"no-op rebuild of papers/{paper} ({scale}): "
        + ", ".join(f"{t:.2f}" for t in times)
        + f" s; median {statistics.median(times):.2f} s"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    main(*(args[:2]), *([int(args[2])] if len(args) > 2 else []))

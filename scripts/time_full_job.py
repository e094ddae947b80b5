"""Time full-scale jobs (or a stated fraction of them) in a scratch copy of the repository.

python scripts/time_full_job.py <paper> <target> [<target> ...] [--set experiment.key=YAML ...] [--cores N]

Copies workflow/, lib/ and the package files to a temporary folder, applies each `--set` to the copy's
paper.yaml under `scales.full` (a fraction: fewer seeds, steps or widths), builds the targets there at
full scale and prints, per job, the wall and CPU seconds of Snakemake's benchmark file, with the
machine's load (`uptime`) before and after. The checkout's own results/ are not touched.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
COPIED = ("workflow", "lib", "pyproject.toml", "environment.yml")


def set_full(spec: dict, dotted: str, value: str) -> None:
    """Set `scales.full.<dotted>` of a paper.yaml mapping to the YAML value `value`."""
    node = spec.setdefault("scales", {}).setdefault("full", {}) or {}
    spec["scales"]["full"] = node
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = yaml.safe_load(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paper")
    parser.add_argument("targets", nargs="+", help="output paths of the jobs to time: results/full/<paper>/...")
    parser.add_argument("--set", action="append", default=[], help="experiment.key=YAML under scales.full")
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="time_full_job_") as scratch:
        copy = Path(scratch)
        for name in COPIED:
            src = REPO / name
            ignore = shutil.ignore_patterns("*.pyc", ".snakemake")
            shutil.copytree(src, copy / name, ignore=ignore) if src.is_dir() else shutil.copy2(src, copy / name)
        spec_path = copy / "workflow" / "papers" / args.paper / "paper.yaml"
        spec = yaml.safe_load(spec_path.read_text())
        for item in args.set:
            key, value = item.split("=", 1)
            set_full(spec, key, value)
        spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))
        print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        snakemake = str(Path(sys.executable).with_name("snakemake"))
        command = [snakemake, *args.targets, "--config", "scale=full", "--cores", str(args.cores)]
        proc = subprocess.run(["nice", "-n", "5", *command], cwd=copy, capture_output=True, text=True)
        print("load after: ", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-5000:], sep="\n")
            return proc.returncode
        for bench in sorted((copy / "results" / "full" / args.paper / "benchmarks").glob("*.tsv")):
            row = next(csv.DictReader(bench.open(), delimiter="\t"))
            print(f"{bench.stem}: wall {float(row['s']):.1f} s, cpu {float(row['cpu_time']):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Planned jobs of a build with their declared threads, runtime, memory and GPUs, and the core-hours.

python scripts/plan_cost.py [paper ...] [--scale full]     # dry-runs each paper (all by default)
snakemake papers/<paper> --config scale=full -n --cores 1024 | python scripts/plan_cost.py -
"""

import sys

from thundeep.plan import main

if __name__ == "__main__":
    sys.exit(main())

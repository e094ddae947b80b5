#!/usr/bin/env bash
# Delete the entries of Snakemake's output cache ($SNAKEMAKE_OUTPUT_CACHE) that no file under results/
# links to, after a `--cache` build of every paper: what is left is exactly what that build used, so
# the folder CI keeps between runs does not grow with every change.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=$(readlink -f "${SNAKEMAKE_OUTPUT_CACHE:?set SNAKEMAKE_OUTPUT_CACHE to the cache folder}")
used=$(find results -type l -exec readlink -f {} + | sort -u)
kept=0 dropped=0
for entry in "$cache"/*; do
    [ -e "$entry" ] || continue
    if grep -qxF "$entry" <<<"$used"; then kept=$((kept + 1)); else rm -rf "$entry"; dropped=$((dropped + 1)); fi
done
echo "output cache: kept $kept entries, dropped $dropped"

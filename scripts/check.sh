#!/usr/bin/env bash
# The static checks CI runs before the tests (.ci/run, .github/workflows/ci.yml): lint, formatting of
# the Python and Snakemake files, the workflow's JSON schemas, the GitHub workflows, CITATION.cff and
# types. The same checks as .pre-commit-config.yaml, plus mypy; any finding fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
set -x
ruff check .
ruff format --check .
snakefmt --check workflow/
check-jsonschema --check-metaschema workflow/schemas/*.schema.yaml
check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
check-jsonschema --builtin-schema vendor.citation-file-format CITATION.cff
mypy

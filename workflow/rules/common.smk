# Helpers shared by every paper's rules: configuration, the paper specs with their typed experiment
# configs, results paths, and the rule templates (`PaperRules.stage` and `PaperRules.figure`) that
# every paper's rules.smk uses.
import os
import re
import shlex
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from thundeep.experiment import class_path, to_json
from thundeep.paperspec import PaperSpecError, check_config_keys, check_scale, load_paper, parse_flag, scale_value
from thundeep.provenance import CodeHashCache, code_hash
from thundeep.seed_streams import shift_seeds, shift_value
from thundeep.workspace import unwritable, unwritable_message

ROOT = Path(workflow.basedir).parent
if Path.cwd().resolve() != ROOT.resolve():
    # Every path below (results/, papers/) is relative to where snakemake runs: started in workflow/
    # a build would write workflow/results/ and swap its folders over workflow/papers/<paper>/.
    raise WorkflowError(
        f"snakemake must run from the repository root, {ROOT.resolve()}, not from {Path.cwd()}: "
        f"`cd {shlex.quote(str(ROOT.resolve()))}` and run the same command there. Nothing was built."
    )

# Snakemake runs a script job as `<sys.executable> <script>` with the interpreter unquoted
# (snakemake/snakemake#2645): an environment whose path has a space failed every job with exit 127.
# Quoted once here (a quoted path no longer exists as a file), every job command built from it works.
if os.path.exists(sys.executable) and shlex.quote(sys.executable) != sys.executable:
    sys.executable = shlex.quote(sys.executable)

config.setdefault("scale", "default")
config.setdefault("strict", False)
config.setdefault("seeds", 1)
try:
    check_config_keys(config)
    check_scale(config["scale"])
    config["strict"] = parse_flag(config["strict"], "strict")
except PaperSpecError as error:
    raise WorkflowError(str(error)) from None
validate(config, "../schemas/config.schema.yaml")

SCALE = config["scale"]
SEEDS = config["seeds"]  # seed streams: 0 is the usual build, 1..SEEDS-1 shift every seed (thundeep.seed_streams)
PAPERS_DIR = Path(workflow.basedir) / "papers"
STAGE_SCRIPT = str(Path(workflow.basedir) / "scripts" / "stage.py")
PAPER_SCHEMA = str(Path(workflow.basedir) / "schemas" / "paper.schema.yaml")
PAPERS = sorted(p.parent.name for p in PAPERS_DIR.glob("*/paper.yaml"))
CODE_HASHES = CodeHashCache(".snakemake/thundeep_code_hashes.json")
FIGURE_SOURCES = {paper: {} for paper in PAPERS}  # filled by PaperRules.figure: what made each figure
# `snakemake --cache [RULE ...]` with SNAKEMAKE_OUTPUT_CACHE set: every stage rule, or the stage rules
# named, use the between-workflow cache. A bare --cache is filled with the stage rules' names because
# Snakemake passes an empty list on to cluster jobs as no --cache at all.
CACHE_RULES = workflow.workflow_settings.cache
CACHE_NAMED = set(CACHE_RULES or ())

# Used with --use-conda only (pip is the documented install): one environment for every rule.
CONDA_ENV = str(Path(workflow.basedir).parent / "environment.yml")
REPORT_GROUP = "report"
"""Job group of a paper's figures, claims and folder: on a cluster, one submission per paper (locally ignored)."""


# A paper whose paper.yaml (or typed config) is broken is left out: builds of the other papers go on,
# and asking for the broken one (or for every paper) stops with its error (rule unknown_paper).
LOADED, BROKEN = {}, {}
for _paper in PAPERS:
    try:
        LOADED[_paper] = load_paper(PAPERS_DIR / _paper / "paper.yaml", _paper, PAPER_SCHEMA, SCALE)
    except PaperSpecError as error:
        BROKEN[_paper] = str(error)
        print(f"warning: paper {_paper!r} is left out of this build: {error}", file=sys.stderr)
_TARGETS = [Path(arg).parts for arg in sys.argv[1:]]
_NAMED = {parts[1] for parts in _TARGETS if len(parts) >= 2 and parts[0] == "papers"}
if _NAMED & set(BROKEN):  # a broken paper asked for by name: stop now, with its error alone
    raise WorkflowError("\n".join(BROKEN[paper] for paper in sorted(_NAMED & set(BROKEN))))
BUILDABLE = sorted(LOADED)
# Every folder the build writes into must take a file, checked before the first job (a read-only
# folder would otherwise fail the first job that writes there, with Snakemake's traceback).
_READ_ONLY = unwritable(
    [Path("."), Path("results"), Path("results", SCALE), Path("papers")]
    + [Path("results", SCALE, paper, sub) for paper in BUILDABLE for sub in ("", "logs", "benchmarks")]
)
if _READ_ONLY:
    raise WorkflowError(unwritable_message(_READ_ONLY))
SPEC = {paper: loaded.spec for paper, loaded in LOADED.items()}
CONFIGS = {paper: loaded.configs for paper, loaded in LOADED.items()}


def res(paper, *parts):
    """Path of a cached stage output: results/<scale>/<paper>/<parts...>."""
    return os.path.join("results", SCALE, paper, *parts)


def stream_res(stream, paper, *parts):
    """Path of a cached stage output of seed stream `stream` >= 1: results/<scale>/streams/<stream>/<paper>/<parts...>."""
    return os.path.join("results", SCALE, "streams", str(stream), paper, *parts)


def log_path(paper, name):
    """Log file of one job."""
    return res(paper, "logs", f"{name}.log")


def bench_path(paper, name):
    """Snakemake benchmark file of one job (its wall time lands in the manifest)."""
    return res(paper, "benchmarks", f"{name}.tsv")


def stage(function, **params):
    """Params of a job that runs `module:function`, with the code hash of what the function uses."""
    return dict(function=function, code=code_hash(function, cache_file=CODE_HASHES), **params)


def figure_outputs(paper, figure):
    """Named outputs of a figure rule: the PDF and the PNG (the PNG goes into --report)."""
    return dict(
        pdf=res(paper, "figures", f"{figure}.pdf"),
        png=report(
            res(paper, "figures", f"{figure}.png"),
            caption=str(Path(workflow.basedir) / "report" / "figure.rst"),
            category=paper,
        ),
    )


_WILDCARD = re.compile(r"{(\w+)[^}]*}")


def _wildcards(paths):
    """Wildcard names used in a collection of output paths, in order of appearance."""
    names = []
    for path in paths:
        names += [n for n in _WILDCARD.findall(str(path)) if n not in names]
    return names


class PaperRules:
    """One paper's rule templates. Each rule states its name, stage function, inputs, outputs, config.

    `config` is a dotted path into the paper's typed experiment configs ("fig1", "e1.target"); it may
    use the rule's wildcards ("{protocol}.descent"). The rule passes that object as one param; the
    stage function receives it rebuilt as its typed class, plus the job's wildcards as keywords.
    Threads and resources come from paper.yaml's `resources` at the active scale (profile defaults
    otherwise); log and benchmark paths are named after the rule and its wildcards.
    """

    def __init__(self, paper, prefix):
        self.paper, self.prefix = paper, prefix
        self.config = CONFIGS[paper]
        self.spec = SPEC[paper]

    def res(self, *parts):
        """results/<scale>/<paper>/<parts...>"""
        return res(self.paper, *parts)

    def published(self, name):
        """A file of the authors' published numbers, workflow/papers/<paper>/published/<name> (report stages only)."""
        return str(PAPERS_DIR / self.paper / "published" / name)

    def metrics(self, experiment):
        """The metrics file of one experiment (an input of the paper's claims)."""
        return res(self.paper, "metrics", f"{experiment}.json")

    def config_at(self, path):
        """The typed config object at a dotted path such as "e1.target"."""
        head, *rest = path.split(".")
        node = self.config[head]
        for part in rest:
            node = getattr(node, part)
        return node

    def _config_params(self, path):
        if path is None:
            return {}
        if "{" in path:
            return dict(
                config=lambda wc: to_json(self.config_at(path.format(**wc))),
                config_class=lambda wc: class_path(type(self.config_at(path.format(**wc)))),
            )
        node = self.config_at(path)
        return dict(config=to_json(node), config_class=class_path(type(node)))

    def chunks(self, name):
        """Into how many jobs rule `name`'s runs are split at this scale (paper.yaml `chunks`; 1 where unset)."""
        return scale_value((self.spec.get("chunks") or {}).get(name, 1), SCALE) or 1

    def _resources(self, name):
        wanted = (self.spec.get("resources") or {}).get(name) or {}
        resolved = {key: scale_value(value, SCALE) for key, value in wanted.items()}
        resolved = {key: value for key, value in resolved.items() if value is not None}
        return resolved.pop("threads", 1), resolved

    def _in_stream(self, value, stream="{stream}"):
        """A path of stream 0 under results/ (or a list of them, or an input function) moved to seed stream `stream`."""
        if callable(value):
            return lambda wc: self._in_stream(value(wc), wc.stream)
        if isinstance(value, list | tuple):
            return [self._in_stream(v, stream) for v in value]
        root = res(self.paper) + os.sep
        if isinstance(value, str) and value.startswith(root):
            return stream_res(stream, self.paper, value[len(root) :])
        return value

    def _stream_params(self, path, extra):
        """The params of a seed-stream copy: the typed config and the rule's own params with seeds shifted."""
        shifted = {}
        if path is not None:
            shifted["config"] = lambda wc: to_json(shift_seeds(self.config_at(path.format(**wc)), int(wc.stream)))
            shifted["config_class"] = lambda wc: class_path(type(self.config_at(path.format(**wc))))
        for key, value in extra.items():
            get = value if callable(value) else (lambda wc, value=value: value)
            shifted[key] = lambda wc, key=key, get=get: shift_value(key, get(wc), int(wc.stream))
        return shifted

    def stage(
        self,
        name,
        function,
        *,
        output,
        input=None,
        config=None,
        params=None,
        wildcards=None,
        cache=True,
        streams=True,
        group=None,
    ):
        """Define the rule `<prefix>_<name>`, which runs `thundeep.<paper>.<function>` (a "module.function" path).

        `wildcards` maps a wildcard to its allowed values; `params` adds rule-specific params; `group` names
        the job group a cluster submits it with (ignored when run locally). With
        `--cache` (and SNAKEMAKE_OUTPUT_CACHE), a `cache` rule's outputs go to and come from the
        between-workflow cache; its key hashes every param (config, code hash, wildcard values).
        With `--config seeds=N` (N > 1) and `streams`, the rule `<prefix>_<name>_streams` runs the same
        stage in seed streams 1..N-1 (wildcard `stream`): its results paths lie under
        results/<scale>/streams/<stream>/ and every seed of its config and params is shifted.
        """
        rule_name = f"{self.prefix}_{name}"
        used = _wildcards(output.values())
        job = "_".join([name] + [f"{{{w}}}" for w in used])
        threads, resources = self._resources(name)
        extra = dict(params or {})
        if used:
            extra["wildcards"] = lambda wc: {w: wc[w] for w in used}
        constraints = {w: "|".join(re.escape(str(v)) for v in values) for w, values in (wildcards or {}).items()}

        cached = cache and CACHE_RULES is not None and (not CACHE_NAMED or rule_name in CACHE_NAMED)
        if cached and not CACHE_NAMED and isinstance(CACHE_RULES, list):
            CACHE_RULES.append(rule_name)
        if cached:
            self._cached_rule(rule_name, job, function, input, output, config, extra, constraints, threads, resources)
        else:
            files = dict(
                input=input or {}, output=output, log=log_path(self.paper, job), bench=bench_path(self.paper, job)
            )
            params = {**self._config_params(config), **extra}
            self._rule(rule_name, function, files, constraints, threads, resources, params, group)
        if SEEDS > 1 and streams:
            files = dict(
                input={key: self._in_stream(value) for key, value in (input or {}).items()},
                output={key: self._in_stream(value) for key, value in output.items()},
                log=stream_res("{stream}", self.paper, "logs", f"{job}.log"),
                bench=stream_res("{stream}", self.paper, "benchmarks", f"{job}.tsv"),
            )
            constraints = dict(constraints, stream=r"[1-9]\d*")
            params = self._stream_params(config, extra)
            self._rule(f"{rule_name}_streams", function, files, constraints, threads, resources, params, group)

    def _rule(self, rule_name, function, files, constraints, threads, resources, params, group):
        """`stage`'s rule block (the one without --cache); `files` names its input, output, log and benchmark;
        `group` its job group on a cluster (None: none)."""

        rule:
            name:
                rule_name
            input:
                **files["input"],
            output:
                **files["output"],
            log:
                files["log"],
            benchmark:
                files["bench"]
            wildcard_constraints:
                **constraints,
            group:
                group
            conda:
                CONDA_ENV
            threads: threads
            resources:
                **resources,
            params:
                **stage(f"thundeep.{self.paper}.{function}"),
                **params,
            script:
                STAGE_SCRIPT

    def _cached_rule(self, rule_name, job, function, input, output, config, extra, constraints, threads, resources):
        """`stage`'s variant for the between-workflow cache, without a benchmark file (the cache cannot restore one).

        Its `rule:` block is indented as `stage`'s, so that Snakemake's code rerun trigger (the text of
        the `script:` lines) sees the same code with and without --cache.
        """

        rule:
            name:
                rule_name
            input:
                **(input or {}),
            output:
                **output,
            log:
                log_path(self.paper, job),
            wildcard_constraints:
                **constraints,
            cache: "omit-software"
            conda:
                CONDA_ENV
            threads: threads
            resources:
                **resources,
            params:
                **stage(f"thundeep.{self.paper}.{function}"),
                **self._config_params(config),
                **extra,
            script:
                STAGE_SCRIPT

    def figure(self, figure, function, *, input, config=None, params=None):
        """Define the rule `<prefix>_<figure>_figure`, which draws the figure `figure` of paper.yaml (PDF, PNG).

        What made it (stage function, code hash, results files read) goes on the paper's page.
        """
        target = f"thundeep.{self.paper}.{function}"
        files = [p for v in input.values() for p in (v if isinstance(v, list) else [v])]
        FIGURE_SOURCES[self.paper][figure] = dict(
            function=target,
            code=code_hash(target, cache_file=CODE_HASHES),
            inputs=[os.path.relpath(p, res(self.paper)) for p in files],
        )
        self.stage(
            f"{figure}_figure",
            function,
            input=input,
            output=figure_outputs(self.paper, figure),
            config=config,
            params=dict(caption=self.spec["figures"][figure]["caption"], **(params or {})),
            cache=False,  # cheap: drawn again rather than fetched
            group=REPORT_GROUP,
            streams=False,  # seed streams feed verdicts only
        )


def force_missing_results(paper):
    """Rerun the producers of results the paper's last build recorded and that were deleted since.

    Snakemake regenerates a missing intermediate file only when one of its consumers has to run
    anyway. We want deleting any file under results/ to rerun its producer and everything
    downstream, so the `paper` rule's input function (evaluated while the DAG is built) adds the
    files that the last build's manifest lists and that are gone to the DAG's forced files.
    """
    from thundeep.report.manifest import missing_results

    found = missing_results(Path("papers", paper, SCALE, "manifest.json"), Path(res(paper)), SCALE)
    if found and workflow.dag is not None:
        workflow.dag.forcefiles.update(str(path) for path in found)


def force_changed_folder(paper):
    """Rerun the `paper` step when papers/<paper>/ or its folder of this scale no longer matches its manifest.json.

    Snakemake looks only at the folder's modification time, so a deleted index.html left "Nothing to
    be done"; the step is seconds and rebuilds the whole folder from results/.
    """
    from thundeep.report.manifest import folder_changed

    folder = Path("papers", paper)
    if workflow.dag is not None and (folder_changed(folder) or folder_changed(folder / SCALE)):
        workflow.dag.forcefiles.add(str(folder))


def metrics_inputs(wildcards):
    """The metrics files of every experiment of a paper (inputs of its claims)."""
    return [res(wildcards.paper, "metrics", f"{e}.json") for e in SPEC[wildcards.paper]["experiments"]]


def stream_metrics_inputs(wildcards):
    """The metrics files of every experiment of a paper in one seed stream (inputs of that stream's claims)."""
    return [
        stream_res(wildcards.stream, wildcards.paper, "metrics", f"{e}.json")
        for e in SPEC[wildcards.paper]["experiments"]
    ]


def stream_claims_inputs(wildcards):
    """The claims.json of seed streams 1..SEEDS-1 of a paper (none without --config seeds=N)."""
    return [stream_res(stream, wildcards.paper, "claims.json") for stream in range(1, SEEDS)]


def paper_inputs(wildcards):
    """Everything the built folder is assembled from: claims, tables, metrics, figures."""
    force_missing_results(wildcards.paper)
    force_changed_folder(wildcards.paper)
    spec = SPEC[wildcards.paper]
    inputs = dict(
        claims=res(wildcards.paper, "claims.json"),
        tables=[res(wildcards.paper, "tables", f"{t}.csv") for t in spec.get("tables") or {}],
        metrics=metrics_inputs(wildcards),
    )
    for figure in spec["figures"]:
        inputs[f"figure_{figure}_pdf"] = res(wildcards.paper, "figures", f"{figure}.pdf")
        inputs[f"figure_{figure}_png"] = res(wildcards.paper, "figures", f"{figure}.png")
    return inputs


def index_inputs(wildcards):
    """The built folders the index lists. Under strict, with a paper left out, the index is always
    rewritten, so that every such build reaches the end, where report_broken_papers fails it."""
    if BROKEN and config["strict"] and workflow.dag is not None:
        workflow.dag.forcefiles.add("papers/index.html")
    return expand("papers/{paper}", paper=BUILDABLE)


def report_broken_papers():
    """At the end of a build: name the papers left out for a broken paper.yaml; under strict, fail the build."""
    if not BROKEN:
        return
    lines = "\n".join(f"  {paper}: {error}" for paper, error in sorted(BROKEN.items()))
    if config["strict"]:
        raise WorkflowError(f"strict: {len(BROKEN)} paper(s) could not be built:\n{lines}")
    print(f"warning: {len(BROKEN)} paper(s) left out of this build:\n{lines}", file=sys.stderr)


def unknown_paper_error(wildcards):
    """Input function of the catch-all rule: stops the build with the paper's error or the known papers."""
    if wildcards.name in BROKEN:
        raise WorkflowError(BROKEN[wildcards.name])
    raise WorkflowError(
        f"unknown paper {wildcards.name!r}: there is no workflow/papers/{wildcards.name}/paper.yaml. "
        f"Known papers: {', '.join(PAPERS)}. Build one with `snakemake papers/<paper>`."
    )


def check_outputs_outside_sources():
    """Stop before any job when a rule declares an output inside workflow/ or lib/ (sources, never outputs)."""
    sources = [ROOT / "workflow", ROOT / "lib"]
    for defined in workflow.rules:
        for output in defined.output:
            path = (ROOT / str(output)).resolve()
            if any(path.is_relative_to(folder.resolve()) for folder in sources):
                raise WorkflowError(
                    f"rule {defined.name} declares the output {output} inside the sources (workflow/ or lib/); "
                    "outputs belong under results/ or papers/."
                )


PLAN = "docs/full_scale_plan.json"  # measured full-scale cost (scripts/plan_cost.py --json), when committed


def plan_input(wildcards=None):
    """docs/full_scale_plan.json when it exists (the pages show each paper's measured full-scale cost)."""
    return [PLAN] if os.path.exists(PLAN) else []


def file_in_folder_error(wildcards):
    """Input function of the catch-all rule file_in_paper_folder, which says to build the folder instead."""
    folder = f"papers/{wildcards.paper}"
    raise WorkflowError(
        f"{folder}/{wildcards.file} is a file of the built folder {folder}, not a target of its own. Build the "
        f"folder, which writes it: `snakemake {folder}` (add --config scale=smoke|full for another scale). "
        f"{folder}/index.html shows the highest scale built, {folder}/<scale>/index.html each scale."
    )

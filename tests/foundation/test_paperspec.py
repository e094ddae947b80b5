"""paper.yaml checks beyond the schema, scale resolution, and YAML errors."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from thundeep.experiment import Experiment
from thundeep.paperspec import (
    CONFIG_KEYS,
    PaperSpecError,
    check_config_keys,
    check_scale,
    check_semantics,
    deep_merge,
    experiment_configs,
    experiment_params,
    key_path,
    load_yaml,
    values_named,
)


@dataclass(frozen=True)
class Inner:
    a: int
    b: int


@dataclass(frozen=True)
class E1(Experiment):
    metrics: ClassVar[tuple[str, ...]] = ("slope",)
    n: int
    inner: Inner


@dataclass(frozen=True)
class E2(Experiment):
    metrics: ClassVar[tuple[str, ...]] = ("gap",)
    k: int


CLASSES = {"e1": E1, "e2": E2}
SPEC = {
    "id": "toy",
    "experiments": {"e1": {"params": {"n": 4, "inner": {"a": 1, "b": 2}}}, "e2": {"params": {"k": 1}}},
    "scales": {"smoke": {"e1": {"inner": {"a": 9}}}, "default": None, "full": {"e2": {"k": 5}}},
    "figures": {"f": {"experiment": "e1", "caption": "c"}},
    "tables": {},
    "claims": [{"id": "T1", "checks": [{"metric": "e1.slope", "op": "<=", "value": 0}]}],
}


def test_deep_merge_keeps_unmentioned_keys() -> None:
    assert deep_merge({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"c": 5}}) == {"a": 1, "b": {"c": 5, "d": 3}}


def test_experiment_params_per_scale() -> None:
    assert experiment_params(SPEC, "smoke")["e1"] == {"n": 4, "inner": {"a": 9, "b": 2}}
    assert experiment_params(SPEC, "default") == {"e1": {"n": 4, "inner": {"a": 1, "b": 2}}, "e2": {"k": 1}}
    assert experiment_params(SPEC, "full")["e2"] == {"k": 5}


def test_valid_spec_passes() -> None:
    check_semantics(SPEC, "toy/paper.yaml", "toy", CLASSES)
    assert experiment_configs(SPEC, CLASSES, "smoke", Path("toy/paper.yaml"))["e1"] == E1(4, Inner(9, 2))


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (
            lambda s: s["scales"]["smoke"]["e1"].update(nn=3),
            ["experiments.e1.params.nn", "scales.smoke.e1", "Known parameters"],
        ),
        (lambda s: s["scales"]["smoke"]["e1"]["inner"].update(z=1), ["experiments.e1.params.inner.z"]),
        (
            lambda s: s["scales"]["smoke"]["e1"]["inner"].update(a="x"),
            ["experiments.e1.params.inner.a", "expected int", "test_paperspec.E1"],
        ),
        (lambda s: s["experiments"]["e2"]["params"].pop("k"), ["experiments.e2.params", "missing", "k"]),
    ],
)
def test_bad_parameter_values_name_file_key_and_class(mutate, words) -> None:
    spec = copy.deepcopy(SPEC)
    mutate(spec)
    with pytest.raises(PaperSpecError) as info:
        experiment_configs(spec, CLASSES, "smoke", Path("toy/paper.yaml"))
    for word in ["toy/paper.yaml", *words]:
        assert word in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda s: s["scales"]["smoke"].update(e9={}), ["scales.smoke.e9", "Known experiments"]),
        (lambda s: s["claims"][0]["checks"][0].update(metric="e1.slopee"), ["e1.slopee", "no experiment produces"]),
        (lambda s: s["figures"]["f"].update(experiment="e3"), ["figures.f.experiment"]),
        (lambda s: s.update(id="other"), ["key id", "folder"]),
        (lambda s: s["claims"].append(copy.deepcopy(s["claims"][0])), ["duplicate ids"]),
    ],
)
def test_semantic_errors_name_file_and_key(mutate, words) -> None:
    spec = copy.deepcopy(SPEC)
    mutate(spec)
    with pytest.raises(PaperSpecError) as info:
        check_semantics(spec, "toy/paper.yaml", "toy", CLASSES)
    for word in ["toy/paper.yaml", *words]:
        assert word in str(info.value)


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "paper.yaml"
    path.write_text("id: toy\nexperiments:\n  e1: [unclosed\n")
    with pytest.raises(PaperSpecError) as info:
        load_yaml(path)
    assert str(path) in str(info.value) and "line" in str(info.value)


def test_a_key_given_twice_names_file_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "paper.yaml"
    path.write_text("title: T\nexperiments:\n  e1:\n    seed: 1\n    runs: 3\n    seed: 2\n")
    with pytest.raises(PaperSpecError, match=rf"{path}: .*line 6.*duplicate key 'seed' \(first given at line 4\)"):
        load_yaml(path)
    path.write_text("base: &b {seed: 1, runs: 3}\nlarger:\n  <<: *b\n  runs: 5\n")  # a merge may override
    assert load_yaml(path)["larger"] == {"seed": 1, "runs": 5}


def test_unknown_scale_lists_known() -> None:
    assert check_scale("smoke") == "smoke"
    with pytest.raises(PaperSpecError, match="smoke, default, full"):
        check_scale("huge")
    with pytest.raises(PaperSpecError, match="--config scale= is empty"):
        check_scale(None)


def test_the_known_config_keys_are_the_config_schema_s() -> None:
    schema = load_yaml(Path(__file__).parents[2] / "workflow/schemas/config.schema.yaml")
    assert set(CONFIG_KEYS) == set(schema["properties"])


def test_unknown_config_keys_are_named_with_the_known_ones() -> None:
    check_config_keys({"scale": "smoke", "strict": True, "seeds": 2})
    with pytest.raises(
        PaperSpecError, match="unknown --config key\\(s\\): sclae. The known keys are scale, strict, seeds"
    ):
        check_config_keys({"sclae": "full", "scale": "default"})


def test_a_combined_condition_says_which_value_failed() -> None:
    error = ValueError("key experiments.fig1.params: runs must be >= 2 and seed >= 0")
    params = {"runs": 20, "seed": -1, "seeds": 3, "n": 4}
    assert values_named(error, params) == " (here: runs=20, seed=-1)"
    assert values_named(ValueError("n must be even"), {"runs": 2}) == ""


def test_schema_error_message_names_key_and_description_through_refs(tmp_path: Path) -> None:
    import jsonschema

    from thundeep.paperspec import describe_schema_error

    schema_path = tmp_path / "toy.schema.yaml"
    schema_path.write_text(
        "$defs:\n  data: {type: object, properties: {n: {type: integer, minimum: 1, description: Images.}}}\n"
        "type: object\nproperties:\n  e1: {type: object, properties: {data: {$ref: '#/$defs/data'}}}\n"
    )
    schema = load_yaml(schema_path)
    with pytest.raises(jsonschema.ValidationError) as info:
        jsonschema.Draft202012Validator(schema).validate({"e1": {"data": {"n": 0}}})
    message = describe_schema_error("toy/paper.yaml", schema_path, info.value)
    assert message.startswith("toy/paper.yaml: key e1.data.n: 0 is less than the minimum of 1.")
    assert "Fix that key" in message and message.endswith("The key means: Images.")


def test_a_list_item_in_an_error_path_is_named_by_its_id_or_counted_from_one() -> None:
    data = {"claims": [{"id": "NS1"}, {"id": "NS2", "checks": [{"metric": "a"}, {"metric": "b"}]}], "figures": ["x"]}
    assert key_path(["claims", 1, "checks", 1, "metric"], data) == "claims[NS2].checks[#2].metric"
    assert key_path(["figures", 0], data) == "figures[#1]"


@pytest.mark.parametrize("path", sorted(Path(__file__).parents[2].glob("workflow/papers/*/paper.yaml")))
def test_no_claim_tolerance_text_begins_with_none(path: Path) -> None:
    """The page's "how it is judged" column shows the text as is: "None: ..." reads as a missing value."""
    for claim in load_yaml(path).get("claims") or []:
        assert not claim["tolerance"].lstrip().lower().startswith("none"), f"{path}: claim {claim['id']}"

"""The JSON Schema of routine files, from pydantic models built of `player.routine.parts`.

The format is described once, in `player.routine.parts`; loading a routine validates with
it directly (no pydantic). Here the same parts become pydantic models, for what pydantic
is worth its import for: the JSON Schema (`workout schema`, `docs/routine.schema.json`), and
the tests, which validate a corpus through these models too and require the same result.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictInt,
    WithJsonSchema,
    create_model,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from player.routine.durations import (
    CUE_TIME_PATTERN,
    DURATION_PATTERN,
    MAX_SECONDS,
    POSITIVE_DURATION_PATTERN,
    DurationError,
)
from player.routine.model import CueTime
from player.routine.parts import (
    DESCRIPTION,
    Choice,
    CueAt,
    Duration,
    ExerciseFile,
    ListOf,
    Number,
    Part,
    RoutineFile,
    Rule,
    Text,
    Whole,
    keys_of,
)

SCHEMA_ID = "https://github.com/workout-player/workout-player/docs/routine.schema.json"


def _duration_schema(minimum: Literal["minimum", "exclusiveMinimum"]) -> dict[str, Any]:
    pattern = DURATION_PATTERN if minimum == "minimum" else POSITIVE_DURATION_PATTERN
    return {
        "anyOf": [
            {"type": "number", minimum: 0, "maximum": MAX_SECONDS},
            {"type": "string", "pattern": pattern},
        ]
    }


# Written once in the schema's `$defs` and referred to from every field that holds one
# (pydantic would resolve a `$ref` itself, so fields carry a marker that is replaced).
_DEF = "x-workout-def"
SCHEMA_DEFS: dict[str, dict[str, Any]] = {
    "Duration": {
        "description": "Seconds (45) or text: 45s, 1m, 1m30s, 1:30, 90 s, 1.5s; 0 allowed.",
        **_duration_schema("minimum"),
    },
    "PositiveDuration": {
        "description": "Seconds (45) or text: 45s, 1m, 1m30s, 1:30, 90 s; more than 0.",
        **_duration_schema("exclusiveMinimum"),
    },
    "CueTime": {
        "description": "50% of the work, 20s after it starts, or -10s before it ends.",
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": CUE_TIME_PATTERN}],
    },
}

# What the schema says beyond the keys (the resolver checks it: pydantic never did).
_EXTRA: dict[type, ConfigDict] = {
    RoutineFile: ConfigDict(
        title="workout-player routine",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID,
        },
    ),
    ExerciseFile: ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["name"]}, {"required": ["use"]}]}
    ),
}


# Types made at run time: what they are applied to is only known then.
_SKIPPED: Any = SkipJsonSchema
_LIST: Any = list


@cache
def model_of(part: type) -> type[BaseModel]:
    """The pydantic model of a part of `player.routine.parts`: the same keys, rules,
    defaults and descriptions (unknown keys are errors)."""
    fields: dict[str, Any] = {}
    for item in keys_of(part):
        annotation = _annotation(item.rule)
        if item.optional:
            annotation = annotation | _SKIPPED[None]
        default: Any = ... if item.required else item.default
        if isinstance(default, tuple):
            default = list(default)
        description = _description(part, item.name)
        fields[item.name] = (annotation, Field(default, description=description))
    config = ConfigDict(extra="forbid", frozen=True, **_EXTRA.get(part, {}))
    model = create_model(
        part.__name__,
        __config__=config,
        __doc__=part.__doc__,
        __module__=__name__,
        **fields,
    )
    return cast(type[BaseModel], model)


def _description(part: type, name: str) -> str | None:
    field = next(f for f in dataclasses.fields(part) if f.name == name)
    description = field.metadata[DESCRIPTION]
    assert description is None or isinstance(description, str)
    return description


def _annotation(rule: Rule) -> Any:
    """The pydantic type that validates as `rule` does."""
    if isinstance(rule, Text):
        if rule.pattern is not None:
            return Annotated[str, Field(pattern=rule.pattern)]
        return Annotated[str, Field(min_length=rule.min_length)] if rule.min_length else str
    if isinstance(rule, Whole):
        return Annotated[StrictInt, Field(ge=rule.ge, le=rule.le)]
    if isinstance(rule, Number):
        return Annotated[float, Field(ge=rule.ge, le=rule.le)]
    if isinstance(rule, Duration | CueAt):
        name = "CueTime" if isinstance(rule, CueAt) else "Duration"
        if isinstance(rule, Duration) and rule.positive:
            name = "PositiveDuration"
        return Annotated[
            CueTime if isinstance(rule, CueAt) else float,
            PlainValidator(_parser(rule)),
            WithJsonSchema({_DEF: name}),
        ]
    if isinstance(rule, Choice):
        if rule.enum is not None:
            return rule.enum
        return Literal[rule.words]
    if isinstance(rule, ListOf):
        listed = _LIST[_annotation(rule.item)]
        return Annotated[listed, Field(min_length=rule.min_length)] if rule.min_length else listed
    if isinstance(rule, Part):
        return model_of(rule.part)
    raise TypeError(f"no pydantic type for {rule!r}")


def _parser(rule: Duration | CueAt) -> Any:
    def parse(value: object) -> object:
        try:
            return rule.parse(value)
        except DurationError as error:
            raise PydanticCustomError(rule.kind, str(error)) from None

    return parse


def routine_json_schema() -> dict[str, Any]:
    """The JSON Schema of routine files, generated from the parts' models."""
    schema = _with_refs(model_of(RoutineFile).model_json_schema())
    assert isinstance(schema, dict)
    schema["$defs"] = dict(sorted({**schema.get("$defs", {}), **SCHEMA_DEFS}.items()))
    return schema


def _with_refs(node: object) -> object:
    if isinstance(node, list):
        return [_with_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _with_refs(value) for key, value in node.items() if key != _DEF}
    if _DEF in node:
        result = {"$ref": f"#/$defs/{node[_DEF]}", **result}
    return result

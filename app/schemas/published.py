"""What the API publishes of a record's shape: its JSON Schema (2020-12), with one valid example."""

from __future__ import annotations

from pydantic import BaseModel


def published_schema(model: type[BaseModel], schema_id: str, example: dict) -> dict:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = schema_id
    schema["examples"] = [model.model_validate(example).model_dump(mode="json")]
    return schema

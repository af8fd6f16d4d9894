"""The schema's common answers: every operation may answer with an error body (400, 401,
403, 404, 409, 429), documented once here rather than on every view."""

from typing import Any

ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "For 400: the message of each field of the query or body.",
        },
    },
}
ANSWERS = {
    "400": "Invalid query or body: `fields` holds each field's messages.",
    "401": "Missing, unknown or revoked API key.",
    "403": "Not allowed: a read-only key moving a request, or no session.",
    "404": "Not found, or not yours (another branch's request).",
    "409": "The request's state does not allow this move (someone moved it first).",
    "429": "Too many calls: wait for the seconds in Retry-After.",
}


def add_error_answers(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, text in ANSWERS.items():
                if code not in responses:
                    responses[code] = {"description": text, "content": ref}
                elif "content" not in responses[code]:
                    responses[code]["content"] = ref
            if "429" in responses:
                responses["429"]["headers"] = {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}
                }
    return result

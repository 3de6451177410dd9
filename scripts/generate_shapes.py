"""Write ``src/hatrack/api/shapes/{iam,sts,cloudtrail}.py`` from botocore's service models.

Each structure shape reachable from an operation's input or output becomes a frozen dataclass with
one snake-case attribute per member (required members first-class, optional ones defaulting to
None), lists as tuples, maps as dicts, and a ``FIELDS`` table that ``hatrack.api.shapes.base.Shape``
converts with. ``REQUESTS``/``RESPONSES`` map operation names to their classes.

Run ``python scripts/generate_shapes.py`` after a botocore upgrade; ``tests/api/test_shapes.py``
fails when the checked-in modules differ from what this script writes.
"""

from __future__ import annotations

import keyword
import re
import subprocess
import sys
from pathlib import Path

from botocore.loaders import create_loader
from botocore.model import ServiceModel, StructureShape
from botocore.model import Shape as ModelShape

OUT = Path(__file__).resolve().parents[1] / "src" / "hatrack" / "api" / "shapes"

# CloudTrail: only the operations hatrack speaks (its model has 60, mostly trail management).
OPERATIONS: dict[str, tuple[str, ...] | None] = {"iam": None, "sts": None, "cloudtrail": ("LookupEvents",)}

SCALARS = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "boolean": "bool",
    "timestamp": "datetime",
    "blob": "bytes",
    "float": "float",
    "double": "float",
}

# Members the model marks required that AWS leaves out of some answers: GetUser without UserName
# describes the account root, with no Path and no UserName; the root's own access keys have no UserName.
OPTIONAL_MEMBERS = {("iam", "User", "Path"), ("iam", "User", "UserName"), ("iam", "AccessKey", "UserName")}

_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """``OpenIDConnectProviderArn`` -> ``open_id_connect_provider_arn``; keywords get a trailing ``_``."""
    text = _WORD_BREAK.sub("_", name).lower()
    return f"{text}_" if keyword.iskeyword(text) else text


def class_name(shape: ModelShape) -> str:
    name = str(shape.name)
    return name[0].upper() + name[1:]


class ModuleWriter:
    def __init__(self, service: str, model: ServiceModel) -> None:
        self.service = service
        self.model = model
        self.order: list[StructureShape] = []
        self.seen: set[str] = set()

    def visit(self, shape: ModelShape) -> None:
        """Collect structures depth first, so that every class is defined before a class that uses it."""
        if shape.type_name == "list":
            member = shape.member
            if member.type_name == "list":
                raise SystemExit(f"{self.service}: list of lists in {shape.name} is not supported")
            self.visit(member)
        elif shape.type_name == "map":
            self.visit(shape.value)
        elif shape.type_name == "structure":
            if shape.name in self.seen:
                return
            self.seen.add(shape.name)
            for member in shape.members.values():
                self.visit(member)
            self.order.append(shape)

    def annotation(self, shape: ModelShape) -> str:
        if shape.type_name == "structure":
            return class_name(shape)
        if shape.type_name == "list":
            return f"tuple[{self.annotation(shape.member)}, ...]"
        if shape.type_name == "map":
            key = self.annotation(shape.key)
            return f"dict[{key}, {self.annotation(shape.value)}]"
        return SCALARS[shape.type_name]

    @staticmethod
    def field_spec(name: str, member: ModelShape) -> str:
        python = snake(name)
        if member.type_name == "structure":
            return f'Field("{python}", "{name}", Kind.STRUCTURE, {class_name(member)})'
        if member.type_name in ("list", "map"):
            element = member.member if member.type_name == "list" else member.value
            kind = "LIST" if member.type_name == "list" else "MAP"
            item = class_name(element) if element.type_name == "structure" else "None"
            return f'Field("{python}", "{name}", Kind.{kind}, {item})'
        return f'Field("{python}", "{name}", Kind.SCALAR)'

    def structure(self, shape: StructureShape) -> list[str]:
        decorator = "@dataclass(frozen=True, slots=True, kw_only=True)"
        lines = ["", "", decorator, f"class {class_name(shape)}(Shape):"]
        documentation = f'    """``{shape.name}`` of the {self.service} model."""'
        lines.extend([documentation, ""])
        required = {
            name
            for name in shape.required_members
            if (self.service, shape.name, name) not in OPTIONAL_MEMBERS
        }
        for name, member in shape.members.items():
            annotation = self.annotation(member)
            if name in required:
                lines.append(f"    {snake(name)}: {annotation}")
            else:
                lines.append(f"    {snake(name)}: {annotation} | None = None")
        specs = [self.field_spec(name, member) for name, member in shape.members.items()]
        lines.append(f'    WIRE_NAME: ClassVar[str] = "{shape.name}"')
        if specs:
            lines.append("    FIELDS: ClassVar[tuple[Field, ...]] = (")
            lines.extend(f"        {spec}," for spec in specs)
            lines.append("    )")
        return lines

    def render(self) -> str:
        names = OPERATIONS[self.service] or tuple(self.model.operation_names)
        requests: dict[str, str] = {}
        responses: dict[str, str] = {}
        for op_name in names:
            operation = self.model.operation_model(op_name)
            if operation.input_shape is not None:
                self.visit(operation.input_shape)
                requests[op_name] = class_name(operation.input_shape)
            if operation.output_shape is not None:
                self.visit(operation.output_shape)
                responses[op_name] = class_name(operation.output_shape)
        body = [
            f'"""Typed shapes of the {self.service} model (botocore), written by scripts/generate_shapes.py.',
            "",
            "Do not edit: regenerate. tests/api/test_shapes.py fails when this file drifts from the model.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from dataclasses import dataclass",
            "from datetime import datetime",
            "from typing import ClassVar",
            "",
            "from hatrack.api.shapes.base import Field, Kind, Shape",
        ]
        for shape in self.order:
            body.extend(self.structure(shape))
        body.extend(["", "", "REQUESTS: dict[str, type[Shape]] = {"])
        body.extend(f'    "{op}": {cls},' for op, cls in sorted(requests.items()))
        body.extend(["}", "", "RESPONSES: dict[str, type[Shape]] = {"])
        body.extend(f'    "{op}": {cls},' for op, cls in sorted(responses.items()))
        body.append("}")
        return "\n".join(body) + "\n"


def render(service: str) -> str:
    """The module text for ``service``, formatted by ruff (the project's formatter) as checked in."""
    model = ServiceModel(create_loader().load_service_model(service, "service-2"), service_name=service)
    text = ModuleWriter(service, model).render()
    ruff = Path(sys.executable).parent / "ruff"
    formatted = subprocess.run(
        [str(ruff), "format", "--stdin-filename", str(OUT / f"{service}.py"), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return formatted.stdout


def main() -> int:
    for service in OPERATIONS:
        (OUT / f"{service}.py").write_text(render(service))
    return 0


if __name__ == "__main__":
    sys.exit(main())

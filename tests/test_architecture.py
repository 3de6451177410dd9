"""The import contract of src/hatrack: which package may import which (docs/architecture.md, "Packages").

Every import counts, at module level, inside a function or under ``TYPE_CHECKING``: an import moved
into a function hides a circle or a wrong-way dependency, it does not remove it. The checker reads
the source with ``ast`` (nothing is imported), so a rule broken in any module fails here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

BASE = frozenset({"errors", "types", "model"})
# What each part of hatrack may import of hatrack (besides itself). Read top-down: each layer only
# imports layers listed before it. Anything not in this table is an error until it is placed.
MAY_IMPORT: Mapping[str, frozenset[str]] = {
    "hatrack": frozenset(),
    "errors": frozenset(),
    "model": frozenset(),
    "types": frozenset({"errors"}),
    "partitions": frozenset({"errors"}),
    "periodic": frozenset(),
    "policy": frozenset({"errors", "types"}),
    "evaluation": frozenset({"errors", "types", "policy"}),
    "sigv4": frozenset({"errors", "types"}),
    "credentials": BASE,
    "store": BASE,
    "audit": BASE | {"credentials", "store", "periodic"},
    "iam": BASE | {"partitions", "policy", "evaluation", "credentials", "store"},
    "sts": BASE | {"partitions", "policy", "evaluation", "credentials", "store", "iam"},
    "state": BASE | {"partitions", "credentials", "store", "iam"},
    "rekey": BASE | {"credentials", "store", "iam", "audit"},
    "workloads": BASE
    | {"partitions", "policy", "evaluation", "sigv4", "credentials", "store", "iam", "sts", "audit"},
    # The web console: a client of the API's pipeline (api), signing in through iam/store/credentials.
    "console": BASE
    | {"partitions", "policy", "evaluation", "sigv4", "credentials", "store", "iam", "sts", "audit", "api"}
    | {"analysis"},
    # The agent runs on another machine: it knows the server only over HTTP(S), so it imports no
    # store, iam, sts, audit or credentials, only the pure signature steps it shares with the server.
    "agent": frozenset({"sigv4"}),
    "api": BASE
    | {"partitions", "policy", "evaluation", "sigv4", "credentials", "store", "iam", "sts", "audit"}
    | {"workloads", "analysis"},
    "server": BASE | {"credentials", "store", "audit", "state", "api", "console", "analysis"},
    "cli": BASE
    | {"partitions", "policy", "evaluation", "credentials", "store", "iam", "sts", "audit", "analysis"}
    | {
        "sigv4",
        "state",
        "rekey",
        "server",
        "hatrack",
        "workloads",
        "agent",
    },  # "hatrack": the package root, for __version__
    # The pytest plugin is a client like any SDK: boto3 over HTTP to a `hatrack serve` subprocess.
    "testing": frozenset(),
    "analysis": BASE
    | {"partitions", "policy", "evaluation", "credentials", "store", "iam", "sts", "audit", "periodic"},
}
# api/ talks to the domain services (iam/, sts/, audit/), not to the store: only its wiring (the
# services it is built from, and authentication, which reads the keys of every request) may.
API_STORE_WIRING = frozenset({"hatrack.api.services", "hatrack.api.authentication"})
# Third-party packages only one part of hatrack may use.
ONLY_IN = {
    "click": {"cli"},
    "rich": {"cli"},
    "alembic": {"store"},
    "uvicorn": {"server", "agent"},
    "pytest": {"testing"},
    "boto3": {"testing"},
}
# Outside store/, SQLAlchemy appears only as the transaction handle that store/ hands out.
SQLALCHEMY_OUTSIDE_STORE = frozenset({"sqlalchemy.engine.Connection"})
# policy/ and evaluation/ are pure: no I/O.
NO_IO = {"policy", "evaluation"}
IO_MODULES = frozenset({"os", "pathlib", "socket", "subprocess", "urllib", "http", "sqlalchemy", "shutil"})
# Import circles still present, each with why it is tolerated; any other circle fails.
# Circles allowed for now, each with its reason (none are left).
KNOWN_CIRCLES: Mapping[frozenset[str], str] = {}

Edge = tuple[str, str, int]  # (importer, imported name, line)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_tree() -> dict[str, str]:
    return {_module_name(path): path.read_text() for path in sorted((SRC / "hatrack").rglob("*.py"))}


def imports(sources: Mapping[str, str]) -> Iterator[Edge]:
    """Every import of every module; ``from X import Y`` names ``X.Y`` when that is a module of ours."""
    for module, text in sources.items():
        package = module if _is_package(module, sources) else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                yield from ((module, alias.name, node.lineno) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    yield (
                        module,
                        full if full in sources or base.startswith("sqlalchemy") else base,
                        node.lineno,
                    )


def _is_package(module: str, sources: Mapping[str, str]) -> bool:
    return module == "hatrack" or any(other.startswith(f"{module}.") for other in sources)


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else "hatrack"


def violations(sources: Mapping[str, str]) -> list[str]:
    found = []
    for importer, name, line in imports(sources):
        part, top = _part(importer), name.split(".")[0]
        where = f"{importer}:{line} imports {name}"
        if top == "hatrack":
            target = _part(name)
            if target != part and target not in MAY_IMPORT.get(part, frozenset()):
                found.append(f"{where}: {part}/ may not import {target}")
            elif part == "api" and target == "store" and importer not in API_STORE_WIRING:
                found.append(f"{where}: api/ reads the store only through iam/ (iam.lookups) and sts/")
        elif top in ONLY_IN and part not in ONLY_IN[top]:
            found.append(f"{where}: only {sorted(ONLY_IN[top])} may import {top}")
        elif top == "sqlalchemy" and part != "store" and name not in SQLALCHEMY_OUTSIDE_STORE:
            found.append(f"{where}: outside store/ only {sorted(SQLALCHEMY_OUTSIDE_STORE)}")
        if part in NO_IO and top in IO_MODULES:
            found.append(f"{where}: {part}/ does no I/O")
    return found


def circles(sources: Mapping[str, str]) -> list[frozenset[str]]:
    """The strongly connected components (more than one module) of the import graph (Tarjan)."""
    graph: dict[str, set[str]] = {module: set() for module in sources}
    for importer, name, _ in imports(sources):
        if name in sources and name != importer:
            graph[importer].add(name)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = {stack.pop()}
            while module not in component:
                component.add(stack.pop())
            if len(component) > 1:
                found.append(frozenset(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_every_part_of_hatrack_is_placed_in_the_layers() -> None:
    assert {_part(module) for module in source_tree()} <= set(MAY_IMPORT)


def test_imports_follow_the_layers() -> None:
    assert violations(source_tree()) == []


def test_no_import_circles_beyond_the_known_ones() -> None:
    found = set(circles(source_tree()))
    assert found - set(KNOWN_CIRCLES) == set()
    assert set(KNOWN_CIRCLES) - found == set(), "a known circle is gone: remove it from KNOWN_CIRCLES"


def test_the_checker_catches_a_wrong_way_import() -> None:
    fake = {
        "hatrack.policy.fake": "from hatrack.store import db\n",
        "hatrack.sigv4.fake": "def f():\n    from hatrack.api import context\n",
        "hatrack.store.fake": "from ..audit import trail\nimport click\n",
        "hatrack.iam.fake": "from sqlalchemy import select\n",
        "hatrack.evaluation.fake": "import os\n",
        "hatrack.api.handlers.fake": "from hatrack.store import users\n",
        "hatrack.store.db": "",
        "hatrack.api.context": "",
        "hatrack.audit.trail": "",
    }
    assert [finding.split(": ", 1)[1] for finding in violations(fake)] == [
        "policy/ may not import store",
        "sigv4/ may not import api",
        "store/ may not import audit",
        "only ['cli'] may import click",
        "outside store/ only ['sqlalchemy.engine.Connection']",
        "evaluation/ does no I/O",
        "api/ reads the store only through iam/ (iam.lookups) and sts/",
    ]


def test_the_checker_finds_a_circle_hidden_in_a_function() -> None:
    fake = {
        "hatrack.policy.a": "from hatrack.policy.b import x\n",
        "hatrack.policy.b": "def f():\n    from hatrack.policy import a\n",
        "hatrack.policy.c": "from hatrack.policy import a\n",
    }
    assert circles(fake) == [frozenset({"hatrack.policy.a", "hatrack.policy.b"})]

"""Editing one profile of the AWS CLI's shared files (``~/.aws/config``, ``~/.aws/credentials``).

Only the named profile's section changes: its keys are set (or added), every other line of the file,
other profiles, comments and blank lines included, is written back byte for byte. ``configparser``
reads the result back as the SDKs will, so a file that would not parse is never left behind.

Section names follow the AWS CLI: ``[profile NAME]`` in the config file (``[default]`` for the default
profile), ``[NAME]`` in the credentials file.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from pathlib import Path

_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\]]+?)\s*\]\s*(?:[#;].*)?$")
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.-]+)\s*[=:]")


def config_file() -> Path:
    """Where the AWS CLI reads its config: ``AWS_CONFIG_FILE``, else ``~/.aws/config``."""
    return Path(os.environ.get("AWS_CONFIG_FILE") or Path.home() / ".aws" / "config").expanduser()


def credentials_file() -> Path:
    """``AWS_SHARED_CREDENTIALS_FILE``, else ``~/.aws/credentials``."""
    return Path(
        os.environ.get("AWS_SHARED_CREDENTIALS_FILE") or Path.home() / ".aws" / "credentials"
    ).expanduser()


def config_section(profile: str) -> str:
    return "default" if profile == "default" else f"profile {profile}"


def set_section(text: str, section: str, values: Mapping[str, str]) -> str:
    """``text`` with ``values`` set in ``[section]`` (created at the end if absent); nothing else moves."""
    lines = text.splitlines(keepends=True)
    start = next(
        (index for index, line in enumerate(lines) if _is_header(line, section)),
        None,
    )
    rendered = {key: f"{key} = {value}\n" for key, value in values.items()}
    if start is None:
        prefix = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return text + prefix + f"[{section}]\n" + "".join(rendered.values())
    end = next(
        (index for index in range(start + 1, len(lines)) if _HEADER.match(lines[index])),
        len(lines),
    )
    body = lines[start + 1 : end]
    remaining = dict(rendered)
    for index, line in enumerate(body):
        found = _KEY.match(line)
        if found and found.group("key") in remaining:
            body[index] = remaining.pop(found.group("key"))
    # New keys go after the section's last key, before the blank lines and comments that lead to the next.
    last_key = max((index for index, line in enumerate(body) if _KEY.match(line)), default=-1)
    if last_key >= 0 and not body[last_key].endswith("\n"):
        body[last_key] += "\n"
    body[last_key + 1 : last_key + 1] = list(remaining.values())
    return "".join(lines[: start + 1] + body + lines[end:])


def _is_header(line: str, section: str) -> bool:
    found = _HEADER.match(line)
    return found is not None and " ".join(found.group("name").split()) == section


def write_profile_section(path: Path, section: str, values: Mapping[str, str], *, secret: bool) -> None:
    """Set ``values`` in ``[section]`` of the file at ``path`` (created, 0600 when it holds secrets)."""
    original = path.read_text() if path.exists() else ""
    updated = set_section(original, section, values)
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(updated, source=str(path))  # raises on a file the SDKs could not read either
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.hatrack-tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if secret else 0o644)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(updated)
    if path.exists():
        os.chmod(temporary, path.stat().st_mode & 0o777)
    os.replace(temporary, path)

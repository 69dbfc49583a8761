"""The editors who may log in to Datasette: names and password hashes, kept outside the repository.

The file is JSON, `{"name": {"password_hash": "pbkdf2_sha256$...", "added": "..."}}`, at
$PROBONO_EDITORS_FILE or ~/.config/probono/editors.json, readable by its owner only. Hashes are
made by datasette-auth-passwords' own function (PBKDF2-SHA256, 480,000 iterations) and checked at
login by pipeline/publishing/login.py. `probono serve` names the file in Datasette's plugin
configuration, and the server reads it again whenever it changes, so an editor added, removed or
given a new password counts at once (pipeline/publishing/sessions.py ends the old sessions).
Editors that exist only for one run (the demo's) travel in environment variables; no hash is ever
written to the metadata file, the database or git.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from pipeline.dates import utc_now_iso
from pipeline.errors import ConfigError

REPOSITORY = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^[a-z][a-z0-9.-]{0,31}$")  # no "_": the plugin splits "<name>_password_hash"
MIN_PASSWORD_LENGTH = 10
HASH_ENV_PREFIX = "PROBONO_EDITOR_HASH_"
AUTH_PLUGIN = "datasette-auth-passwords"  # its configuration format is kept
HASH_SUFFIX = "_password_hash"


def editors_file() -> Path:
    """Where the editors are kept: $PROBONO_EDITORS_FILE, else ~/.config/probono/editors.json."""
    configured = os.environ.get("PROBONO_EDITORS_FILE")
    if configured:
        return Path(configured).expanduser()
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config_home / "probono" / "editors.json"


def load_editors(path: Path | None = None) -> dict[str, str]:
    """name -> password hash; {} when the file does not exist yet."""
    path = path or editors_file()
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path}: not a readable editors file ({error})") from error
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected an object of editors, got {type(raw).__name__}")
    editors = {}
    for name, entry in raw.items():
        password_hash = entry.get("password_hash") if isinstance(entry, dict) else None
        if (not NAME.match(name) or not isinstance(password_hash, str)
                or password_hash.count("$") != 3):
            raise ConfigError(f"{path}: editor {name!r}: expected a name of a-z, 0-9, '.', '-' and "
                              "a password_hash made by `probono editors add`")
        editors[name] = password_hash
    return editors


def add_editor(name: str, password: str, path: Path | None = None) -> Path:
    """Create or replace an editor's password; returns the file written."""
    from datasette_auth_passwords.utils import hash_password

    path = path or editors_file()
    if not NAME.match(name):
        raise ConfigError(f"editor name {name!r}: use 1 to 32 of a-z, 0-9, '.' and '-', "
                          "starting with a letter")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ConfigError(f"editor {name}: the password needs at least "
                          f"{MIN_PASSWORD_LENGTH} characters")
    _refuse_inside_repository(path)
    entries = _entries(path)
    entries[name] = {"password_hash": hash_password(password), "added": utc_now_iso()}
    _write(path, entries)
    return path


def remove_editor(name: str, path: Path | None = None) -> bool:
    """Remove an editor; False when there was none of that name."""
    path = path or editors_file()
    entries = _entries(path)
    if entries.pop(name, None) is None:
        return False
    _write(path, entries)
    return True


def auth_plugin_config(editors: dict[str, str], live_file: Path | None = None
                       ) -> tuple[dict[str, Any], dict[str, str]]:
    """datasette-auth-passwords' configuration for these editors, and the environment variables
    that carry their hashes (the configuration only names the variables); with `live_file`, the
    server also reads that editors file, again whenever it changes."""
    config: dict[str, Any] = {"actors": {}}
    if live_file is not None:
        config["editors_file"] = str(live_file.expanduser().resolve())
    environment = {}
    for index, (name, password_hash) in enumerate(sorted(editors.items())):
        variable = f"{HASH_ENV_PREFIX}{index}"
        config[f"{name}{HASH_SUFFIX}"] = {"$env": variable}
        config["actors"][name] = {"id": name, "role": "editor"}
        environment[variable] = password_hash
    return config, environment


def _entries(path: Path) -> dict[str, Any]:
    load_editors(path)  # validates
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write(path: Path, entries: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    # Owner-only from the first byte: the file is created 0600, then renamed over the old one.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(entries, handle, indent=2, sort_keys=True)
    os.replace(temporary, path)


def _refuse_inside_repository(path: Path) -> None:
    resolved = path.expanduser().resolve()
    if resolved.is_relative_to(REPOSITORY):
        raise ConfigError(f"{path}: the editors file must live outside the repository "
                          f"({REPOSITORY}), so that no password hash reaches git; set "
                          "PROBONO_EDITORS_FILE to another path")

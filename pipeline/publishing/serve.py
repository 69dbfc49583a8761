"""Datasette over the project's database, configured from data/ (metadata, settings, templates).

The same configuration serves `probono serve` (a `datasette serve` process) and the in-process
Datasette of the tests, so what the tests check is what readers and editors get.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from pipeline.publishing.web_headers import PLUGIN_NAME, checked_base_url

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
METADATA = DATA_DIR / "metadata.yaml"
SETTINGS = DATA_DIR / "settings.json"
TEMPLATES = DATA_DIR / "templates"
STATIC = DATA_DIR / "static"
STATIC_MOUNT = "assets"  # served at /assets/, as metadata.yaml's extra_css_urls expects
AUTH_PLUGIN = "datasette-auth-passwords"
# metadata.yaml describes the database under this name; it is re-keyed to the served file's name.
METADATA_DATABASE = "probono"


def metadata_for(db_path: str | Path, auth_config: dict[str, Any] | None = None,
                 metadata_path: Path = METADATA, base_url: str | None = None) -> dict[str, Any]:
    """The project's Datasette metadata, with its database section named after this file, the
    editors' login configuration (which names environment variables, never holds a hash) and the
    base URL of absolute links (pipeline/publishing/web_headers.py)."""
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if METADATA_DATABASE in databases:
        databases[Path(db_path).stem] = databases.pop(METADATA_DATABASE)
    if auth_config is not None:
        metadata.setdefault("plugins", {})[AUTH_PLUGIN] = auth_config
    if base_url is not None:
        metadata.setdefault("plugins", {})[PLUGIN_NAME] = {"base_url": checked_base_url(base_url)}
    return metadata


def datasette_settings(settings_path: Path = SETTINGS) -> dict[str, Any]:
    """Datasette settings (time limits, facets, page size) from data/settings.json."""
    return json.loads(settings_path.read_text(encoding="utf-8"))


def datasette_instance(db_path: str | Path, auth_config: dict[str, Any] | None = None,
                       base_url: str | None = None):
    """An in-process Datasette configured exactly as `probono serve` configures its own."""
    from datasette.app import Datasette

    return Datasette([str(db_path)], metadata=metadata_for(db_path, auth_config, base_url=base_url),
                     settings=datasette_settings(), template_dir=str(TEMPLATES),
                     static_mounts=[(STATIC_MOUNT, str(STATIC))])


def datasette_command(db_path: str | Path, metadata_file: Path, port: int,
                      host: str = "127.0.0.1") -> list[str]:
    """The `datasette serve` command line: the file is opened read-write in WAL mode, never with -i,
    because cron writes to it while Datasette reads."""
    command = [sys.executable, "-m", "datasette", "serve", str(db_path), "--host", host,
               "--port", str(port), "--metadata", str(metadata_file),
               "--template-dir", str(TEMPLATES), "--static", f"{STATIC_MOUNT}:{STATIC}"]
    for name, value in datasette_settings().items():
        command += ["--setting", name, str(value)]
    return command

"""The documentation stays true: the README is a runbook under 250 lines whose two set-up commands
exist; every relative link resolves; every `probono` command and option, environment variable, exit
code and source file the docs name exists; docs/design.md's module map is the tree as it is; the
figures a test holds are linked to that test; the deploy files name real commands and agree."""

from __future__ import annotations

import fnmatch
import ipaddress
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.commands.cli import main
from tests.conftest import ROOT
from tests.processes import BIN

README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOCS = ROOT / "docs"
DEPLOY = DOCS / "deploy"
MARKDOWN = [README_PATH, *sorted(DOCS.glob("*.md"))]
DEPLOY_FILES = sorted(path for path in DEPLOY.iterdir() if path.is_file())
README_MAX_LINES = 250
SERVED_FROM = "/srv/probono-feed"  # where the deploy files assume the project

# Figures a test asserts, as the docs quote them: (words in the docs, the test, what it asserts).
# A doc quoting one links to the test, so whoever changes the figure finds the test.
FIGURES_HELD_BY_TESTS = [
    ("0.97 overall and 0.90", "tests/test_metadata_world.py", [">= 0.97", ">= 0.90"]),
    ("0.95 on 900 labelled short texts", "tests/test_language.py", ["accuracy >= 0.95"]),
    ("precision 0.90 and recall 0.85", "tests/test_topics_labelled.py",
     ["PRECISION, RECALL = 0.90, 0.85"]),
    ("language accuracy 1.00", "tests/test_labelled_set.py",
     ['result["language accuracy"] == 1.0']),
]


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def fenced_and_inline_code(text: str) -> list[str]:
    """The code a Markdown text shows: each line of its fenced blocks, and each inline span
    (a span wrapped over two lines is one snippet)."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines()]
    return lines + [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", prose)]


def code_everywhere() -> list[tuple[str, str]]:
    """(file name, snippet) for the code of every doc, and every line of the deploy files."""
    snippets = [(path.name, snippet) for path in MARKDOWN
                for snippet in fenced_and_inline_code(text_of(path))]
    snippets += [(path.name, line) for path in DEPLOY_FILES for line in text_of(path).splitlines()]
    return snippets


# `probono` as a command: at the start of a snippet, after a directory (`.venv/bin/probono`) or
# after a shell operator; never the user of `sudo -u probono` or a path such as probono-feed.
INVOCATION = re.compile(r"(?:^|(?<=bin/)|(?<=&& )|(?<=\| )|(?<=; ))probono(?=[ \t])", re.MULTILINE)
STOP_TOKENS = {"&&", "||", ";", "|", ">", ">>", "2>&1"}


def options_of(command: click.Command) -> set[str]:
    names = {"--help"}
    for param in command.params:
        if isinstance(param, click.Option):
            names.update(param.opts + param.secondary_opts)
    return names


def check_invocation(words: list[str]) -> list[str]:
    """What is wrong with `probono WORDS...` as shown: unknown subcommands or options."""
    command: click.Command = main
    shown = "probono"
    problems = []
    descending = True
    for raw in words:
        if raw in STOP_TOKENS or raw.startswith("#"):
            break
        word = raw.strip("[](),.\"'`:")
        if word.startswith("-"):
            descending = False
            option = word.split("=")[0]
            if re.fullmatch(r"--?[A-Za-z][A-Za-z-]*", option) and option not in options_of(command):
                problems.append(f"`{shown}` has no option {option}")
            continue
        if descending and isinstance(command, click.Group) and word[:1].islower():
            for name in word.split("/"):  # `probono editors add/remove`
                if name not in command.commands:
                    problems.append(f"`{shown}` has no command {name!r}")
                    return problems
            command = command.commands[word.split("/")[0]]
            shown += f" {word}"
            continue
        descending = False  # an argument (URL, NAME, a file): what follows are its options
    return problems


def test_the_two_setup_commands_are_make_targets_and_ci_runs_the_test_one():
    block = re.search(r"## Set up and run: two commands.*?```sh\n(.*?)```", README,
                      re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo: ", makefile, re.MULTILINE)
    assert re.search(r"^test: ", makefile, re.MULTILINE)
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.startswith("#")]
    assert ci[-1].strip() == "make test"


def test_the_readme_is_a_runbook_under_250_lines():
    lines = README.splitlines()
    assert len(lines) < README_MAX_LINES, f"README.md has {len(lines)} lines"
    headings = re.findall(r"^##+ (.+)$", README, re.MULTILINE)
    for runbook_part in ("Set up and run: two commands", "Go live", "Add sources", "Trust defaults",
                         "Crawl every day", "Serve behind nginx with systemd", "Editors",
                         "Troubleshoot", "Libraries, and why", "Read more"):
        assert runbook_part in headings, runbook_part
    for doc in sorted(DOCS.glob("*.md")):  # every doc is reachable from the README
        assert f"](docs/{doc.name}" in README, doc.name


def test_every_cli_command_is_documented():
    def walk(group, prefix):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, f"{prefix} {name}")
            else:
                yield f"{prefix} {name}"
    reference = text_of(DOCS / "commands.md")
    for command in walk(main, "probono"):
        assert f"`{command}" in README, command
        assert f"## `{command}" in reference, command
        shown = CliRunner().invoke(main, [*command.split()[1:], "--help"]).output
        assert "Example:" in shown, command


def test_the_invocation_checker_catches_what_does_not_exist():
    # The checker below must be able to fail: made-up commands and options are reported.
    assert check_invocation(["sources", "verify", "--write"]) == []
    assert check_invocation(["digest", "--format", "md|html", "-o", "x.html"]) == []
    assert check_invocation(["crawl", "--no-such-option"]) == [
        "`probono crawl` has no option --no-such-option"]
    assert check_invocation(["sources", "vérifier"])[0].startswith("`probono sources` has no")
    assert check_invocation(["editors", "add/rename"]) == [
        "`probono editors` has no command 'rename'"]


def test_every_probono_command_and_option_shown_exists():
    problems, seen = [], 0
    for name, snippet in code_everywhere():
        for match in INVOCATION.finditer(snippet):
            seen += 1
            words = snippet[match.end():].split()
            problems += [f"{name}: {problem} ({snippet.strip()})"
                         for problem in check_invocation(words)]
    assert seen > 50  # the scan finds the docs' commands at all
    assert problems == []


def test_every_relative_link_resolves():
    problems = []
    for path in MARKDOWN:
        for target in re.findall(r"\]\(([^)\s]+)\)", text_of(path)):
            if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                problems.append(f"{path.name}: {target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                problems.append(f"{path.name}: {target}: no such heading")
    assert problems == []


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", re.sub(r"^```.*?^```", "", text_of(path),
                                                flags=re.MULTILINE | re.DOTALL), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_every_source_file_the_docs_name_exists():
    named = set()
    for path in [*MARKDOWN, *DEPLOY_FILES]:
        named.update(re.findall(r"(?<![\w./])((?:pipeline|spiders|tests|benchmarks|data)/"
                                r"[\w./-]*[\w/])", text_of(path)))
    missing = sorted(name for name in named
                     if not made_at_run_time(name) and not (ROOT / name).exists())
    assert missing == []


def made_at_run_time(name: str) -> bool:
    """A path .gitignore names (a database, the log folder): made by running, never committed."""
    patterns = [line.strip().rstrip("/") for line in text_of(ROOT / ".gitignore").splitlines()
                if line.strip() and not line.startswith("#")]
    parts = name.split("/")
    prefixes = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatch(prefix, pattern) or fnmatch.fnmatch(parts[-1], pattern)
               for pattern in patterns for prefix in prefixes)


def environment_names_in_the_code() -> str:
    """The text the project's code reads environment variables in, with the settings that
    `PROBONO_<NAME>` overrides (pipeline/settings.py) and Datasette's own command line."""
    import datasette

    sources = [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("spiders/*.py"),
               *ROOT.glob("tests/**/*.py"), ROOT / "Makefile",
               Path(datasette.__file__).parent / "cli.py"]
    overridable = [name if name.startswith("PROBONO_") else f"PROBONO_{name}"
                   for name in settings._OVERRIDABLE]
    return "\n".join([*(text_of(path) for path in sources), *overridable])


def test_every_environment_variable_named_exists_in_the_code():
    code = environment_names_in_the_code()
    named = set()
    for path in [*MARKDOWN, *DEPLOY_FILES]:
        named.update(re.findall(r"\b((?:PROBONO|DATASETTE)_[A-Z0-9_]*[A-Z0-9])\b", text_of(path)))
    assert len(named) > 20
    assert sorted(name for name in named if name not in code) == []


def test_the_exit_codes_in_the_readme_are_the_codes_the_code_has():
    troubleshoot = README[README.index("## Troubleshoot"):]
    documented = {int(code)
                  for code in re.findall(r"^- \*\*(\d+)\*\*: ", troubleshoot, re.MULTILINE)}
    in_code = set()
    for path in ROOT.glob("pipeline/**/*.py"):
        constants = re.findall(r"^EXIT_[A-Z_]+ = (\d+)", text_of(path), re.MULTILINE)
        in_code.update(int(code) for code in constants)
    assert documented == in_code


def test_figures_a_test_holds_are_linked_to_it():
    for words, test_file, asserted in FIGURES_HELD_BY_TESTS:
        test_text = text_of(ROOT / test_file)
        for assertion in asserted:
            assert assertion in test_text, (test_file, assertion)
        quoting = [path for path in MARKDOWN if words in " ".join(text_of(path).split())]
        assert quoting, f"no doc quotes {words!r}: update FIGURES_HELD_BY_TESTS"
        for path in quoting:
            links = re.findall(r"\]\(([^)#\s]+)", text_of(path))
            assert any((path.parent / link).resolve() == ROOT / test_file for link in links), \
                f"{path.name} quotes {words!r} without a link to {test_file}"


def module_map() -> dict[str, str]:
    """docs/design.md's layout: path -> its one job, from the code block under "## Layout"."""
    design = text_of(DOCS / "design.md")
    block = re.search(r"^## Layout.*?^```\n(.*?)^```", design, re.MULTILINE | re.DOTALL).group(1)
    listed, folder = {}, ""
    for line in block.splitlines():
        entry = re.match(r"^(\s*)(\S+)\s{2,}(\S.*)$", line)
        assert entry, f"design.md: not `name  its job`: {line!r}"
        indent, name, job = entry.groups()
        if not indent:
            folder = name
            listed[name] = job
        else:
            listed[folder + name] = job
    return listed


def modules_in_the_tree() -> set[str]:
    found = set()
    for top in ("pipeline", "spiders"):
        for folder in [ROOT / top, *(p.parent for p in (ROOT / top).glob("*/__init__.py"))]:
            found.add(folder.relative_to(ROOT).as_posix() + "/")
            for path in folder.iterdir():
                relative = path.relative_to(ROOT).as_posix()
                if path.suffix in (".py", ".yaml") and path.name != "__init__.py":
                    found.add(relative)
                elif (path.is_dir() and not (path / "__init__.py").exists()
                      and path.name != "__pycache__"):
                    found.add(relative + "/")
    return found


def test_the_module_map_is_the_tree_as_it_is():
    listed = module_map()
    for path, job in listed.items():
        assert (ROOT / path).exists(), f"design.md lists {path}, which does not exist"
        assert len(job.split()) >= 3, f"design.md: {path}: say its job"
    missing = sorted(modules_in_the_tree() - set(listed))
    assert missing == [], f"design.md's layout does not list {missing}"


def unit_settings(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings, Key -> values (a key may repeat)."""
    values: dict[str, list[str]] = {}
    for line in text_of(path).splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def test_the_deploy_files_name_real_commands_and_agree():
    crawl = unit_settings(DEPLOY / "probono-crawl.service")
    serve = unit_settings(DEPLOY / "probono-serve.service")
    timer = unit_settings(DEPLOY / "probono-crawl.timer")
    for unit, command in ((crawl, "crawl"), (serve, "serve")):
        assert unit["WorkingDirectory"] == [SERVED_FROM]
        [start] = unit["ExecStart"]
        program, *words = start.split()
        assert program == f"{SERVED_FROM}/.venv/bin/probono" and words[0] == command
        assert check_invocation(words) == []
        assert unit["User"] == ["probono"]
    assert (DEPLOY / timer["Unit"][0]).is_file()
    environment = dict(value.partition("=")[::2] for value in serve["Environment"])
    port = re.search(r"--port (\d+)", serve["ExecStart"][0]).group(1)
    nginx = text_of(DEPLOY / "nginx-probono.conf")
    proxied = urlsplit(re.search(r"proxy_pass (\S+);", nginx).group(1))
    assert str(proxied.port) == port and proxied.hostname == "127.0.0.1"
    trusted = [ipaddress.ip_network(net.strip(), strict=False)
               for net in environment["PROBONO_TRUSTED_PROXIES"].split(",")]
    assert any(ipaddress.ip_address(proxied.hostname) in net for net in trusted)
    base = urlsplit(environment["PROBONO_BASE_URL"])
    assert base.scheme == "https" and f"server_name {base.hostname};" in nginx
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    for path in DEPLOY_FILES:  # the README points at each of them
        assert f"(docs/deploy/{path.name})" in README, path.name


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_accepts_the_deploy_units(tmp_path):
    # The units as installed here: the project where they expect it, so ExecStart is executable.
    assert (BIN / "probono").is_file()
    for path in DEPLOY.glob("probono-*"):
        text = text_of(path).replace(f"{SERVED_FROM}/.venv/bin", str(BIN))
        (tmp_path / path.name).write_text(text.replace(SERVED_FROM, str(ROOT)), encoding="utf-8")
    units = sorted(str(path) for path in tmp_path.iterdir())
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *units], capture_output=True,
                            text=True, timeout=60, check=False)
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  if "probono-" in line]
    assert complaints == []


def test_the_near_copy_thresholds_quoted_are_the_ones_in_force():
    from pipeline.copies.thresholds import THRESHOLDS as t

    quoted = (f"LSH {t.lsh}, similarity floor {t.floor}, lead LSH {t.lead_lsh}, lead floor "
              f"{t.lead_floor}, containment {t.containment}")
    assert quoted in " ".join(text_of(DOCS / "enrichment.md").split())


def test_every_make_target_shown_exists():
    makefile = text_of(ROOT / "Makefile")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.MULTILINE))
    shown = {match for _, snippet in code_everywhere()
             # `make` as a command: a snippet's start, after a shell operator or `sudo -u probono`
             for match in re.findall(r"(?:^|(?<=&& )|(?<=; )|(?<=probono ))make ([a-z][\w-]*)",
                                     snippet)}
    assert {"demo", "test"} <= shown
    assert sorted(shown - targets) == []


def test_the_views_named_in_the_design_are_the_views_the_store_creates():
    from pipeline.store.views import view_sql

    design = " ".join(text_of(DOCS / "design.md").split())
    paragraph = re.search(r"Views \(`pipeline/store/views.py`\)(.*?)\. ", design).group(1)
    named = set(re.findall(r"`(\w+)`", paragraph))
    assert named == set(view_sql(("approved", "featured")))

"""Editors' sessions are real sessions: they end when the editor is removed or changes password
(on the running server and after a restart with the same DATASETTE_SECRET), they expire when idle
and when old, their cookie is HttpOnly and SameSite, and /-/password-tool is closed.

The revocation tests run a real `probono serve` on a free loopback port and speak HTTP to it as a
browser would; the expiry and cookie tests use the same configuration in process.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookies
import json
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from pipeline.publishing.sessions import _Logouts
from tests.conftest import BIN, run
from tests.processes import probono_serve
from tests.security.conftest import ALICE, PASSWORD, db_name
from tests.test_publishing import SENIORS_ORIGINAL, Client

NEW_PASSWORD = "bob's brand new password"


class Browser:
    """A client of a real server: keeps cookies as a browser does, never follows redirects."""

    def __init__(self, base: str, forwarded_for: str | None = None):
        self.base, self.cookies, self.forwarded_for = base, {}, forwarded_for

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, str]:
        parsed = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        body = urllib.parse.urlencode(form) if form is not None else None
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("set-cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def csrftoken(self) -> str:
        status, _, page = self.request("GET", "/-/login")
        assert status == 200, page[:300]
        return re.search(r'name="csrftoken" value="([^"]+)"', page).group(1)

    def login(self, name: str, password: str) -> int:
        form = {"username": name, "password": password, "csrftoken": self.csrftoken()}
        return self.request("POST", "/-/login", form)[0]

    def actor(self) -> str | None:
        status, _, page = self.request("GET", "/-/actor.json")
        assert status == 200, page[:300]
        match = re.search(r'"id":\s*"([^"]+)"', page)
        return match.group(1) if match else None

    def decide(self, article_id: str, status: str, token: str) -> int:
        form = {"id": article_id, "status": status, "note": "", "csrftoken": token}
        return self.request("POST", f"/{db_name()}/decide", form)[0]


@contextlib.contextmanager
def serving(db: Path, env: dict[str, str], log: Path):
    """`probono serve` on a free port until the block ends; its whole process group is stopped."""
    with probono_serve(db, log, env=env) as (_process, base):
        yield base


def decisions(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("select count(*) from editorial_decisions").fetchone()[0]


def test_a_removed_editor_is_shut_out_at_once_and_after_a_restart(site, tmp_path):
    db, env = site
    with serving(db, env, tmp_path / "serve.log") as base:
        bob = Browser(base)
        assert bob.login("bob", PASSWORD) == 302 and bob.actor() == "bob"
        token = bob.csrftoken()
        removed = run([str(BIN / "probono"), "editors", "remove", "bob"], env_extra=env)
        assert removed.returncode == 0, removed.stderr
        stolen = dict(bob.cookies)  # what an attacker who kept the cookie would send
        assert bob.actor() is None
        bob.cookies = dict(stolen)
        assert bob.decide(SENIORS_ORIGINAL, "approved", token) == 403
    assert decisions(db) == 0
    with serving(db, env, tmp_path / "serve.log") as base:  # same secret: the signature still holds
        bob = Browser(base)
        bob.cookies = dict(stolen)
        assert bob.actor() is None
        bob.cookies = dict(stolen)
        assert bob.decide(SENIORS_ORIGINAL, "approved", token) == 403
        assert Browser(base).login("bob", PASSWORD) == 200  # the form again: no such editor
    assert decisions(db) == 0


def test_a_new_password_ends_the_sessions_begun_with_the_old_one(site, tmp_path):
    db, env = site
    with serving(db, env, tmp_path / "serve.log") as base:
        bob, alice = Browser(base), Browser(base)
        assert bob.login("bob", PASSWORD) == 302 and alice.login("alice", ALICE) == 302
        stolen = dict(bob.cookies)
        changed = run([str(BIN / "probono"), "editors", "add", "bob", "--password-stdin"],
                      input=NEW_PASSWORD + "\n", env_extra=env)
        assert changed.returncode == 0, changed.stderr
        assert bob.actor() is None and alice.actor() == "alice"  # only bob's sessions end
        thief = Browser(base)
        thief.cookies = stolen
        assert thief.decide(SENIORS_ORIGINAL, "approved", thief.csrftoken()) == 403
        assert decisions(db) == 0
        assert bob.login("bob", PASSWORD) == 200 and bob.login("bob", NEW_PASSWORD) == 302
        assert bob.decide(SENIORS_ORIGINAL, "approved", bob.csrftoken()) == 302
    assert decisions(db) == 1
    with serving(db, env, tmp_path / "serve.log") as base:
        thief = Browser(base)
        thief.cookies = stolen
        assert thief.actor() is None


def test_a_cookie_replayed_after_logout_is_anonymous(site, tmp_path):
    db, env = site
    with serving(db, env, tmp_path / "serve.log") as base:
        bob, alice = Browser(base), Browser(base)
        assert bob.login("bob", PASSWORD) == 302 and alice.login("alice", ALICE) == 302
        saved = dict(bob.cookies)  # what a shared computer or a thief keeps
        refused = Browser(base)
        refused.cookies = dict(saved)
        assert refused.request("POST", "/-/logout", {})[0] == 403  # no CSRF token: ends nothing
        assert bob.actor() == "bob"
        assert bob.request("POST", "/-/logout", {"csrftoken": bob.csrftoken()})[0] == 302
        thief = Browser(base)
        thief.cookies = dict(saved)
        assert thief.actor() is None
        thief.cookies = dict(saved)
        assert thief.decide(SENIORS_ORIGINAL, "approved", thief.csrftoken()) == 403
        assert alice.actor() == "alice"  # her session is hers
        assert bob.login("bob", PASSWORD) == 302 and bob.actor() == "bob"  # a new session
    with serving(db, env, tmp_path / "serve.log") as base:  # same secret, after a restart
        thief = Browser(base)
        thief.cookies = dict(saved)
        assert thief.actor() is None
    assert decisions(db) == 0


# In process: expiry, cookie flags, the password tool ----------------------------------------------

def logged_in(ds) -> Client:
    client = Client(ds)
    response = client.post("/-/login", {"username": "bob", "password": PASSWORD,
                                        "csrftoken": client.csrftoken()})
    assert response.status_code == 302, response.text[:300]
    return client


def actor_of(client: Client) -> str | None:
    return (client.get("/-/actor.json").json().get("actor") or {}).get("id")


def test_the_session_cookie_is_httponly_samesite_and_has_a_max_age(in_process):
    client = Client(in_process)
    response = client.post("/-/login", {"username": "bob", "password": PASSWORD,
                                        "csrftoken": client.csrftoken()})
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("ds_actor="))
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert "httponly" in flags and flags["samesite"].lower() == "samesite=lax"
    assert 0 < int(flags["max-age"].split("=")[1]) <= 8 * 3600 and "secure" not in flags


def test_the_session_cookie_is_secure_when_the_site_is_https(in_process, monkeypatch):
    monkeypatch.setenv("PROBONO_BASE_URL", "https://feed.example.org/")
    client = Client(in_process)
    response = client.post("/-/login", {"username": "bob", "password": PASSWORD,
                                        "csrftoken": client.csrftoken()})
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("ds_actor="))
    assert "secure" in [part.strip().lower() for part in cookie.split(";")]


def test_an_idle_session_expires(in_process, monkeypatch):
    monkeypatch.setenv("PROBONO_SESSION_IDLE_S", "2")
    client = logged_in(in_process)
    assert actor_of(client) == "bob"
    time.sleep(3.2)
    assert actor_of(client) is None


def test_a_session_in_use_still_ends_at_its_absolute_limit(in_process, monkeypatch):
    monkeypatch.setenv("PROBONO_SESSION_IDLE_S", "3")
    monkeypatch.setenv("PROBONO_SESSION_MAX_S", "6")
    client = logged_in(in_process)
    for _ in range(4):  # used every 1.2 s: never idle 3 s, renewed on the way
        time.sleep(1.2)
        assert actor_of(client) == "bob"
    time.sleep(2)
    assert actor_of(client) is None


def test_a_signed_actor_that_is_no_session_gives_no_rights(in_process):
    forger = Client(in_process)  # e.g. a cookie signed before sessions existed, for an editor
    forger.cookies["ds_actor"] = in_process.sign({"a": {"id": "bob", "role": "editor"}}, "actor")
    assert actor_of(forger) is None


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_the_password_tool_is_closed(in_process, who):
    client = Client(in_process) if who == "anonymous" else logged_in(in_process)
    assert client.get("/-/password-tool").status_code == 404
    token = client.csrftoken()
    response = client.post("/-/password-tool", {"password": "hash me please", "csrftoken": token})
    assert response.status_code == 404 and "pbkdf2" not in response.text


# The ended sessions' file -------------------------------------------------------------------------

RECORDER = """
import sys, time
from pathlib import Path
from pipeline.publishing.sessions import _Logouts
logouts, path, errors = _Logouts(), Path(sys.argv[1]), []
for n in range(int(sys.argv[3])):
    try:
        logouts.end(path, f"{sys.argv[2]}{n}", time.time() + 3600, time.time())
    except Exception as error:
        errors.append(repr(error))
print(len(errors), errors[:3])
sys.exit(1 if errors else 0)
"""


def test_two_servers_sharing_the_editors_file_record_every_logout(tmp_path):
    # Two `probono serve` on one editors file: each logout is a locked read-merge-write.
    path, each = tmp_path / "editors.json.logouts.json", 200
    recorders = [subprocess.Popen([sys.executable, "-c", RECORDER, str(path), tag, str(each)],
                                  cwd=Path(__file__).parents[2], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True) for tag in "ab"]
    outputs = [recorder.communicate(timeout=120)[0] for recorder in recorders]
    assert [recorder.returncode for recorder in recorders] == [0, 0], outputs
    recorded = json.loads(path.read_text(encoding="utf-8"))
    assert set(recorded) == {f"{tag}{n}" for tag in "ab" for n in range(each)}
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_damaged_file_of_ended_sessions_is_set_aside_not_emptied(tmp_path):
    path, now = tmp_path / "editors.json.logouts.json", time.time()
    path.write_text(json.dumps({"old": now + 3600}), encoding="utf-8")
    logouts = _Logouts()
    assert logouts.ended(path, "old", now)
    path.write_text('{"old": 17', encoding="utf-8")  # cut short by a crash or another writer
    assert logouts.ended(path, "old", now)  # what was read before still holds
    logouts.end(path, "new", now + 3600, now)
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {"old", "new"}
    assert [p.read_text() for p in tmp_path.glob("*.damaged-*")] == ['{"old": 17']


def test_a_logout_that_cannot_be_written_still_ends_the_session(site, tmp_path):
    db, env = site
    (tmp_path / "editors.json.logouts.json").mkdir()  # the file cannot be written
    with serving(db, env, tmp_path / "serve.log") as base:
        bob = Browser(base)
        assert bob.login("bob", PASSWORD) == 302 and bob.actor() == "bob"
        saved = dict(bob.cookies)
        status, headers, page = bob.request("POST", "/-/logout", {"csrftoken": bob.csrftoken()})
        assert status == 302 and str(tmp_path) not in page, (status, page[:300])
        assert any(c.startswith("ds_actor=") for c in headers.get_all("set-cookie") or [])
        assert bob.actor() is None
        thief = Browser(base)
        thief.cookies = dict(saved)
        assert thief.actor() is None
        assert bob.login("bob", PASSWORD) == 302 and bob.actor() == "bob"

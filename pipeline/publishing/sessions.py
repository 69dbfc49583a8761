"""Editors' sessions: a signed `ds_actor` cookie that ends when its editor is removed, changes
password, stays idle too long or grows too old.

A session names its editor and an epoch, a digest of the editor's password hash at login. Every
request with a session is checked against the editors the server knows now (the editors file,
read again whenever it changes, plus those `probono serve` passed in its environment): a cookie
whose editor is gone, whose epoch is not the current one, idle for PROBONO_SESSION_IDLE_S
(default 8 h) or older than PROBONO_SESSION_MAX_S (default 7 days) is dropped before Datasette
sees it. A session also has an id: logging out (POST /-/logout, answered by Datasette) records it
as ended until its absolute expiry, in a file next to the editors file (LOGOUTS_SUFFIX; in memory
when there is none), so a saved copy of the cookie is worth nothing afterwards. Everything else is
in the signed cookie, so this holds across restarts with a fixed DATASETTE_SECRET. The cookie is
HttpOnly, SameSite=Lax, has a Max-Age, and is Secure when the base URL is https or a trusted proxy
says the request came over https.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import http.cookies
import json
import logging
import math
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette.utils import baseconv
from datasette.utils.asgi import Response
from itsdangerous import BadSignature

from pipeline.errors import ConfigError
from pipeline.publishing.editors import AUTH_PLUGIN, HASH_SUFFIX, load_editors
from pipeline.publishing.public import EDITOR_SCOPE_KEY, route_path
from pipeline.publishing.web_headers import configured_base_url

LOG = logging.getLogger(__name__)
COOKIE, NAMESPACE = "ds_actor", "actor"
IDLE_S, MAX_S = 8 * 3600, 7 * 24 * 3600
RENEW_AFTER_S = 300  # a session's last-seen time is renewed at most this often (or idle / 10)
PASSWORD_TOOL = "/-/password-tool"  # datasette-auth-passwords' hashing page: refused to everyone
LOGOUT = "/-/logout"
LOGOUTS_SUFFIX = ".logouts.json"  # ended sessions' ids, next to the editors file
LOCK_SUFFIX = ".lock"  # taken while a logout rewrites the ended sessions' file
LOGOUTS_KEPT = 10_000  # ended sessions remembered at most (the soonest to expire dropped first)


@dataclass(frozen=True)
class Session:
    """A valid session: its editor, that editor's current hash, when it began and was last seen."""

    name: str
    password_hash: str
    issued: float
    seen: float
    sid: str


def lifetimes() -> tuple[int, int]:
    """(idle, absolute) session lifetimes in seconds, from the environment or the defaults."""
    return _seconds("PROBONO_SESSION_IDLE_S", IDLE_S), _seconds("PROBONO_SESSION_MAX_S", MAX_S)


def epoch(password_hash: str) -> str:
    """What a session remembers of its editor's password: a new password gives a new epoch."""
    return hashlib.sha256(f"probono-session:{password_hash}".encode()).hexdigest()[:20]


def server_editors(datasette) -> dict[str, str]:
    """name -> password hash of the editors who may log in now."""
    config = datasette.plugin_config(AUTH_PLUGIN) or {}
    live_file = config.get("editors_file")
    editors = dict(_EDITORS_FILE.read(Path(live_file))) if live_file else {}
    editors.update({key[:-len(HASH_SUFFIX)]: value for key, value in config.items()
                    if key.endswith(HASH_SUFFIX) and isinstance(value, str)})
    return editors


def sign_session(datasette, name: str, password_hash: str, issued: float, now: float,
                 sid: str) -> str:
    """The signed cookie value of a session; Datasette's own expiry ("e") is set as well."""
    idle, absolute = lifetimes()
    expires = math.ceil(min(now + idle, issued + absolute))
    session = {"ep": epoch(password_hash), "iat": round(issued, 3), "seen": round(now, 3),
               "id": sid}
    return datasette.sign({"a": {"id": name, "role": "editor"},
                           "e": baseconv.base62.encode(expires), "s": session}, NAMESPACE)


def read_session(datasette, signed: str, now: float) -> Session | None:
    """The session this cookie value carries, or None when it is forged, old or revoked."""
    try:
        decoded = datasette.unsign(signed, NAMESPACE)
    except BadSignature:
        return None
    actor = decoded.get("a") if isinstance(decoded, dict) else None
    meta = decoded.get("s") if isinstance(decoded, dict) else None
    if not (isinstance(actor, dict) and isinstance(meta, dict)
            and isinstance(actor.get("id"), str)):
        return None  # not a session this module issued
    password_hash = server_editors(datasette).get(actor["id"])
    issued, seen, sid = meta.get("iat"), meta.get("seen"), meta.get("id")
    if password_hash is None or meta.get("ep") != epoch(password_hash):
        return None
    if not isinstance(sid, str) or _LOGOUTS.ended(_logouts_path(datasette), sid, time.time()):
        return None
    if not isinstance(issued, (int, float)) or not isinstance(seen, (int, float)):
        return None
    idle, absolute = lifetimes()
    if now - seen > idle or now - issued > absolute or seen > now + 60:
        return None
    return Session(actor["id"], password_hash, issued, seen, sid)


def cookie_header(scope: dict[str, Any], datasette, value: str, max_age: float) -> str:
    """A Set-Cookie value for the session cookie, with the flags every session cookie carries."""
    attributes = [f"{COOKIE}={value}", "Path=/", f"Max-Age={max(0, math.ceil(max_age))}",
                  "HttpOnly", "SameSite=Lax"]
    return "; ".join(attributes + (["Secure"] if is_https(scope, datasette) else []))


def session_cookie(scope: dict[str, Any], datasette, name: str, password_hash: str,
                   issued: float, now: float, sid: str | None = None) -> str:
    """A Set-Cookie value for a session begun at `issued` and seen at `now` (a new session when
    no id is given)."""
    idle, absolute = lifetimes()
    max_age = min(idle, issued + absolute - now)
    sid = sid or secrets.token_urlsafe(12)
    signed = sign_session(datasette, name, password_hash, issued, now, sid)
    return cookie_header(scope, datasette, signed, max_age)


def is_https(scope: dict[str, Any], datasette) -> bool:
    """True when readers reach us over https: the base URL says so (`probono serve --base-url`,
    PROBONO_BASE_URL), or a trusted proxy did (uvicorn believes X-Forwarded-Proto only from
    PROBONO_TRUSTED_PROXIES)."""
    return scope.get("scheme") == "https" or configured_base_url(datasette).startswith("https:")


def session_wrapper(datasette):
    """An ASGI wrapper: drops a session cookie that is no longer valid (and tells the browser to
    forget it), renews a valid one's last-seen time, and refuses the password tool."""

    def wrap(app):
        async def checked(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            if route_path(scope).rstrip("/").endswith(PASSWORD_TOOL):
                # `probono editors add` makes hashes; a page that hashes for anyone is a free
                # CPU burner.
                return await Response.text("Not found", status=404).asgi_send(send)
            # No login of ours uses Authorization; datasette-auth-passwords would check a Basic
            # header's password on the event loop, unlimited, for anyone.
            scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or []
                                          if k.lower() != b"authorization"]}
            cookies = _cookies(scope)
            if COOKIE not in cookies:
                return await app(scope, receive, send)
            now = time.time()
            session = read_session(datasette, cookies[COOKIE], now)
            extra = None
            if session is None:
                scope = {**scope, "headers": _without_cookie(scope, cookies, COOKIE)}
                extra = cookie_header(scope, datasette, "", 0)
            else:
                scope = {**scope, EDITOR_SCOPE_KEY: session.name}
                if now - session.seen >= min(RENEW_AFTER_S, lifetimes()[0] // 10):
                    extra = session_cookie(scope, datasette, session.name, session.password_hash,
                                           session.issued, now, session.sid)
            sending = _adding_cookie(send, extra)
            if session and scope.get("method") == "POST" and route_path(scope) == LOGOUT:
                sending = _ending(sending, datasette, session)
            await app(scope, receive, sending)
        return checked
    return wrap


def _ending(send, datasette, session: Session):
    """`send`, recording the session as ended when Datasette answers the logout with its redirect
    (a logout refused, for want of a CSRF token say, ends nothing)."""

    async def sending(message):
        if message["type"] == "http.response.start" and message.get("status") == 302:
            until = session.issued + lifetimes()[1]
            try:
                _LOGOUTS.end(_logouts_path(datasette), session.sid, until, time.time())
            except OSError as error:
                # The session has ended in this process all the same (kept in memory): the
                # editor still gets the redirect that clears the cookie, not a 500.
                LOG.error("cannot record a logout in %s (%s); it holds until this server "
                          "stops", _logouts_path(datasette), error)
        await send(message)
    return sending


def _logouts_path(datasette) -> Path | None:
    live_file = (datasette.plugin_config(AUTH_PLUGIN) or {}).get("editors_file")
    return Path(live_file + LOGOUTS_SUFFIX) if live_file else None


class _Logouts:
    """Ended sessions (id -> absolute expiry) per file, each read again only when it changes.

    Several `probono serve` may share one editors file, so a logout is a read-modify-write under
    an exclusive lock (LOCK_SUFFIX next to the file): what is on disk, what this process knew and
    the new id are merged, written to a fresh temporary file in the same folder, synced and
    renamed over the old one. The ids this process ended are also kept in memory, so a logout
    holds when the file cannot be written; a file that cannot be read is never taken for an empty
    one: what was read before is kept, and the damaged file is set aside rather than overwritten.
    """

    def __init__(self) -> None:
        self._read_as: dict[Path | None, tuple[Any, dict[str, float]]] = {}
        self._mine: dict[Path | None, dict[str, float]] = {}

    def ended(self, path: Path | None, sid: str, now: float) -> bool:
        return max(self._read(path).get(sid, 0), self._mine.get(path, {}).get(sid, 0)) > now

    def end(self, path: Path | None, sid: str, until: float, now: float) -> None:
        """Record a session as ended; OSError when the file cannot be written (the id is kept in
        memory all the same)."""
        mine = self._mine.setdefault(path, {})
        mine[sid] = until
        _keep_newest(mine, now)
        if path is None:
            return
        with _locked(path.with_name(path.name + LOCK_SUFFIX)):
            known = dict(self._read_as.get(path, (None, {}))[1])
            on_disk = self._load(path)
            if on_disk is None and not path.is_file():
                raise IsADirectoryError(f"{path} is not a file")
            if on_disk is None:  # damaged: set aside, never replaced by a smaller record blindly
                aside = path.with_name(f"{path.name}.damaged-{int(now)}")
                os.replace(path, aside)
                LOG.error("%s: unreadable, kept as %s; rewritten from memory", path, aside.name)
                on_disk = {}
            merged = {**known, **on_disk}
            for key, expiry in mine.items():
                merged[key] = max(expiry, merged.get(key, 0))
            _keep_newest(merged, now)
            _write_atomically(path, json.dumps(merged))
            stat = path.stat()
            self._read_as[path] = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), merged)

    def _read(self, path: Path | None) -> dict[str, float]:
        key, ended = self._read_as.get(path, (None, {}))
        if path is None:
            return ended
        try:
            stat = path.stat()
        except FileNotFoundError:
            return ended  # not written yet, or being replaced: what was read stays true
        except OSError as error:
            LOG.error("%s: cannot read the ended sessions (%s)", path, error)
            return ended
        if (stat.st_ino, stat.st_size, stat.st_mtime_ns) != key:
            loaded = self._load(path)
            if loaded is None:  # keep what was read before; try again on the next request
                return ended
            ended = loaded
            self._read_as[path] = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), ended)
        return ended

    @staticmethod
    def _load(path: Path) -> dict[str, float] | None:
        """The file's record ({} when there is no file), or None when it cannot be read."""
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            LOG.error("%s: cannot read the ended sessions (%s)", path, error)
            return None
        if not isinstance(loaded, dict):
            LOG.error("%s: the ended sessions are not a JSON object", path)
            return None
        return {k: v for k, v in loaded.items() if isinstance(v, (int, float))}


def _keep_newest(ended: dict[str, float], now: float) -> None:
    """Drop expired ids, then all but the LOGOUTS_KEPT that expire last (in place)."""
    kept = sorted((item for item in ended.items() if item[1] > now), key=lambda item: item[1])
    ended.clear()
    ended.update(kept[-LOGOUTS_KEPT:])


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An exclusive lock on lock_path (created when missing), across processes."""
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _write_atomically(path: Path, text: str) -> None:
    """Write a new file in path's folder, synced, then rename it over path."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself survives a crash
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


_LOGOUTS = _Logouts()


class _EditorsFile:
    """The editors file, parsed again only when it is replaced or changes size or time."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._editors: dict[str, str] = {}

    def read(self, path: Path) -> dict[str, str]:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return {}
        except OSError as error:  # fail closed, as for a damaged file
            LOG.error("%s: cannot read the editors file (%s); its editors cannot log in",
                      path, error)
            return {}
        key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if key != self._key:
            try:
                self._editors = load_editors(path)
            except ConfigError as error:  # fail closed: nobody from a damaged file gets in
                LOG.error("%s; its editors cannot log in", error)
                self._editors = {}
            self._key = key
        return self._editors


_EDITORS_FILE = _EditorsFile()


def _seconds(variable: str, default: int) -> int:
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) <= 0:
        raise ConfigError(f"{variable}: expected a positive number of seconds, got {value[:40]!r}")
    return int(value)


def _cookies(scope: dict[str, Any]) -> dict[str, str]:
    # Parsed as Datasette's Request.cookies parses them, so both see the same cookies.
    jar = http.cookies.SimpleCookie()
    header = {k.decode("latin-1").lower(): v.decode("latin-1")
              for k, v in scope.get("headers") or []}
    jar.load(header.get("cookie", ""))
    return {key: morsel.value for key, morsel in jar.items()}


def _without_cookie(scope: dict[str, Any], cookies: dict[str, str], name: str) -> list:
    kept = "; ".join(f"{key}={value}" for key, value in cookies.items() if key != name)
    headers = [(k, v) for k, v in scope.get("headers") or [] if k.lower() != b"cookie"]
    return headers + ([(b"cookie", kept.encode("latin-1"))] if kept else [])


def _adding_cookie(send, set_cookie: str | None):
    """`send`, adding a Set-Cookie to the response unless it already sets the session cookie
    (a login or a logout knows better)."""
    if set_cookie is None:
        return send
    prefix = COOKIE.encode() + b"="

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or [])
            sets_session = any(k.lower() == b"set-cookie" and bytes(v).startswith(prefix)
                               for k, v in headers)
            if not sets_session:
                message = {**message, "headers": [*headers, (b"set-cookie", set_cookie.encode())]}
        await send(message)
    return sending

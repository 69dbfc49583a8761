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

import hashlib
import http.cookies
import json
import logging
import math
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette.utils import baseconv
from datasette.utils.asgi import Response
from itsdangerous import BadSignature

from pipeline.editors import AUTH_PLUGIN, HASH_SUFFIX, load_editors
from pipeline.errors import ConfigError
from pipeline.public import EDITOR_SCOPE_KEY
from pipeline.web_headers import configured_base_url

LOG = logging.getLogger(__name__)
COOKIE, NAMESPACE = "ds_actor", "actor"
IDLE_S, MAX_S = 8 * 3600, 7 * 24 * 3600
RENEW_AFTER_S = 300  # a session's last-seen time is renewed at most this often (or idle / 10)
PASSWORD_TOOL = "/-/password-tool"  # datasette-auth-passwords' hashing page: refused to everyone
LOGOUT = "/-/logout"
LOGOUTS_SUFFIX = ".logouts.json"  # ended sessions' ids, next to the editors file
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
            if _route_path(scope).rstrip("/").endswith(PASSWORD_TOOL):
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
            if session and scope.get("method") == "POST" and _route_path(scope) == LOGOUT:
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
            _LOGOUTS.end(_logouts_path(datasette), session.sid, until, time.time())
        await send(message)
    return sending


def _logouts_path(datasette) -> Path | None:
    live_file = (datasette.plugin_config(AUTH_PLUGIN) or {}).get("editors_file")
    return Path(live_file + LOGOUTS_SUFFIX) if live_file else None


class _Logouts:
    """Ended sessions (id -> absolute expiry) per file, each read again only when it changes; in
    memory when there is no file."""

    def __init__(self) -> None:
        self._read_as: dict[Path | None, tuple[Any, dict[str, float]]] = {}

    def ended(self, path: Path | None, sid: str, now: float) -> bool:
        return self._read(path).get(sid, 0) > now

    def end(self, path: Path | None, sid: str, until: float, now: float) -> None:
        ended = {key: expiry for key, expiry in self._read(path).items() if expiry > now}
        ended[sid] = until
        kept = dict(sorted(ended.items(), key=lambda item: item[1])[-LOGOUTS_KEPT:])
        self._read_as[path] = (None, kept)
        if path is not None:
            temporary = path.with_suffix(".tmp")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(kept, handle)
            os.replace(temporary, path)

    def _read(self, path: Path | None) -> dict[str, float]:
        key, ended = self._read_as.get(path, (None, {}))
        if path is None:
            return ended
        try:
            stat = path.stat()
        except FileNotFoundError:
            return {}
        if (stat.st_ino, stat.st_size, stat.st_mtime_ns) != key:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                # Failing closed would end every session for good; the next logout rewrites it.
                LOG.error("%s: cannot read the ended sessions (%s)", path, error)
                loaded = {}
            ended = {k: v for k, v in loaded.items() if isinstance(v, (int, float))} \
                if isinstance(loaded, dict) else {}
            self._read_as[path] = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), ended)
        return ended


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
    if not value.isdigit() or int(value) <= 0:
        raise ConfigError(f"{variable}: expected a positive number of seconds, got {value[:40]!r}")
    return int(value)


def _route_path(scope: dict[str, Any]) -> str:
    # Datasette routes on the raw path, so check the same spelling it will match.
    raw = scope.get("raw_path")
    return (raw.decode("latin-1") if raw else scope.get("path", "")).partition("?")[0]


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
                message = {**message, "headers": headers + [(b"set-cookie", set_cookie.encode())]}
        await send(message)
    return sending

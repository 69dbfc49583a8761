"""The editors' login page (/-/login): passwords checked off the event loop, failed tries limited.

It replaces datasette-auth-passwords' page (same form, same PBKDF2 hashes), which hashed on the
event loop: forty anonymous POSTs stalled every reader. Here:
- each check runs on a small thread pool (LOGIN_WORKERS threads; PBKDF2 releases the GIL) and at
  most LOGIN_QUEUE checks wait for it; more get 503, so logins cannot starve the server;
- a client (an address) checks one password at a time: its other tries wait their turn (at most
  CLIENT_QUEUE of them; more get 429 at once), so a client flooding the page holds one place on the
  pool and an editor behind the same address (a NAT, a proxy that names no client) waits behind a
  few checks at most;
- failed tries only slow logins down, never refuse them: DELAY_STEP_S more per failure beyond
  CLIENT_FAILURES for the client whatever the names, beyond PAIR_FAILURES_FREE for one (client,
  name) pair, and beyond NAME_FAILURES_FREE for one name from every address, at most DELAY_MAX_S
  a try, taken while the client's turn is held: a right password is never refused because of
  others' failures, and a guesser makes one try per DELAY_MAX_S at best. A try counts from the
  moment its turn comes and is forgotten when it succeeds.
The client address is the connection's, or the one a proxy named in PROBONO_TRUSTED_PROXIES put
in X-Forwarded-For (uvicorn resolves it before this code runs; no other address is trusted).
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import time
import urllib.parse
import weakref
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Hashable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from typing import Any

from datasette.utils.asgi import Response
from datasette_auth_passwords.utils import verify_password

from pipeline.errors import ConfigError
from pipeline.publishing.review import is_editor
from pipeline.publishing.sessions import server_editors, session_cookie

CLIENT_FAILURES = 20  # failures per client within WINDOW_S before its tries are slowed down
CLIENT_QUEUE = 3  # a client's tries waiting behind its check in flight; more get 429
WINDOW_S = 300
PAIR_FAILURES_FREE, NAME_FAILURES_FREE = 5, 10
DELAY_STEP_S, DELAY_MAX_S = 0.5, 5.0
KEYS_KEPT = 10_000  # clients, pairs and names remembered, the least recent forgotten first
LOGIN_WORKERS, LOGIN_QUEUE = 1, 8
MAX_PASSWORD = 1024
REVIEW_PATH = "/-/review"  # where an editor lands after logging in
# Checked for unknown names, so that a wrong name costs the same time as a wrong password.
DUMMY_HASH = "pbkdf2_sha256$480000$probono-no-such-editor$" + "A" * 43 + "="


class LoginBusy(Exception):
    """More password checks are waiting than LOGIN_QUEUE."""


class LoginLimiter:
    """Recent failed tries per client, per (client, name) and per name; each client's turn."""

    def __init__(self) -> None:
        self.clients: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self.pairs: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self.names: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self.turns: dict[str, tuple[asyncio.Lock, int]] = {}  # client -> its turn, tries waiting

    def admit(self, client: str, name: str, now: float) -> float:
        """The delay before this try's password is checked (0 if none); counts the try."""
        tried = _recent(self.clients, client, now)
        pair = _recent(self.pairs, (client, name), now)
        named = _recent(self.names, name, now)
        beyond = max(len(tried) + 1 - CLIENT_FAILURES, len(pair) + 1 - PAIR_FAILURES_FREE,
                     len(named) + 1 - NAME_FAILURES_FREE, 0)
        for recent in (tried, pair, named):
            recent.append(now)
        return min(DELAY_MAX_S, DELAY_STEP_S * beyond)

    def forget(self, client: str, name: str, stamp: float) -> None:
        """Forget the try made at `stamp` (it succeeded)."""
        for recent in (self.clients.get(client), self.pairs.get((client, name)),
                       self.names.get(name)):
            if recent is not None:
                with suppress(ValueError):
                    recent.remove(stamp)

    @asynccontextmanager
    async def turn(self, client: str) -> AsyncIterator[bool]:
        """Wait for the client's turn; yields False at once when CLIENT_QUEUE tries already wait."""
        lock, tries = self.turns.get(client) or (asyncio.Lock(), 0)
        if tries > CLIENT_QUEUE:  # one in flight and CLIENT_QUEUE waiting
            yield False
            return
        self.turns[client] = (lock, tries + 1)
        try:
            async with lock:
                yield True
        finally:
            lock, tries = self.turns[client]
            if tries > 1:
                self.turns[client] = (lock, tries - 1)
            else:
                del self.turns[client]


def client_key(scope: dict[str, Any]) -> str:
    """The client a try is counted against: an IPv4 address (also when IPv4-mapped), or an IPv6
    /64 (one holder has all)."""
    address = (scope.get("client") or ("unknown",))[0]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


async def login(request, datasette) -> Response:
    """GET: the login form; POST: check the password, then a session cookie and the page asked
    for (`next`, a path of this site) or, for an editor, the review queue."""
    editors = server_editors(datasette)
    error = None if editors else "This instance does not have any configured accounts"
    next_path = safe_next(request.args.get("next"))
    if request.method == "POST":
        posted = await request.post_vars()
        next_path = safe_next(posted.get("next")) or next_path
        name, password = posted.get("username") or "", posted.get("password") or ""
        outcome = await _try(datasette, request.scope, editors, name, password)
        if isinstance(outcome, Response):
            return outcome
        if outcome:
            now = time.time()
            cookie = session_cookie(request.scope, datasette, name, editors[name], now, now)
            actor = {"id": name, "role": "editor"}  # as the session's (sessions.py)
            landing = next_path or (REVIEW_PATH if await is_editor(datasette, actor) else "/")
            return Response.redirect(datasette.urls.path(landing), headers={"set-cookie": cookie})
        error = "Invalid username or password"
    return Response.html(await datasette.render_template(
        "password_login.html", {"error": error, "next": next_path or ""}, request=request))


def safe_next(value: str | None) -> str | None:
    """A `next` path to go to after login when it is a path of this site, else None: never
    another site (`//host`, `/\\host`, `https:`), never a control character."""
    value = value or ""
    if (not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 500
            or any(ord(c) < 32 or ord(c) == 127 for c in value)):
        return None
    parts = urllib.parse.urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


async def _try(datasette, scope, editors: dict[str, str], name: str,
               password: str) -> bool | Response:
    """Whether the password is right, or the 429/503 answer when it cannot be checked now."""
    limiter, client, key = _limiter(datasette), client_key(scope), name[:64]
    async with limiter.turn(client) as admitted:
        if not admitted:
            return _too_many("Too many logins at once from your address; try again in a few "
                             "seconds.", 5)
        now = time.monotonic()
        delay = limiter.admit(client, key, now)
        try:
            if delay:
                await asyncio.sleep(delay)  # slows a guesser without locking an editor out
            right = await check_password(password, editors.get(name))
        except LoginBusy:  # counted: a flood of 503s costs the flooder its tries
            return Response.text("Too many logins at once; try again in a few seconds.",
                                 status=503, headers={"Retry-After": "5"})
    if right:
        limiter.forget(client, key, now)
    return right


def _too_many(message: str, retry_after: int) -> Response:
    return Response.text(message, status=429, headers={"Retry-After": str(retry_after)})


async def check_password(password: str, password_hash: str | None) -> bool:
    """Check a password on the login pool, off the event loop; LoginBusy when the pool is full."""
    global _waiting
    if _waiting >= LOGIN_QUEUE:
        raise LoginBusy()
    _waiting += 1
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_pool(), _verify, password, password_hash)
    finally:
        _waiting -= 1


def _verify(password: str, password_hash: str | None) -> bool:
    if password_hash is None or len(password) > MAX_PASSWORD:
        verify_password(password[:MAX_PASSWORD], DUMMY_HASH)  # the same cost as a real check
        return False
    try:
        return verify_password(password, password_hash)
    except (AssertionError, ValueError):  # a hash of another algorithm or a damaged one
        return False


_waiting = 0
_executor: ThreadPoolExecutor | None = None
_limiters: weakref.WeakKeyDictionary[Any, LoginLimiter] = weakref.WeakKeyDictionary()


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(LOGIN_WORKERS, thread_name_prefix="probono-login")
    return _executor


def _limiter(datasette) -> LoginLimiter:
    # One per Datasette instance: the tests' instances must not share their counts.
    return _limiters.setdefault(datasette, LoginLimiter())


def _recent(table: OrderedDict[Hashable, deque[float]], key: Hashable, now: float) -> deque[float]:
    """The key's tries within the window, the key moved to the most recently seen end; the table
    kept to KEYS_KEPT keys."""
    recent = table.pop(key, deque())
    while recent and now - recent[0] > WINDOW_S:
        recent.popleft()
    table[key] = recent
    while len(table) > KEYS_KEPT:
        table.popitem(last=False)
    return recent


def proxy_environment() -> dict[str, str]:
    """uvicorn's FORWARDED_ALLOW_IPS for `datasette serve`: the proxies of PROBONO_TRUSTED_PROXIES,
    none by default (uvicorn would otherwise believe any X-Forwarded-For sent from 127.0.0.1)."""
    listed = os.environ.get("PROBONO_TRUSTED_PROXIES", "").split(",")
    proxies = [proxy.strip() for proxy in listed if proxy.strip()]
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ConfigError(f"PROBONO_TRUSTED_PROXIES: {proxy[:60]!r} is not an IP address or "
                              "network (list the proxies' addresses, comma-separated)") from None
    return {"FORWARDED_ALLOW_IPS": ",".join(proxies)}

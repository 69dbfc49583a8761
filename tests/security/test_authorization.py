"""No login through `Authorization: Basic`: datasette-auth-passwords would check such a password on
the event loop, unlimited, on every request. The header is dropped before Datasette sees it, and
every answer, early errors and the password tool's 404 included, carries the security headers.

In process, with editor bob configured through `*_password_hash` keys as the demo editor is.
"""

from __future__ import annotations

import asyncio
import base64
import time

from pipeline.publishing.web_headers import secured
from tests.security.conftest import PASSWORD, db_name

GUESSES = 16


def basic(credentials: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()}


def test_basic_guesses_do_not_slow_a_reader_and_never_log_in(in_process):
    ds = in_process

    async def run() -> tuple[float, list[int], str]:
        await ds.invoke_startup()
        guesses = [ds.client.get("/-/actor.json", headers=basic(f"bob:guess {n}"))
                   for n in range(GUESSES)]

        started = time.monotonic()

        async def reader() -> float:
            # Asked once the guesses are under way; timed from then (a loop blocked by the
            # guesses' hashing wakes this sleep late).
            await asyncio.sleep(0.05)
            response = await ds.client.get(f"/{db_name()}/sources.json?_size=1")
            assert response.status_code == 200
            return time.monotonic() - started - 0.05
        *answers, seconds = await asyncio.gather(*guesses, reader())
        right = await ds.client.get("/-/actor.json", headers=basic(f"bob:{PASSWORD}"))
        return seconds, [answer.status_code for answer in answers], right.text
    seconds, statuses, right = asyncio.run(run())
    print(f"a reader's page during {GUESSES} Basic guesses: {seconds:.3f} s")
    assert seconds < 1.0
    assert statuses == [200] * GUESSES
    assert '"actor": null' in right.replace('"actor":null', '"actor": null'), right[:200]


def test_a_malformed_authorization_header_is_no_server_error(in_process):
    async def run():
        await in_process.invoke_startup()
        return await in_process.client.get("/-/actor.json",
                                           headers={"Authorization": "Basic ///"})
    response = asyncio.run(run())
    assert response.status_code == 200 and response.headers["x-frame-options"] == "DENY"


def test_the_password_tools_404_carries_the_security_headers(in_process):
    async def run():
        await in_process.invoke_startup()
        return await in_process.client.get("/-/password-tool")
    response = asyncio.run(run())
    assert response.status_code == 404
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_an_error_before_any_answer_is_a_plain_500_with_the_headers():
    async def failing(scope, receive, send):
        raise RuntimeError("boom")
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)
    asyncio.run(secured(failing, "http://127.0.0.1:8001")(
        {"type": "http", "path": "/", "headers": []}, None, send))
    assert sent[0]["status"] == 500 and (b"x-frame-options", b"DENY") in sent[0]["headers"]
    assert sent[1]["body"] == b"Internal server error"

"""Logging in cannot hurt readers or be used against editors: passwords are checked off the event
loop, the limiter counts the real client address (X-Forwarded-For only from a proxy the operator
names), a client checks one password at a time (a few more wait their turn, beyond that 429), and
failures (a client's beyond CLIENT_FAILURES whatever the names, a name's) only slow logins down,
at most DELAY_MAX_S a try: a right password is never refused because of them.

Against a real `probono serve` on a free loopback port (tests/security/test_sessions.py starts it).
"""

from __future__ import annotations

import threading
import time

import pytest

from pipeline.publishing.login import (
    CLIENT_FAILURES,
    CLIENT_QUEUE,
    DELAY_MAX_S,
    DELAY_STEP_S,
    NAME_FAILURES_FREE,
    LoginLimiter,
    client_key,
)
from tests.security.conftest import ALICE, PASSWORD
from tests.security.test_sessions import Browser, serving

GUESSERS = 16


def test_readers_are_served_while_wrong_logins_pour_in(site, tmp_path):
    db, env = site
    env = {**env, "PROBONO_TRUSTED_PROXIES": "127.0.0.1"}  # each try may come from a new client
    with serving(db, env, tmp_path / "serve.log") as base:
        stop, errors, sent = threading.Event(), [], [0]

        def guess(worker: int) -> None:
            # Each try from a new client address (as a botnet's would be): no (address, name) limit
            # refuses it before its password is checked.
            guesser, attempt = Browser(base), 0
            form = {"username": "alice", "password": "wrong", "csrftoken": guesser.csrftoken()}
            while not stop.is_set():
                attempt += 1
                guesser.forwarded_for = f"198.51.100.{worker}, 203.0.113.{attempt % 250}"
                try:
                    guesser.request("POST", "/-/login", form)
                    sent[0] += 1
                except OSError as error:
                    errors.append(error)

        workers = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSERS)]
        for worker in workers:
            worker.start()
        try:
            time.sleep(1.5)  # let the wrong logins pile up
            reader, times = Browser(base), []
            for _ in range(6):
                started = time.monotonic()
                status, _, _ = reader.request("GET", "/site/articles?_size=20")
                times.append(time.monotonic() - started)
                assert status == 200
                time.sleep(0.2)
        finally:
            stop.set()
            for worker in workers:
                worker.join(timeout=120)
    print(f"{sent[0]} wrong logins; a reader's page took {max(times):.3f} s at most")
    assert not errors and sent[0] >= GUESSERS
    assert max(times) < 1.0, f"a reader's page took {max(times):.2f} s while logins were checked"


def test_x_forwarded_for_from_loopback_does_not_choose_the_limiters_key(site, tmp_path):
    db, env = site
    with serving(db, env, tmp_path / "serve.log") as base:
        statuses = [Browser(base, forwarded_for=f"203.0.113.{n}").login(f"name{n}", "guess")
                    for n in range(CLIENT_FAILURES)]
        assert statuses == [200] * CLIENT_FAILURES
        # All counted against the connection's address: its next try is slowed down.
        assert slowed(Browser(base, forwarded_for="203.0.113.250"), "name", "guess") == 200


def test_wrong_tries_never_refuse_the_right_password(site, tmp_path):
    db, env = site
    with serving(db, env, tmp_path / "serve.log") as base:
        # Ten wrong tries for bob from this address (a proxy that names no client), then his own.
        bob = Browser(base)
        assert [bob.login("bob", f"guess {n}") for n in range(10)] == [200] * 10
        started = time.monotonic()
        assert bob.login("bob", PASSWORD) == 302 and bob.actor() == "bob"
        print(f"bob's right password after ten wrong ones took {time.monotonic() - started:.1f} s")
        alice = Browser(base)  # same address, another editor: not slowed at all
        assert alice.login("alice", ALICE) == 302 and alice.actor() == "alice"


def test_a_client_flooding_random_names_keeps_no_editor_out(site, tmp_path):
    db, env = site
    env = {**env, "PROBONO_TRUSTED_PROXIES": "127.0.0.1"}
    with serving(db, env, tmp_path / "serve.log") as base:
        stop, statuses = threading.Event(), []

        def flood(worker: int) -> None:
            flooder, attempt = Browser(base, forwarded_for="203.0.113.5"), 0
            form = {"password": "wrong", "csrftoken": flooder.csrftoken()}
            while not stop.is_set():
                attempt += 1
                form["username"] = f"random-{worker}-{attempt}"
                statuses.append(flooder.request("POST", "/-/login", form)[0])
        workers = [threading.Thread(target=flood, args=(n,)) for n in range(GUESSERS)]
        for worker in workers:
            worker.start()
        try:
            time.sleep(1.5)  # the flood is running
            editor = Browser(base, forwarded_for="198.51.100.9")
            results = [editor.login("alice", ALICE) for _ in range(3)]
        finally:
            stop.set()
            for worker in workers:
                worker.join(timeout=120)
    print(f"flood answers: { {code: statuses.count(code) for code in set(statuses)} }")
    assert results == [302] * 3, results
    assert 429 in statuses and statuses.count(200) <= CLIENT_FAILURES


def test_an_editor_behind_a_guessers_address_still_logs_in(site, tmp_path):
    # Behind a NAT or a proxy that names no client, editors share the guesser's address: its
    # failures slow that address down (at most DELAY_MAX_S a try) and never refuse a right password.
    db, env = site
    with serving(db, env, tmp_path / "serve.log") as base:
        guesser = Browser(base)
        wrong = [guesser.login(f"random-{n}", "guess") for n in range(CLIENT_FAILURES)]
        assert wrong == [200] * CLIENT_FAILURES
        started = time.monotonic()
        alice = Browser(base)
        assert alice.login("alice", ALICE) == 302 and alice.actor() == "alice"
        seconds = time.monotonic() - started
        assert seconds < 10, seconds
        # A guesser's further tries are slowed down, one at a time.
        started = time.monotonic()
        assert guesser.login("random-more", "guess") == 200
        assert time.monotonic() - started >= DELAY_STEP_S


def test_one_client_checks_one_password_at_a_time_and_queues_a_few(site, tmp_path):
    db, env = site
    with serving(db, env, tmp_path / "serve.log") as base:
        statuses: list[int] = []

        def guess(n: int) -> None:
            statuses.append(Browser(base).login(f"random-{n}", "guess"))
        guessers = [threading.Thread(target=guess, args=(n,)) for n in range(CLIENT_QUEUE + 6)]
        for guesser in guessers:
            guesser.start()
        for guesser in guessers:
            guesser.join(timeout=120)
        # Beyond the one in flight and CLIENT_QUEUE waiting, a client gets 429; the others wait
        # their turn rather than being refused.
        assert statuses.count(200) >= CLIENT_QUEUE + 1 and 429 in statuses, statuses
        assert set(statuses) == {200, 429}, statuses


def test_a_named_proxy_is_believed_and_only_it(site, tmp_path):
    db, env = site
    env = {**env, "PROBONO_TRUSTED_PROXIES": "127.0.0.1"}
    with serving(db, env, tmp_path / "serve.log") as base:
        # The right-most address the proxy did not add is the client; what the client wrote
        # before it is not believed.
        spoofing = [Browser(base, forwarded_for=f"10.0.0.{n}, 203.0.113.7").login(f"name{n}", "x")
                    for n in range(CLIENT_FAILURES)]
        assert spoofing == [200] * CLIENT_FAILURES
        assert slowed(Browser(base, forwarded_for="10.0.0.99, 203.0.113.7"), "name", "x") == 200
        started = time.monotonic()  # another client named by the proxy: not slowed
        assert Browser(base, forwarded_for="203.0.113.8").login("alice", "guess") == 200
        assert time.monotonic() - started < DELAY_STEP_S + 1.0


@pytest.mark.parametrize(("address", "key"), [
    ("::ffff:1.2.3.4", "1.2.3.4"), ("::ffff:9.9.9.9", "9.9.9.9"), ("1.2.3.4", "1.2.3.4"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"), ("::1", "::/64"),
    ("not an address", "not an address"),
])
def test_the_limiters_key_of_each_kind_of_address(address, key):
    assert client_key({"client": (address, 5)}) == key


def test_failures_for_one_name_from_many_addresses_slow_it_down_but_never_lock_it():
    limiter, now = LoginLimiter(), 1000.0
    delays = [limiter.admit(f"192.0.2.{n}", "alice", now + n)
              for n in range(NAME_FAILURES_FREE + 12)]
    assert delays[:NAME_FAILURES_FREE] == [0.0] * NAME_FAILURES_FREE
    later = delays[NAME_FAILURES_FREE:]
    assert later == sorted(later) and 0 < later[0] < later[-1] <= 5.0
    assert limiter.admit("192.0.2.200", "bob", now + 30) == 0.0  # other names untouched


def test_a_clients_failures_slow_it_down_up_to_a_bound_but_never_lock_it():
    limiter, now = LoginLimiter(), 1000.0
    delays = [limiter.admit("192.0.2.1", f"random-{n}", now + n)
              for n in range(CLIENT_FAILURES + 30)]
    assert delays[:CLIENT_FAILURES] == [0.0] * CLIENT_FAILURES
    assert 0 < delays[CLIENT_FAILURES] < delays[-1] == DELAY_MAX_S  # bounded: a delay, no refusal
    assert limiter.admit("192.0.2.2", "alice", now + 60) == 0.0  # another client untouched


def slowed(browser: Browser, name: str, password: str) -> int:
    """The status of a login that must have been slowed down by at least DELAY_STEP_S."""
    token = browser.csrftoken()
    started = time.monotonic()
    status = browser.request("POST", "/-/login", {"username": name, "password": password,
                                                  "csrftoken": token})[0]
    assert time.monotonic() - started >= DELAY_STEP_S
    return status

"""Signing in and out, with a limit on guessing that a whole class signing in together never reaches."""

from uuid import uuid4

import pytest
import werkzeug.security
from limits import parse_many
from werkzeug.security import generate_password_hash

from panel import create_app
from panel.core.models import utcnow
from panel.extensions import db, limiter
from tests.factories import PASSWORD
from tests.reading import grade, page_text

SCHOOL = "192.0.2.10"  # one address for everyone on a school's network
REDIS = "redis://127.0.0.1:6379/15"


def text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def sign_in(client, username: str, password: str, address: str = SCHOOL):
    return client.post(
        "/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def is_signed_in_as(client, name: str) -> bool:
    return f"Hello, {name}" in text(client.get("/"))


@pytest.fixture
def quick_password_checks(monkeypatch):
    """Passwords hashed the quick way, for the tests that count tries (dozens of sign-ins each); what a check
    costs is tested on its own, with real hashes."""

    def quick(password: str) -> str:
        return generate_password_hash(password, method="pbkdf2:sha256:1")

    monkeypatch.setattr("tests.factories._password_hash", quick)
    stand_in = quick("nobody has this password")
    monkeypatch.setattr("panel.accounts.operations.stand_in_hash", lambda: stand_in)


def test_sign_in_with_the_right_password_goes_home(client, make):
    make.user("nadia", "Nadia", password="a good long password")
    response = client.post("/login", data={"username": "Nadia ", "password": "a good long password"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Hello, Nadia" in client.get("/").get_data(as_text=True)


def test_wrong_password_says_so_beside_the_field_and_keeps_the_username(client, make):
    make.user("nadia", password="a good long password")
    response = client.post("/login", data={"username": "nadia", "password": "wrong"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "don&#39;t match" in page or "don't match" in page
    assert 'value="nadia"' in page
    assert "There is a problem" in page


def test_empty_form_asks_for_both_fields(client):
    page = client.post("/login", data={}).get_data(as_text=True)
    assert "Enter your username" in page and "Enter your password" in page


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/rounds/", "/rounds/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
    ],
)
def test_next_only_follows_links_on_this_site(client, make, target, expected):
    make.user("nadia", password="a good long password", commissioner=True)
    response = client.post(
        f"/login?next={target}", data={"username": "nadia", "password": "a good long password"}
    )
    assert response.headers["Location"] == expected


def test_pages_for_signed_in_people_send_others_to_sign_in(client):
    response = client.get("/rounds/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("claimed", ["²", "arabic", "99999999999999999999", "0", ""])
def test_a_session_naming_no_readable_user_is_simply_signed_out(client, make, claimed):
    user = make.user()
    if claimed == "arabic":  # the user's own id in Arabic digits: int() would read it
        claimed = str(user.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    with client.session_transaction() as session:
        session["_user_id"] = claimed
    response = client.get("/my-data")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_sign_out_needs_a_post_and_ends_the_session(client, make, login):
    login(make.user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/rounds/").status_code == 302


def test_a_class_on_one_school_network_all_get_in_even_when_some_mistype(
    rate_limited_app, make, quick_password_checks
):
    """30 people sign in within a minute from one address, and 10 of them get their password wrong first."""
    pupils = [make.user(f"pupil{number}", f"Pupil {number}") for number in range(30)]
    signed_in = []
    for number, pupil in enumerate(pupils):
        client = rate_limited_app.test_client()  # a phone or laptop of their own
        if number % 3 == 0:
            assert sign_in(client, pupil.username, "wrong password").status_code == 200
        response = sign_in(client, pupil.username, PASSWORD)
        signed_in.append(response.status_code == 302 and is_signed_in_as(client, f"Pupil {number}"))
    assert signed_in == [True] * 30


def test_guessing_one_persons_password_is_slowed_even_from_many_addresses(
    rate_limited_app, make, quick_password_checks
):
    make.user("nadia", "Nadia")
    make.user("omar", "Omar")
    client = rate_limited_app.test_client()
    guesses = [sign_in(client, "Nadia", f"guess {n}", address=f"198.51.100.{n}") for n in range(5)]
    assert [guess.status_code for guess in guesses] == [200, 200, 200, 200, 429]
    assert "You can try 2 more times" in text(guesses[2])
    assert "You can try 1 more time. After that, you will need to wait 15 minutes" in text(guesses[3])
    assert "don't match" in text(guesses[4]) and "wait 15 minutes" in text(guesses[4])

    right_password = sign_in(client, "nadia", PASSWORD, address="203.0.113.7")
    assert right_password.status_code == 429
    words = text(right_password)
    assert "There have been too many wrong tries for this username" in words
    assert "wait 15 minutes, then try again" in words
    assert "ask the person who runs your panel" in words
    assert grade(page_text(right_password.get_data(as_text=True))) <= 6
    assert not is_signed_in_as(client, "Nadia")

    assert sign_in(client, "omar", PASSWORD, address="198.51.100.1").status_code == 302  # nobody else waits
    assert is_signed_in_as(client, "Omar")


def test_being_slowed_says_nothing_about_whether_a_username_exists(
    rate_limited_app, make, quick_password_checks
):
    make.user("nadia")
    client = rate_limited_app.test_client()
    pages = {}
    for username in ("nadia", "nobody"):
        tries = [sign_in(client, username, f"guess {n}", address=f"198.51.100.{n}") for n in range(6)]
        assert [attempt.status_code for attempt in tries] == [200, 200, 200, 200, 429, 429]
        pages[username] = [page_text(text(attempt)).replace(username, "NAME") for attempt in tries]
    assert pages["nadia"] == pages["nobody"]


def test_someone_who_often_mistypes_still_gets_in_every_time(rate_limited_app, make, quick_password_checks):
    make.user("nadia", "Nadia")
    client = rate_limited_app.test_client()
    for _ in range(3):
        assert [sign_in(client, "nadia", f"typo {n}").status_code for n in range(4)] == [200] * 4
        assert sign_in(client, "nadia", PASSWORD).status_code == 302  # getting in forgets the typos
        client.post("/logout")


def test_guessing_across_many_usernames_from_one_network_is_slowed_at_its_ceiling(
    rate_limited_app, make, quick_password_checks
):
    ceiling = min(window.amount for window in parse_many(rate_limited_app.config["FAILED_TRIES_PER_ADDRESS"]))
    assert ceiling >= 30  # a whole class, each mistyping once, stays below it
    make.user("nadia", "Nadia")
    client = rate_limited_app.test_client()
    tries = [sign_in(client, f"name{n}", "password123") for n in range(ceiling)]
    assert [attempt.status_code for attempt in tries] == [200] * (ceiling - 1) + [429]
    assert "don't match" in text(tries[-1]) and "too many wrong tries from this network" in text(tries[-1])

    slowed = sign_in(client, "nadia", PASSWORD)
    assert slowed.status_code == 429
    assert "too many wrong tries from this network" in text(slowed)
    assert "Wait 1 minute, then try again" in text(slowed)
    assert grade(page_text(slowed.get_data(as_text=True))) <= 6

    elsewhere = rate_limited_app.test_client()
    assert sign_in(elsewhere, "nadia", PASSWORD, address="203.0.113.9").status_code == 302


@pytest.mark.parametrize("who", ["unknown username", "wrong password", "right password", "removed account"])
def test_every_sign_in_checks_exactly_one_password_hash_of_the_same_kind(client, make, monkeypatch, who):
    """So the time taken does not tell anyone whether a username exists (7 ms against 80 ms, before)."""
    person = make.user("nadia")
    kind = person.password_hash.split("$")[0]
    if who == "removed account":
        person.password_hash, person.pseudonymised_at = "!removed", utcnow()
        db.session.commit()
    checked = []
    derive = werkzeug.security._hash_internal  # the slow part of checking a password

    def spy(method: str, salt: str, password: str):
        checked.append(method)
        return derive(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", spy)
    username, password = {
        "unknown username": ("nobody", PASSWORD),
        "wrong password": ("nadia", "not the password"),
        "right password": ("nadia", PASSWORD),
        "removed account": ("nadia", PASSWORD),
    }[who]
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == (302 if who == "right password" else 200)
    assert checked == [kind]


@pytest.fixture
def limited_app_with(app):
    """Apps with the limits on and the settings given. Flask-Limiter keeps its on/off flag and storage options
    in the one limiter every app shares, so afterwards they go back to what the suite's app had."""
    was_enabled, options = limiter.enabled, dict(limiter._storage_options)

    def make(**settings):
        return create_app(
            {**app.config, "RATELIMIT_ENABLED": True, **settings}, instance_path=app.instance_path
        )

    yield make
    limiter.enabled = was_enabled
    limiter._storage_options.clear()
    limiter._storage_options.update(options)


@pytest.fixture
def redis_store():
    """The local Redis, or a skip; the keys a test makes there carry a prefix of their own and are removed."""
    redis = pytest.importorskip("redis", reason="redis (production extra) keeps the counts across processes")
    store = redis.Redis.from_url(REDIS, socket_timeout=1, socket_connect_timeout=1)
    try:
        store.ping()
    except (redis.RedisError, OSError):
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    prefix = f"copanel-test-{uuid4().hex}"
    yield store, prefix
    for key in store.scan_iter(f"{prefix}:*"):
        store.delete(key)
    store.close()


def test_server_processes_sharing_redis_share_the_count_of_wrong_tries(limited_app_with, redis_store, make):
    store, prefix = redis_store
    settings = {"RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix}}
    first, second = (limited_app_with(**settings).test_client() for _ in range(2))
    make.user("nadia")
    assert [sign_in(first, "nadia", f"guess {n}").status_code for n in range(3)] == [200] * 3
    assert sign_in(second, "nadia", "guess 3").status_code == 200
    assert sign_in(second, "nadia", "guess 4").status_code == 429  # the fifth wrong try, counted across both
    assert sign_in(first, "nadia", PASSWORD).status_code == 429
    assert any(store.scan_iter(f"{prefix}:*"))  # the counts really are in Redis


def test_sign_in_still_works_and_is_still_limited_when_the_store_of_tries_is_down(limited_app_with, make):
    pytest.importorskip("redis", reason="redis (production extra) is the store that goes down here")
    down = limited_app_with(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")  # nothing listens on port 1
    make.user("nadia", "Nadia")
    make.user("omar", "Omar")
    assert sign_in(down.test_client(), "omar", PASSWORD).status_code == 302
    client = down.test_client()
    assert [sign_in(client, "nadia", f"guess {n}").status_code for n in range(6)] == [200] * 4 + [429] * 2

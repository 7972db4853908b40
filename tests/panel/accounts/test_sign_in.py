"""Signing in and out, with a limit on guessing."""

import pytest


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


def test_sign_out_needs_a_post_and_ends_the_session(client, make, login):
    login(make.user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/rounds/").status_code == 302


def test_guessing_passwords_is_slowed_down(rate_limited_app, make):
    limited = rate_limited_app
    make.user("nadia", password="a good long password")
    client = limited.test_client()
    statuses = [
        client.post("/login", data={"username": "nadia", "password": f"guess {n}"}).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    response = client.post("/login", data={"username": "nadia", "password": "a good long password"})
    assert response.status_code == 429
    assert "Please wait a minute" in response.get_data(as_text=True)

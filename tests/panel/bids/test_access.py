"""Who may open each bids page: commissioners, the round's panel, a conflicted member, other panels."""

import pytest

from panel.bids import documents
from panel.bids.models import Document
from panel.extensions import db
from scoring.rounds import RoundStatus
from tests.panel.bids.files import pdf_bytes

CONFLICTED_MESSAGE = (
    "You told us you have a link to this organisation, so you&#39;re stepping out for this bid."
)


@pytest.fixture
def document(app, cast):
    stored_name = documents.store(app.config["DOCUMENTS_DIR"], pdf_bytes())
    made = Document(
        bid=cast.bid,
        filename="Budget plan.pdf",
        stored_name=stored_name,
        content_type="application/pdf",
        size_bytes=len(pdf_bytes()),
    )
    db.session.add(made)
    db.session.commit()
    return made


def _urls(cast, document) -> dict[str, tuple[str, str]]:
    base = f"/rounds/{cast.round.id}/bids"
    bid = f"{base}/{cast.bid.id}"
    return {
        "index": ("GET", f"{base}/"),
        "show": ("GET", bid),
        "document": ("GET", f"{bid}/documents/{document.id}"),
        "create": ("GET", f"{base}/new"),
        "create_post": ("POST", f"{base}/new"),
        "edit": ("GET", f"{bid}/edit"),
        "edit_post": ("POST", f"{bid}/edit"),
        "document_upload": ("POST", f"{bid}/documents"),
        "document_delete": ("POST", f"{bid}/documents/{document.id}/delete"),
        "import_upload": ("GET", f"{base}/import"),
        "import_upload_post": ("POST", f"{base}/import"),
        "import_map": ("GET", f"{base}/import/columns"),
        "import_map_post": ("POST", f"{base}/import/columns"),
        "import_preview": ("GET", f"{base}/import/check"),
        "import_confirm": ("POST", f"{base}/import/confirm"),
    }


READERS = {"index", "show", "document"}
ALL = [
    "index",
    "show",
    "document",
    "create",
    "create_post",
    "edit",
    "edit_post",
    "document_upload",
    "document_delete",
    "import_upload",
    "import_upload_post",
    "import_map",
    "import_map_post",
    "import_preview",
    "import_confirm",
]

# What a commissioner gets from an empty request to each page: forms re-shown, import steps sent back, and
# an edit with nothing posted saves the bid as it was.
COMMISSIONER = {
    "index": 200,
    "show": 200,
    "document": 200,
    "create": 200,
    "create_post": 200,
    "edit": 200,
    "edit_post": 302,
    "document_upload": 400,
    "document_delete": 302,
    "import_upload": 200,
    "import_upload_post": 400,
    "import_map": 302,
    "import_map_post": 302,
    "import_preview": 302,
    "import_confirm": 302,
}


def _call(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


@pytest.mark.parametrize("endpoint", ALL)
def test_signed_out_people_are_sent_to_sign_in(client, cast, document, endpoint):
    method, url = _urls(cast, document)[endpoint]
    response = _call(client, method, url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("endpoint", ALL)
def test_commissioners_reach_every_page(client, login, cast, document, endpoint):
    login(cast.commissioner)
    method, url = _urls(cast, document)[endpoint]
    assert _call(client, method, url).status_code == COMMISSIONER[endpoint]


@pytest.mark.parametrize("endpoint", ALL)
def test_panel_members_read_but_never_change(client, login, cast, document, endpoint):
    login(cast.member)
    method, url = _urls(cast, document)[endpoint]
    response = _call(client, method, url)
    assert response.status_code == (200 if endpoint in READERS else 403)
    assert db.session.get(Document, document.id) is not None


@pytest.mark.parametrize("endpoint", ALL)
def test_a_conflicted_member_sees_only_the_list(client, login, cast, document, endpoint):
    login(cast.conflicted)
    method, url = _urls(cast, document)[endpoint]
    response = _call(client, method, url)
    assert response.status_code == (200 if endpoint == "index" else 403)
    if endpoint in {"show", "document"}:
        assert CONFLICTED_MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("endpoint", ALL)
def test_members_of_another_round_are_refused(client, login, cast, document, endpoint):
    login(cast.stranger)
    method, url = _urls(cast, document)[endpoint]
    response = _call(client, method, url)
    assert response.status_code == 403
    assert "Northside Youth Club" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "endpoint", ["show", "document", "edit", "edit_post", "document_upload", "document_delete"]
)
def test_a_bid_from_another_round_is_not_found(client, login, make, cast, document, endpoint):
    login(cast.commissioner)
    elsewhere = make.round("Another round")
    method, url = _urls(cast, document)[endpoint]
    response = _call(client, method, url.replace(f"/rounds/{cast.round.id}/", f"/rounds/{elsewhere.id}/"))
    assert response.status_code == 404


def test_a_document_of_another_bid_is_not_found(client, login, cast, document):
    login(cast.commissioner)
    base = f"/rounds/{cast.round.id}/bids/{cast.other_bid.id}/documents/{document.id}"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}/delete").status_code == 404
    assert db.session.get(Document, document.id) is not None


@pytest.mark.parametrize("endpoint", ["index", "show", "create"])
def test_an_unknown_round_is_not_found(client, login, cast, document, endpoint):
    login(cast.commissioner)
    method, url = _urls(cast, document)[endpoint]
    assert _call(client, method, url.replace(f"/rounds/{cast.round.id}/", "/rounds/9999/")).status_code == 404


@pytest.mark.parametrize(
    "endpoint",
    [
        "create",
        "create_post",
        "edit",
        "edit_post",
        "document_upload",
        "document_delete",
        "import_upload",
        "import_upload_post",
        "import_map",
        "import_preview",
        "import_confirm",
    ],
)
def test_bids_are_locked_once_scoring_starts(client, login, cast, document, endpoint):
    cast.round.status = RoundStatus.SCORING
    db.session.commit()
    login(cast.commissioner)
    method, url = _urls(cast, document)[endpoint]
    response = _call(client, method, url)
    assert response.status_code == 403
    assert "the panel has started scoring them" in response.get_data(as_text=True)

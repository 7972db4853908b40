"""`copanel demo`: a realistic round with its panel, made once and left alone on later runs."""

import secrets
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from panel.accounts.models import User
from panel.accounts.operations import find_user
from panel.bids.models import Bid, Document
from panel.core.models import utcnow
from panel.demo import content
from panel.demo.round_three import DemoRefused, build_round_three
from panel.demo.round_two import build_round_two
from panel.extensions import db
from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round
from panel.rounds.panel.operations import invite_member
from panel.training.operations import (
    answer_question,
    complete_step,
    install_default_pack,
    practice_bid_of,
    score_practice,
    steps_of,
)
from scoring.people import AgeBand, MemberKind, MemberRole
from scoring.rounds import RoundStatus

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 5000  # where `copanel run` listens unless told otherwise


def web_address(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    """The address a browser on this machine opens for `copanel run --host HOST --port PORT`: a server listening
    on every address (0.0.0.0, ::) is opened at 127.0.0.1, an IPv6 address goes in brackets."""
    if host in ("", "0.0.0.0", "::"):
        host = DEFAULT_HOST
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def run_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    """The command that serves the app where the printed addresses point."""
    return (
        "copanel run"
        + (f" --host {host}" if host != DEFAULT_HOST else "")
        + (f" --port {port}" if port != DEFAULT_PORT else "")
    )


def load_demo(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """Create what is missing of the demo, commit, and return the lines that tell a newcomer how to sign in,
    with the addresses of the app served by `copanel run --host HOST --port PORT`."""
    # Every demo account shares the published demo password, so it is hashed once (hashing is slow on purpose).
    password_hash = generate_password_hash(content.PASSWORD)
    users = {
        username: _user(username, name, commissioner, password_hash)
        for username, name, commissioner in [content.COMMISSIONER]
        + [(m[0], m[1], False) for m in content.MEMBERS]
    }
    round_ = db.session.scalar(select(Round).where(Round.title == content.ROUND["title"]))
    code = None
    if round_ is None:
        round_ = _round(users)
        code = _invite(round_, users["commissioner"])
    if db.session.scalar(select(Round).where(Round.title == content.ROUND_TWO["title"])) is None:
        build_round_two(users)
    round_three = db.session.scalar(select(Round).where(Round.title == content.ROUND_THREE["title"]))
    if round_three is None:
        round_three = build_round_three(users)
    _safeguarding_lead(password_hash)
    db.session.commit()
    return _report(round_, code, round_three.id, web_address(host, port), run_command(host, port))


def _user(username: str, display_name: str, commissioner: bool, password_hash: str) -> User:
    user = find_user(username)
    if user is None:
        user = User(
            username=username,
            display_name=display_name,
            is_commissioner=commissioner,
            password_hash=password_hash,
        )
        db.session.add(user)
        db.session.flush()
    return user


def _safeguarding_lead(password_hash: str) -> None:
    """The demo's safeguarding lead, named on every demo round when first made (later runs leave it alone)."""
    username, name = content.SAFEGUARDING_LEAD
    if find_user(username) is not None:
        return
    lead = _user(username, name, False, password_hash)
    lead.is_safeguarding_lead = True
    titles = [content.ROUND["title"], content.ROUND_TWO["title"], content.ROUND_THREE["title"]]
    for round_ in db.session.scalars(select(Round).where(Round.title.in_(titles))):
        round_.safeguarding_lead_id = lead.id


def _round(users: dict[str, User]) -> Round:
    round_ = Round(
        **content.ROUND,
        budget_pence=1_400_000 * 100,
        training_deadline=date(2027, 1, 15),
        scoring_deadline=date(2027, 2, 5),
        meeting_date=date(2027, 2, 12),
        status=RoundStatus.DRAFT,
        created_by_id=users["commissioner"].id,
    )
    db.session.add(round_)
    for position, (title, question, guidance, weight, descriptors) in enumerate(content.CRITERIA):
        criterion = Criterion(
            title=title,
            question=question,
            guidance=guidance,
            weight=weight,
            scale_min=0,
            scale_max=4,
            position=position,
        )
        criterion.levels = [
            CriterionLevel(score=score, descriptor=text) for score, text in enumerate(descriptors)
        ]
        round_.criteria.append(criterion)
    bids = {}
    for reference, organisation, title, pounds, summary in content.BIDS:
        bids[reference] = Bid(
            reference=reference,
            organisation=organisation,
            title=title,
            amount_pence=pounds * 100,
            summary=summary,
            plain_summary=content.PLAIN_SUMMARIES.get(reference, ""),
        )
        round_.bids.append(bids[reference])
    memberships = {}
    for username, _, role, kind, band in content.MEMBERS:
        memberships[username] = Membership(
            user=users[username],
            role=MemberRole(role),
            kind=MemberKind(kind),
            age_band=AgeBand(band) if band else None,
            confidentiality_accepted_at=utcnow(),
            conflicts_reviewed_at=utcnow(),
        )
        users[username].privacy_accepted_at = utcnow()
        round_.memberships.append(memberships[username])
    db.session.flush()
    for username, reference, note in content.CONFLICTS:
        db.session.add(
            Conflict(
                membership=memberships[username],
                bid=bids[reference],
                note=note,
                recorded_by_id=users[username].id,
            )
        )
    _attach_document(bids[content.DOCUMENT_BID], users["commissioner"])
    install_default_pack(round_)
    for username, stage in content.TRAINING.items():
        _train(memberships[username], stage, users["commissioner"])
    return round_


def _train(membership: Membership, stage, commissioner: User) -> None:
    """Take a demo member through training as far as `stage`, through the same operations the pages use."""
    now = utcnow()
    if stage == "in person":
        membership.trained_in_person_at = now
        membership.trained_in_person_note = "Training evening at the youth centre"
        membership.trained_in_person_by_id = commissioner.id
        return
    steps = steps_of(membership.round)
    for step in steps[: len(steps) if stage in ("done", "quiz") else stage]:
        complete_step(membership, step, now)
        if stage in ("done", "quiz"):
            for question in step.questions:
                answer_question(membership, question, next(o for o in question.options if o.is_correct), now)
    if stage == "done":
        practice = practice_bid_of(membership.round)
        if practice is None:
            raise DemoRefused("The demo round has no practice bid to score")
        model = {score.criterion_id: score.score for score in practice.model_scores}
        score_practice(
            membership, {c.id: model.get(c.id, c.scale_min) for c in membership.round.criteria}, now
        )


def _invite(round_: Round, commissioner: User) -> str:
    """A waiting invitation for a young person; only its hash is kept, so its code is shown just this once."""
    name, band = content.INVITEE
    card = invite_member(
        round_,
        commissioner,
        display_name=name,
        role=MemberRole.PANELLIST,
        kind=MemberKind.YOUNG,
        age_band=AgeBand(band),
        email=None,
        now=utcnow(),
    )
    return card.printed_code


def _attach_document(bid: Bid, uploader: User) -> None:
    data = _tiny_pdf("The Hub on Mill Street - business plan (demo)")
    stored_name = secrets.token_hex(16)
    folder = Path(current_app.config["DOCUMENTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(data)
    bid.documents.append(
        Document(
            filename=content.DOCUMENT_NAME,
            stored_name=stored_name,
            content_type="application/pdf",
            size_bytes=len(data),
            uploaded_by_id=uploader.id,
        )
    )


def _tiny_pdf(line: str) -> bytes:
    """A one-page PDF with one line of text, with a correct cross-reference table."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _report(round_: Round, code: str | None, round_three_id: int, address: str, run: str) -> list[str]:
    lines = [
        ("Demo round created: " if code else "Demo round already there: ") + round_.title,
        f"A second round, scored, with its meeting ready to run: {content.ROUND_TWO['title']}",
        f"A third round, decided, with its decisions fed back to the panel: {content.ROUND_THREE['title']}",
        "",
        f"Every demo account has the password: {content.PASSWORD}",
        "  commissioner  (sets up rounds and builds panels)",
        (
            f"  {content.SAFEGUARDING_LEAD[0]:<12}  ({content.SAFEGUARDING_LEAD[1]}: safeguarding lead, "
            "reads the worries panel members raise)"
        ),
    ]
    for username, name, role, _kind, band in content.MEMBERS:
        who = f"{role}, {'young person ' + band if band else 'adult'}"
        lines.append(f"  {username:<12}  ({name}: {who})")
    name, band = content.INVITEE
    if code:
        lines += [
            "",
            f"{name} (young person, {band}) is invited but has not joined yet. To join as {name}, open",
            f"{address}/join and type the code {code} (it is shown only this once).",
        ]
    else:
        lines += [
            "",
            f"{name}'s invitation code was shown when the demo was first made; print a new card from",
            "the round's Panel page if you need one.",
        ]
    decided = f"{address}/rounds/{round_three_id}"
    lines += [
        "",
        f"Open {address} and sign in (if the app is not running: {run}).",
        "To try the live meeting: sign in as chair in one window and as aisha in a private window, open",
        f'{content.ROUND_TWO["title"]} and choose "The panel meeting". The chair starts it; aisha follows.',
        f'To read a young panellist\'s "You said - we did" page for {content.ROUND_THREE["title"]},',
        f"sign in as aisha and open {decided}/feedback. The commissioner's final decisions are at",
        f"{decided}/decisions.",
    ]
    return lines

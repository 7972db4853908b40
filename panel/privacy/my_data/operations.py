"""Everything Co-Panel holds about one person, in plain words, built once for both the My data page and its
JSON download, so the two can never say different things.

Only the person's own data goes in: their account, seats, training, sheets, meeting actions, replies, the
worries they sent, and where they are signed in. Bids and rounds appear by reference, title and organisation; no other member is ever named,
counted or quoted.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from panel.accounts import sessions
from panel.accounts.models import SignInCode, User
from panel.core.notifications.models import Notification
from panel.core.templating import long_date
from panel.extensions import db
from panel.privacy.my_data.activity import meeting_section, replies_section, scores_section, training_section
from panel.privacy.my_data.shapes import Group, MyData, Row, Section, when
from panel.privacy.removal.operations import requests_of
from panel.privacy.retention import WORRIES_KEPT, names_kept_until, retention_days
from panel.rounds.models import Conflict, Membership, Round
from panel.safeguarding.models import Worry, WorryStatus
from panel.safeguarding.operations import own_worries


def memberships_of(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.user_id == user.id)
            .join(Round, Membership.round_id == Round.id)
            .order_by(Round.created_at, Round.id)
        )
    )


def _how_long_names(seats: list[Membership], user: User) -> str:
    if user.is_commissioner:
        return "For as long as you run panels here. Staff accounts are not removed by the panel's time limit."
    if not seats:
        return "Until you ask us to remove it."
    kept_until = [names_kept_until(seat.round) for seat in seats]
    dates = [date for date in kept_until if date is not None]
    if len(dates) == len(kept_until):  # every round has closed
        return f"We will remove your name and contact details on {long_date(max(dates))}."
    days = max(retention_days(seat.round) for seat in seats)
    return (
        f"While your panel runs, then for {days} days after it closes. "
        "Then we remove your name and contact details."
    )


def _account(user: User, seats: list[Membership]) -> Section:
    rows = [
        Row("Your name", user.display_name),
        Row("Your username", user.username),
        Row("Your email address", user.email or "You didn't give us one"),
        Row("You made your account", when(user.created_at)),
        Row("You said you read what we keep about you", when(user.privacy_accepted_at)),
    ]
    if user.is_commissioner:
        rows.append(Row("Kind of account", "Staff: you can set up rounds"))
    return Section(
        "account",
        "Your account",
        "So you can sign in, and so we know what to call you.",
        _how_long_names(seats, user),
        (Group("", tuple(rows)),),
    )


def _conflict_rows(seat: Membership) -> list[Row]:
    conflicts = db.session.scalars(
        select(Conflict).where(Conflict.membership_id == seat.id).order_by(Conflict.recorded_at, Conflict.id)
    )
    return [
        Row(
            "A group you have a link to",
            f"{conflict.bid.reference}: {conflict.bid.organisation}, {conflict.bid.title}"
            + (f". What you told us: {conflict.note}" if conflict.note else ""),
        )
        for conflict in conflicts
    ]


def _names_until(round_: Round) -> str:
    until = names_kept_until(round_)
    if until is not None:
        return long_date(until)
    return f"{retention_days(round_)} days after the panel closes"


def _rounds(seats: list[Membership]) -> Section:
    groups = []
    for seat in seats:
        rows = [Row("Your role", seat.role.label), Row("Young person or adult", seat.kind.label)]
        if seat.age_band is not None:
            rows.append(Row("Your age group", seat.age_band.label))
        rows += [
            Row("You joined", when(seat.joined_at)),
            Row("You said you will keep the panel's work private", when(seat.confidentiality_accepted_at)),
            Row("Where the panel is up to", seat.round.status.label),
            *_conflict_rows(seat),
            Row("We keep your name until", _names_until(seat.round)),
        ]
        groups.append(Group(seat.round.title, tuple(rows)))
    return Section(
        "rounds",
        "Panels you are on",
        "So you see the right bids and training, and so you step out of bids you have a link to.",
        "Your role, age group and if you are young or an adult stay after your name is removed, without your "
        "name. Notes about your links to groups go when your name goes.",
        tuple(groups),
        "You are not on any panel.",
    )


def _messages(user: User) -> Section:
    messages = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at, Notification.id)
    )
    rows = tuple(Row(long_date(message.created_at), message.message) for message in messages)
    return Section(
        "messages",
        "Messages we sent you",
        "So you know what has happened and what to do next.",
        "Until your name is removed.",
        (Group("", rows),) if rows else (),
        "We have not sent you any messages.",
    )


def _worry_until(worry: Worry) -> str:
    until = _names_until(worry.round)
    if worry.status is WorryStatus.HANDLED:
        return until
    return f"{until}. If it is not dealt with by then, we keep it until it is"


def _worries(user: User) -> Section:
    """The worries this person sent (never ones others sent, and never what the lead wrote or who read it)."""
    groups = []
    for worry in own_worries(user):
        handled = worry.status is WorryStatus.HANDLED
        rows = (
            Row("Which panel", worry.round.title),
            Row("What you wrote", worry.text),
            Row("How you asked to hear back", worry.contact or "You didn't say"),
            Row("Has it been read?", f"Yes, on {long_date(worry.read_at)}" if worry.read_at else "Not yet"),
            Row(
                "Has it been dealt with?",
                f"Yes, on {long_date(worry.handled_at)}" if handled and worry.handled_at else "Not yet",
            ),
            Row("We keep it until", _worry_until(worry)),
        )
        groups.append(Group(f"You sent a worry on {long_date(worry.created_at)}", rows))
    return Section(
        "worries",
        "Worries you sent",
        "So the safeguarding lead for your panel can read them and help. Only they can read them.",
        WORRIES_KEPT,
        tuple(groups),
        "You have not sent any worries.",
    )


def _requests(user: User) -> Section:
    groups = []
    for request in requests_of(user):
        rows = [
            Row("You asked on", long_date(request.requested_at)),
            Row("What happened", request.status.label),
        ]
        if request.reason:
            rows.append(Row("Why", request.reason))
        groups.append(Group("You asked us to remove your data", tuple(rows)))
    return Section(
        "requests",
        "What you asked us to do",
        "So we can show we did what you asked.",
        "For as long as we keep your account, so there is a record that we did it.",
        tuple(groups),
        "You have not asked us to remove anything.",
    )


def _sign_ins(user: User) -> Section:
    """Where they are signed in now, and the sign-in code cards made for them (never the codes)."""
    groups = [
        Group(
            "A phone or computer you are signed in on",
            (Row("You signed in", long_date(row.started_at)), Row("Last used", long_date(row.seen_at))),
        )
        for row in sessions.sign_ins_of(user.id)
    ]
    cards = db.session.scalars(
        select(SignInCode).where(SignInCode.user_id == user.id).order_by(SignInCode.created_at, SignInCode.id)
    )
    groups += [
        Group(
            "A card with a sign-in code",
            (Row("Made", long_date(card.created_at)), Row("Used", when(card.used_at))),
        )
        for card in cards
    ]
    minutes = current_app.config["IDLE_MINUTES"]
    return Section(
        "sign_ins",
        "Where you are signed in",
        "So you stay signed in, and can sign out everywhere.",
        f"Until you sign out, or after {minutes} minutes with nothing done. Cards: until your name is removed.",
        tuple(groups),
        "You are not signed in anywhere else.",
    )


def my_data(user: User, now: datetime) -> MyData:
    """Everything we hold about this person, section by section."""
    seats = memberships_of(user)
    return MyData(
        user.display_name,
        long_date(now),
        (
            _account(user, seats),
            _rounds(seats),
            training_section(seats),
            scores_section(seats),
            meeting_section(user, seats),
            replies_section(seats),
            _messages(user),
            _worries(user),
            _requests(user),
            _sign_ins(user),
        ),
    )

"""The demo's second round: every member trained, the bids scored (one sheet left unsent), its meeting ready to run."""

from datetime import date, datetime

from panel.accounts.models import User
from panel.bids.models import Bid
from panel.core.models import utcnow
from panel.demo import content
from panel.extensions import db
from panel.meetings.store import open_meeting
from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round
from panel.sheets.operations import SheetChanges, save_sheet, submit_sheet
from panel.training.operations import install_default_pack
from scoring.people import AgeBand, MemberKind, MemberRole
from scoring.rounds import RoundStatus
from scoring.sheets import CANT_JUDGE

SCALE = (1, 5)


def build_round_two(users: dict[str, User]) -> Round:
    """Create the second round with its panel, training done and sheets filled in."""
    round_ = Round(
        **content.ROUND_TWO,
        budget_pence=250_000 * 100,
        training_deadline=date(2027, 2, 26),
        scoring_deadline=date(2027, 3, 19),
        meeting_date=date(2027, 3, 26),
        # The demo skips the stage checks: it is built ready to score.
        status=RoundStatus.SCORING,
        created_by_id=users["commissioner"].id,
    )
    db.session.add(round_)
    bids = add_sheet_and_bids(round_, content.CRITERIA_TWO, content.BIDS_TWO, SCALE)
    memberships = _panel(round_, users)
    db.session.flush()
    for username, reference, note in content.CONFLICTS_TWO:
        db.session.add(
            Conflict(
                membership=memberships[username],
                bid=bids[reference],
                note=note,
                recorded_by_id=users[username].id,
            )
        )
    install_default_pack(round_)
    db.session.flush()
    _score(round_, memberships, bids)
    # Scoring is over: the meeting is set up and waiting for the chair to start it.
    round_.status = RoundStatus.MEETING
    open_meeting(round_)
    return round_


def _panel(round_: Round, users: dict[str, User]) -> dict[str, Membership]:
    now = utcnow()
    memberships = {}
    for username, _, role, kind, band in content.MEMBERS:
        memberships[username] = Membership(
            user=users[username],
            role=MemberRole(role),
            kind=MemberKind(kind),
            age_band=AgeBand(band) if band else None,
            confidentiality_accepted_at=now,
            conflicts_reviewed_at=now,
            training_completed_at=now,
            trained_in_person_at=now,
            trained_in_person_note="Training evening at the youth centre",
            trained_in_person_by_id=users["commissioner"].id,
        )
        round_.memberships.append(memberships[username])
    return memberships


def _score(round_: Round, memberships: dict[str, Membership], bids: dict[str, Bid]) -> None:
    """Fill in every sheet through the same operations the sheet page uses."""
    now = utcnow()
    waiting_name, waiting_ref, waiting_count = content.IN_PROGRESS_TWO
    for username, reference, _, _, changes in demo_sheets(
        round_, content.BIDS_TWO, content.CONFLICTS_TWO, content.CANT_JUDGE_TWO, SCALE
    ):
        membership, bid = memberships[username], bids[reference]
        if (username, reference) == (waiting_name, waiting_ref):
            changes.scores = dict(list(changes.scores.items())[:waiting_count])
            changes.text = {"strengths": changes.text["strengths"]}
            save_sheet(membership, bid, changes, 0, now)
            continue
        save_sheet(membership, bid, changes, 0, now)
        submit_sheet(membership, bid, now)


def demo_sheets(
    round_: Round, bids: list, conflicts: list, cant_judge_rows: list, scale: tuple[int, int], spread: int = 1
):
    """What each demo member puts on each sheet of a round they are not conflicted on, from demo_content's rows:
    (username, bid reference, member number, bid number, SheetChanges). Young and adult members start from their
    own usual scores, nudged a little per person (by `spread` more per bid), and not everyone comments on every
    question."""
    criteria = sorted(round_.criteria, key=lambda criterion: criterion.position)
    conflicted = {(username, reference) for username, reference, _ in conflicts}
    cant_judge = {(name, ref, position): comment for name, ref, position, comment in cant_judge_rows}
    for bid_number, (reference, *_, young_scores, adult_scores, young_words, adult_words) in enumerate(bids):
        for member_number, (username, *_, kind, _) in enumerate(content.MEMBERS):
            if (username, reference) in conflicted:
                continue
            young = kind == MemberKind.YOUNG.value
            usual, words = (young_scores, young_words) if young else (adult_scores, adult_words)
            changes = SheetChanges(
                text=dict(zip(("strengths", "concerns", "questions"), words[4:], strict=True))
            )
            for position, criterion in enumerate(criteria):
                nudge = content.NUDGES[(member_number + position + spread * bid_number) % len(content.NUDGES)]
                changes.scores[criterion.id] = min(max(usual[position] + nudge, scale[0]), scale[1])
                changes.comments[criterion.id] = words[position] if (member_number + position) % 3 else ""
                if (username, reference, position) in cant_judge:
                    changes.scores[criterion.id] = CANT_JUDGE
                    changes.comments[criterion.id] = cant_judge[username, reference, position]
            yield username, reference, member_number, bid_number, changes


def add_sheet_and_bids(
    round_: Round, criteria: list, bids: list, scale: tuple[int, int], created_at: datetime | None = None
) -> dict[str, Bid]:
    """A demo round's criteria (with a descriptor for every level) and bids, from demo_content's rows; the
    bids by reference."""
    for position, (title, question, guidance, weight, descriptors) in enumerate(criteria):
        criterion = Criterion(
            title=title,
            question=question,
            guidance=guidance,
            weight=weight,
            scale_min=scale[0],
            scale_max=scale[1],
            position=position,
        )
        criterion.levels = [
            CriterionLevel(score=score, descriptor=text)
            for score, text in enumerate(descriptors, start=scale[0])
        ]
        round_.criteria.append(criterion)
    made = {}
    when = {"created_at": created_at} if created_at else {}
    for reference, organisation, title, pounds, summary, *_ in bids:
        made[reference] = Bid(
            reference=reference,
            organisation=organisation,
            title=title,
            amount_pence=pounds * 100,
            summary=summary,
            **when,
        )
        round_.bids.append(made[reference])
    return made

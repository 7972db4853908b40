"""The autosave benchmark's own data: one round in scoring with its panel, every member's sheets started.

Run by bench/autosave.py in a subprocess, on a database `copanel db upgrade` has just made:

    python bench/add_panellists.py PANELLISTS WORLD_JSON

It never relies on the demo: the round is open for scoring with a deadline a month away, every member is
trained (in person) with nothing to confirm first, and each has a sheet in progress for every bid. Each member
gets the session cookie the sign-in form would give them (a live SignIn row, the app's own signed session).
Then it counts the SQL statements of a few autosaves by one more member, through the app itself, and writes
what the clients need to WORLD_JSON.
"""

import json
import re
import sys
from datetime import timedelta
from pathlib import Path

BIDS = 5
CRITERIA = ("Meets young people's needs", "A clear plan", "Value for money", "Young people lead it")
COUNTED_SAVES = 5
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def make_round(panellists: int) -> dict:
    """One round in scoring: 4 criteria (0 to 4), 5 bids, `panellists` trained members plus one to count with
    (half young, half adult), each with a sheet in progress for every bid (the first criterion scored)."""
    from flask import current_app
    from sqlalchemy import insert

    from panel.accounts.models import User
    from panel.accounts.sessions import cookie_values
    from panel.bids.models import Bid
    from panel.core.models import utcnow
    from panel.extensions import db
    from panel.rounds.models import Criterion, CriterionLevel, Membership, Round
    from panel.sheets.models import Sheet, SheetScore
    from scoring.people import AgeBand, MemberKind, MemberRole
    from scoring.rounds import RoundStatus

    def add(model, rows: list[dict]) -> list[int]:
        return list(db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))

    now = utcnow()
    (round_id,) = add(
        Round,
        [
            {
                "title": "Bench round: autosave",
                "budget_pence": 5_000_000,
                "status": RoundStatus.SCORING,
                "scoring_deadline": (now + timedelta(days=30)).date(),
                "purpose": "Choose services that help young people feel better.",
                "in_scope": "Which bids get money, and how much.",
                "out_of_scope": "The total budget.",
            }
        ],
    )
    criterion_ids = add(
        Criterion,
        [
            {
                "round_id": round_id,
                "position": position,
                "title": title,
                "weight": 25,
                "scale_min": 0,
                "scale_max": 4,
                "question": f"How well does the bid do this: {title.lower()}?",
                "guidance": "Look for evidence in the bid.",
            }
            for position, title in enumerate(CRITERIA)
        ],
    )
    add(
        CriterionLevel,
        [
            {"criterion_id": criterion_id, "score": score, "descriptor": f"Level {score}"}
            for criterion_id in criterion_ids
            for score in range(5)
        ],
    )
    bid_ids = add(
        Bid,
        [
            {
                "round_id": round_id,
                "reference": f"AS-{number + 1:02d}",
                "organisation": f"Youth group {number + 1}",
                "title": f"Weekly drop-in sessions {number + 1}",
                "amount_pence": 1_000_000,
                "summary": "We will run weekly drop-in sessions with young people leading them. " * 3,
            }
            for number in range(BIDS)
        ],
    )
    people = panellists + 1  # the last one is only for counting statements
    user_ids = add(
        User,
        [
            {
                "username": f"autosave{index:04d}",
                "display_name": f"Panellist {index}",
                # Nobody signs in with a password here: each gets a session cookie below.
                "password_hash": "!",
                "privacy_accepted_at": now,
            }
            for index in range(people)
        ],
    )
    membership_ids = add(
        Membership,
        [
            {
                "round_id": round_id,
                "user_id": user_id,
                "role": MemberRole.PANELLIST,
                "kind": MemberKind.YOUNG if index % 2 == 0 else MemberKind.ADULT,
                "age_band": AgeBand.B17_19 if index % 2 == 0 else None,
                "confidentiality_accepted_at": now,
                "conflicts_reviewed_at": now,
                "trained_in_person_at": now,
            }
            for index, user_id in enumerate(user_ids)
        ],
    )
    sheet_ids = add(
        Sheet,
        [
            {"round_id": round_id, "bid_id": bid_id, "membership_id": membership_id, "version": 1}
            for membership_id in membership_ids
            for bid_id in bid_ids
        ],
    )
    add(
        SheetScore,
        [
            {"sheet_id": sheet_id, "criterion_id": criterion_ids[0], "score": 2, "comment": ""}
            for sheet_id in sheet_ids
        ],
    )
    db.session.commit()

    # Exactly what the sign-in form leaves in the browser: Flask-Login's keys in the app's signed session.
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    cookies = []
    for user_id in user_ids:
        cookies.append(serializer.dumps(cookie_values(db.session.get_one(User, user_id))))
        db.session.commit()
    return {
        "cookie_name": current_app.config.get("SESSION_COOKIE_NAME") or "session",
        "round": round_id,
        "bids": bid_ids,
        "criteria": criterion_ids,
        "cookies": cookies[:panellists],
        "counting_cookie": cookies[-1],
    }


def count_statements(app, world: dict) -> dict:
    """The SQL statements of a few autosaves (the sheet already started, as in the benchmark), through the app
    with Werkzeug's test client: what each request runs, from checking the session to the answer."""
    from sqlalchemy import event

    from panel.extensions import db

    client = app.test_client()
    client.set_cookie(world["cookie_name"], world["counting_cookie"])
    path = f"/rounds/{world['round']}/sheets/{world['bids'][0]}"
    page = client.get(path)
    found = CSRF.search(page.get_data(as_text=True))
    if page.status_code != 200 or found is None:
        raise SystemExit(f"the sheet page did not open for counting ({page.status_code})")
    token = found.group(1) or found.group(2)
    with app.app_context():
        engine = db.engine
    counts, kinds = [], []
    version = 1
    for save in range(COUNTED_SAVES):
        seen: list[str] = []

        def note(conn, cursor, statement, parameters, context, executemany, seen=seen):
            seen.append(statement.split(None, 1)[0].upper())

        criterion = str(world["criteria"][save % len(world["criteria"])])
        body = {"version": version, "scores": {criterion: save % 5}, "strengths": f"Counting {save}."}
        event.listen(engine, "before_cursor_execute", note)
        try:
            reply = client.post(path + "/autosave", json=body, headers={"X-CSRFToken": token})
        finally:
            event.remove(engine, "before_cursor_execute", note)
        if reply.status_code != 200:
            raise SystemExit(
                f"a counted autosave was refused ({reply.status_code}): {reply.get_data(as_text=True)}"
            )
        version = reply.get_json()["version"]
        counts.append(len(seen))
        kinds.append(seen)
    most = max(range(COUNTED_SAVES), key=lambda index: counts[index])
    return {
        "per_save": sorted(counts)[len(counts) // 2],
        "most": counts[most],
        "reads": sum(kind == "SELECT" for kind in kinds[most]),
        "writes": sum(kind in ("INSERT", "UPDATE", "DELETE") for kind in kinds[most]),
    }


def main() -> None:
    from panel import create_app

    app = create_app()
    with app.app_context():
        world = make_round(int(sys.argv[1]))
    world["statements"] = count_statements(app, world)
    Path(sys.argv[2]).write_text(json.dumps(world))


if __name__ == "__main__":
    main()

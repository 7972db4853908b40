"""My data: everything Co-Panel holds about the signed-in person, to read and to download."""

import json

from flask import Response, render_template
from flask_login import current_user, login_required

from panel.core.access import deny_unless
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.extensions import db
from panel.privacy import bp
from panel.privacy.my_data.operations import my_data as gather_my_data
from panel.privacy.permissions import can_see_own_data
from panel.privacy.removal.operations import pending_request
from panel.privacy.removal.permissions import can_ask_for_removal


@bp.get("/my-data")
@login_required
def my_data():
    """Everything we hold about the signed-in person, in plain words."""
    deny_unless(can_see_own_data(current_user))
    data = gather_my_data(current_user, utcnow())
    record_access(current_user, "own_data_viewed")
    db.session.commit()
    return render_template(
        "privacy/my_data.html",
        data=data,
        waiting=pending_request(current_user),
        can_ask=can_ask_for_removal(current_user),
    )


@bp.get("/my-data.json")
@login_required
def my_data_json():
    """The same, as a file to keep: exactly what the page shows."""
    deny_unless(can_see_own_data(current_user))
    body = json.dumps(gather_my_data(current_user, utcnow()).as_json(), ensure_ascii=False, indent=2)
    record_access(current_user, "own_data_downloaded")
    db.session.commit()
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="co-panel-my-data.json"',
            "Cache-Control": "private, no-store",
        },
    )

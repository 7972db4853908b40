"""Your account: change your password, see where you are signed in, and sign out everywhere."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.accounts import bp, sessions
from panel.accounts.forms import ConfirmForm, PasswordForm
from panel.accounts.operations import ACCOUNT_TRIES, change_password, normalise_username
from panel.extensions import db

WRONG_PASSWORD = "That is not the password you use now. Check it and try again."
SLOWED = (
    "There have been too many wrong tries. To keep your account safe, wait {minutes}, then try again. "
    "If you forgot your password, ask the person who runs your panel for a sign-in code."
)


def _render(password_form: PasswordForm | None = None, status: int = 200):
    signed_in = sessions.sign_ins_of(current_user.id)
    here = next((row for row in signed_in if row.id == sessions.current_sign_in_id()), None)
    return render_template(
        "accounts/account.html",
        password_form=password_form or PasswordForm(),
        everywhere_form=ConfirmForm(),
        here=here,
        elsewhere=[row for row in signed_in if row is not here],
    ), status


@bp.get("/account")
@login_required
def account():
    return _render()


@bp.post("/account/password")
@login_required
def password():
    """A new password; every other device signed in as this person is signed out."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    account = normalise_username(current_user.username)
    if (minutes := ACCOUNT_TRIES.wait(account)) is not None:
        form.current_password.errors.append(SLOWED.format(minutes=_minutes(minutes)))
        return _render(form, 429)
    if not current_user.check_password(form.current_password.data):
        ACCOUNT_TRIES.take(account)
        form.current_password.errors.append(WRONG_PASSWORD)
        return _render(form, 400)
    ended = change_password(current_user, form.password.data, keep=sessions.current_key())
    db.session.commit()
    others = "" if not ended else " You are signed out on your other devices."
    flash(f"Your password is changed.{others}", "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """Sign out on every device, this one too (a lost phone, a shared computer somewhere)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _render(status=400)
    sessions.end_everywhere(current_user.id, sessions.Ended.EVERYWHERE)
    sessions.sign_out()
    db.session.commit()
    flash("You have signed out on every device.", "success")
    return redirect(url_for("accounts.login"))


def _minutes(count: int) -> str:
    return "1 minute" if count == 1 else f"{count} minutes"

"""An installed Co-Panel (a wheel, not a checkout) carries its templates, static files and migrations."""

import subprocess
import sys
import zipfile


def test_static_files_keep_their_address_wherever_the_folder_lives(app):
    assert app.static_url_path == "/static"
    assert app.test_client().get("/static/css/copanel.min.css").status_code == 200


def test_the_wheel_contains_what_the_app_needs_at_run_time(tmp_path):
    from panel import ROOT

    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    names = zipfile.ZipFile(next(tmp_path.glob("copanel-*.whl"))).namelist()
    for needed in (
        "panel/_templates/base.html",
        "panel/_static/css/copanel.min.css",
        "panel/_migrations/env.py",
        "panel/training/pack/pack.toml",
        "scoring/training.py",
    ):
        assert needed in names


def test_a_server_process_leaves_the_commands_and_alembic_out(tmp_path):
    """wsgi.py's app has no `db` command and never imports Alembic, which a server does not use: a restart then
    answers sooner. The command line (`copanel`) still has them."""
    import os
    from pathlib import Path

    from panel import create_app

    code = (
        "import sys, wsgi; "
        "print('alembic' in sys.modules, 'db' in wsgi.app.cli.commands, 'export' in wsgi.app.cli.commands)"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'server.db'}", "SECRET_KEY": "packaging"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "False", "False"]
    app = create_app({"SECRET_KEY": "packaging"}, instance_path=str(tmp_path / "instance"))
    assert {"db", "export", "demo"} <= set(app.cli.commands)

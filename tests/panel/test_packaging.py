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

"""The phone benchmark's server: the production app exactly as wsgi.py makes it, plus the baseline page.

/baseline is GOV.UK Frontend's page template rendered with nothing else (bench/phone_baseline/page.html), its
stylesheet (bench/phone_baseline/static/govuk-frontend.min.css) fingerprinted and compressed into the run's
folder the way the app's own files are (panel.core.static_files) and served by the app's own WhiteNoise, so
with the same compression and caching; its script is GOV.UK Frontend's, at the address Co-Panel's pages use.
Run by bench/phone_pages.py: gunicorn ... --pythonpath bench phone_server:app
"""

import sys
from pathlib import Path

from flask import g, render_template_string, url_for

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from panel.core.static_files import StaticFiles
from wsgi import app  # the production app, exactly

BASELINE = Path(__file__).resolve().parent / "phone_baseline"
PREFIX = (
    "baseline/static/"  # also the stylesheet's $govuk-assets-path (bench/phone_baseline/govuk-frontend.scss)
)
PAGE = (BASELINE / "page.html").read_text()

files = StaticFiles(BASELINE / "static", Path(app.config["STATIC_CACHE_DIR"]).with_name("baseline-static"))
files.build()
served = app.extensions["whitenoise"]
served.add_files(str(files.cache), prefix=PREFIX)  # fingerprinted and compressed, kept a year
# GOV.UK's own pictures are for GOV.UK alone. In their place, by the names the template and the stylesheet give:
# Co-Panel's icons (which Chromium asks for, as it does on Co-Panel's pages) and an empty crest.
served.add_files(str(Path(app.static_folder or "") / "images"), prefix=f"{PREFIX}images/")
served.add_files(str(BASELINE / "static"), prefix=PREFIX)


@app.get("/baseline")
def baseline():
    return render_template_string(
        PAGE,
        nonce=g.csp_nonce,
        asset_path=f"/{PREFIX.rstrip('/')}",
        stylesheet=f"/{PREFIX}{files.manifest['govuk-frontend.min.css']}",
        script=url_for("static", filename="vendor/govuk-frontend/govuk-frontend.min.js"),
    )

"""What a production server imports: `gunicorn -k gevent -w 1 wsgi:app` (see README)."""

import gc

from panel import create_app
from panel.core.templating import compile_templates
from panel.meetings.presence import clear_presence_on_start

app = create_app()
clear_presence_on_start(app)
compile_templates(app)
# Everything made while starting up lives as long as the server: keep the garbage collector from walking it
# again and again, which otherwise pauses a live meeting's broadcasts for tens of milliseconds.
gc.collect()
gc.freeze()

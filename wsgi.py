"""What a production server imports: `gunicorn -k gevent -w 1 wsgi:app` (see README)."""

from panel import create_app
from panel.meetings.service import clear_presence_on_start

app = create_app()
clear_presence_on_start(app)

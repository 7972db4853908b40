"""What a production server imports: `gunicorn -k gevent -w 1 wsgi:app` (see README)."""

from panel import create_app

app = create_app()

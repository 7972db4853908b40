"""Time as people here read it: UK local time (Europe/London), whatever the server's own zone."""

from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

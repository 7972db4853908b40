"""Real server processes for tests that need more than the test client: the README's production command,
each on its own free port, sharing one database and (when it answers) Redis.

Also run as `python -m tests.panel.meetings.servers OUT.json` (with DATABASE_URL and SECRET_KEY set) to make
the meetings the multi-process test drives, with the factories, and write what its clients need to OUT.json.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
REDIS = ("127.0.0.1", 6379)
SECRET_KEY = "multiprocess-test-secret-key"


def redis_url() -> str | None:
    """A Redis URL on a database number nothing else is using, or None if Redis does not answer."""
    try:
        import redis
    except ImportError:
        return None
    try:
        for number in range(15, 0, -1):
            if (
                redis.Redis(
                    host=REDIS[0], port=REDIS[1], db=number, socket_timeout=1, socket_connect_timeout=1
                ).dbsize()
                == 0
            ):
                return f"redis://{REDIS[0]}:{REDIS[1]}/{number}"
    except (redis.RedisError, OSError):
        return None
    return f"redis://{REDIS[0]}:{REDIS[1]}/15"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(folder: Path, message_queue: str | None) -> dict[str, str]:
    """What every server process (and the set-up) gets: one SQLite file, one secret key, one message queue."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'copanel.db'}",
        "DOCUMENTS_DIR": str(folder / "documents"),
        "SECRET_KEY": SECRET_KEY,
        "SOCKETIO_ASYNC_MODE": "gevent",
        "COPANEL_DISABLE_RATE_LIMITS": "1",
    }
    env.pop("SOCKETIO_MESSAGE_QUEUE", None)
    if message_queue:
        env["SOCKETIO_MESSAGE_QUEUE"] = message_queue
    return env


def prepare_database(env: dict[str, str], out: Path, timeout: float = 60) -> dict:
    """`copanel db upgrade`, then the meetings (made by this module, in a subprocess); returns them."""
    subprocess.run(
        [str(BIN / "copanel"), "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    subprocess.run(
        [sys.executable, "-m", "tests.panel.meetings.servers", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return json.loads(out.read_text())


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def problem(self) -> str:
        return self.log.read_text()[-2000:] if self.log.exists() else ""


def launch(env: dict[str, str], folder: Path, count: int = 2) -> list[Server]:
    """Start `count` servers at once (each loads the app meanwhile); see `wait_until_serving`."""
    servers = []
    try:
        for number in range(count):
            port = free_port()
            log = folder / f"server-{number + 1}.log"
            command = [
                str(BIN / "gunicorn"),
                "-k",
                "gevent",
                "-w",
                "1",
                "--worker-connections",
                "2000",
                "--no-control-socket",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ]
            with log.open("wb") as output:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
                )
            servers.append(Server(process, port, log))
    except BaseException:
        stop(servers)
        raise
    return servers


def wait_until_serving(servers: list[Server], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    for server in servers:
        _wait_until_serving(server, deadline)


def _wait_until_serving(server: Server, deadline: float) -> None:
    # gunicorn's arbiter opens the port before its worker has loaded the app: wait for the port, then a page.
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server on {server.port} stopped: {server.problem()}")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                pass
            with urllib.request.urlopen(f"{server.url}/login", timeout=max(1.0, deadline - time.monotonic())):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.1)
    raise RuntimeError(f"server on {server.port} did not answer in time: {server.problem()}")


def stop(servers: list[Server]) -> None:
    """Quick shutdown (SIGINT: a graceful stop would wait for open websockets), then kill if need be."""
    for server in servers:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGINT)
    for server in servers:
        try:
            server.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)


def _keep_apart(base: int) -> None:
    """Start this run's round and meeting ids after `base` (a placeholder round and meeting sit at `base`).

    Rooms are named after meeting ids, and every Flask-SocketIO process on one Redis server shares the channel
    "flask-socketio" whatever the database number in the URL (Redis pub/sub ignores it), so a test running at
    the same time as another one, or as the fan-out benchmark, would otherwise hear the other's broadcasts."""
    from sqlalchemy import insert

    from panel.extensions import db
    from panel.meetings.models import Meeting
    from panel.rounds.models import Round
    from scoring.meeting import Status
    from scoring.rounds import RoundStatus

    db.session.execute(
        insert(Round).values(
            id=base,
            title="(placeholder: keeps this run's ids apart)",
            budget_pence=0,
            status=RoundStatus.DRAFT,
        )
    )
    db.session.execute(
        insert(Meeting).values(
            id=base, round_id=base, status=Status.WAITING, version=1, cursor=0, queue=[], break_requests=[]
        )
    )
    db.session.commit()


def _make_meetings(count: int) -> dict:
    """`count` rounds in their meeting: a chair, three panellists (Dev has a link to bid 2), two bids."""
    from flask import current_app

    from panel.meetings.protocol import token
    from scoring.people import MemberKind, MemberRole
    from tests import factories as make

    _keep_apart(secrets.randbelow(2_000_000) * 1000 + 1_000_000)
    serializer = current_app.session_interface.get_signing_serializer(current_app)

    def cookie(membership) -> str:
        # Exactly what the sign-in form leaves in the browser's session cookie.
        return serializer.dumps(make.signed_in(membership.user))

    rounds = []
    for number in range(1, count + 1):
        round_ = make.round(f"Multi-process meeting {number}", budget_pence=5_000_000)
        for title in ("Meets young people's needs", "A clear plan"):
            make.criterion(round_, title, scale=(0, 4))
        bids = [
            make.bid(
                round_,
                f"MP{number}-0{index}",
                title=f"Skate park project {number}{letter}",
                organisation=f"Wheels collective {number}{letter}",
                amount_pence=2_000_000,
            )
            for index, letter in ((1, "A"), (2, "B"))
        ]
        chair = make.member(
            round_,
            make.user(display_name="Chloe Chair"),
            role=MemberRole.CHAIR,
            kind=MemberKind.ADULT,
            trained=True,
        )
        aisha = make.member(round_, make.user(display_name="Aisha"), trained=True)
        ben = make.member(round_, make.user(display_name="Ben"), trained=True)
        dev = make.member(round_, make.user(display_name="Dev"), trained=True)
        make.conflict(dev, bids[1])
        meeting = make.meeting(round_)
        rounds.append(
            {
                "round": round_.id,
                "bids": [
                    {"id": bid.id, "title": bid.title, "organisation": bid.organisation} for bid in bids
                ],
                "chair": cookie(chair),
                "aisha": cookie(aisha),
                "ben": cookie(ben),
                "dev": cookie(dev),
                "aisha_token": token(meeting.id, aisha.id),
            }
        )
    return {"cookie_name": current_app.config.get("SESSION_COOKIE_NAME") or "session", "rounds": rounds}


if __name__ == "__main__":
    from panel import create_app

    with create_app().app_context():
        world = _make_meetings(3)
    Path(sys.argv[1]).write_text(json.dumps(world))

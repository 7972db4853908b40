"""A gunicorn configuration file for `bench/autosave.py --profile FILE`: the worker runs under cProfile, timed in
CPU time (so waiting on the clients or on the machine's other work is not counted), and writes the profile to
FILE when it is stopped. Read it with `python -m pstats FILE` (sort cumulative, then stats 40)."""

import cProfile
import os
import time

_running: list[cProfile.Profile] = []


def post_worker_init(worker) -> None:
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    _running.append(profile)


def worker_int(worker) -> None:
    """SIGINT (how the benchmark stops its servers) reaches the worker here, before it exits."""
    while _running:
        profile = _running.pop()
        profile.disable()
        profile.dump_stats(os.environ["COPANEL_BENCH_PROFILE"])

"""What visitors get while Redis or PostgreSQL fail: wrk at 50 connections against gunicorn during each fault.

    BENCHMARK_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5442/backpain_faults \
    python scripts/fault_benchmark.py --restart-database "pg_ctlcluster 15 faults restart" \
        --stop-database "pg_ctlcluster 15 faults stop" --start-database "pg_ctlcluster 15 faults start"

It loads the demo site into that database (emptied first), starts a redis-server of its own on a free port and
gunicorn with the project's gunicorn.conf.py (production settings, `DEBUG=0`), then runs wrk (`-t2 -c50`, the
pages of scripts/fault_pages.lua in turn) through each phase: all up; Redis stopped for 9 s and started again;
Redis frozen (SIGSTOP) for 12 s and resumed; PostgreSQL restarted; PostgreSQL stopped for 5 s. For each it
reports requests, answers per status, socket errors, p50/p99 latency, and the lines gunicorn logged. The
database commands act on a cluster of the benchmark's own (never the one other work uses).
"""

import argparse
import os
import re
import secrets
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.services import RedisServer, free_port  # noqa: E402 (the project's own helper for a private Redis)

CONNECTIONS = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--restart-database", required=True, help="Command that restarts the PostgreSQL server.")
    parser.add_argument("--stop-database", required=True)
    parser.add_argument("--start-database", required=True)
    return parser.parse_args()


def environment(workdir, redis, port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backpain.settings",
        "DATABASE_URL": os.environ["BENCHMARK_DATABASE_URL"],
        "REDIS_URL": redis.url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",
    }


def prepare(env):
    manage = [sys.executable, "manage.py"]
    flush = [
        *manage,
        "shell",
        "-c",
        "from django.core.management import call_command; call_command('flush', '--no-input')",
    ]
    subprocess.run([*manage, "migrate", "--no-input"], cwd=PROJECT, env=env, check=True, capture_output=True)
    subprocess.run(flush, cwd=PROJECT, env=env, check=True, capture_output=True)
    subprocess.run([*manage, "quickstart", "--no-serve"], cwd=PROJECT, env=env, check=True, capture_output=True)
    subprocess.run([*manage, "collectstatic", "--no-input"], cwd=PROJECT, env=env, check=True, capture_output=True)


def wrk(base, seconds):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency",
         "-s", str(PROJECT / "scripts" / "fault_pages.lua"), base],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "statuses": re.search(r"STATUSES (.*)", output).group(1).strip(),
        "socket errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "p50 ms": latency(output, "50%"),
        "p99 ms": latency(output, "99%"),
    }


def messages(log_text):
    """{message with its variable parts blanked: how many lines}."""
    counts = {}
    for line in log_text.splitlines():
        line = re.sub(r"^\[[^]]*\] \[\d+\] \[[A-Z]+\] ", "", line)  # gunicorn's own prefix
        line = re.sub(r"redis://\S+|\d+(\.\d+)?", "…", line)[:110]
        counts[line] = counts.get(line, 0) + 1
    return counts


def latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 1)


def at(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def run(command):
    return lambda: subprocess.run(shlex.split(command), check=True, capture_output=True)


def main():
    args = parse_args()
    redis = RedisServer().start()
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        env = environment(Path(workdir), redis, port)
        prepare(env)
        log_path = Path(workdir) / "gunicorn.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "backpain.wsgi"],
                cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            wrk(base, 5)  # warm up: every page cached, every worker connected
            phases = [
                ("all up", 10, []),
                ("Redis stopped 9 s", 12, [(1, redis.kill), (10, redis.start)]),
                ("Redis frozen 12 s", 15, [(1, redis.freeze), (13, redis.resume)]),
                ("PostgreSQL restarted", 10, [(2, run(args.restart_database))]),
                ("PostgreSQL stopped 5 s", 10, [(2, run(args.stop_database)), (7, run(args.start_database))]),
            ]
            print(f"wrk -t2 -c{CONNECTIONS} --timeout 10s -s scripts/fault_pages.lua; gunicorn.conf.py defaults\n")
            print("| phase | seconds | requests | answers by status | socket errors | p50 ms | p99 ms | log lines |")
            print("|---|---|---|---|---|---|---|---|")
            for name, seconds, events in phases:
                lines_before = len(log_path.read_text().splitlines())
                timers = [at(delay, action) for delay, action in events]
                figures = wrk(base, seconds)
                for timer in timers:
                    timer.join()
                logged = log_path.read_text().splitlines()[lines_before:]
                print(
                    f"| {name} | {seconds} | {figures['requests']} | {figures['statuses']} | "
                    f"{figures['socket errors']} | {figures['p50 ms']} | {figures['p99 ms']} | {len(logged)} |"
                )
                time.sleep(2)
            log_text = log_path.read_text()
            print(f"\nTracebacks in gunicorn's log over all phases: {log_text.count('Traceback')}")
            print("What gunicorn logged, by message (addresses and numbers left out):")
            for message, count in sorted(messages(log_text).items(), key=lambda item: -item[1]):
                print(f"    {count:4} × {message}")
        finally:
            server.terminate()
            server.wait(timeout=30)
            redis.kill()


if __name__ == "__main__":
    main()

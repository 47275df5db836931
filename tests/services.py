"""Real servers a test starts, breaks and mends itself: never the shared Redis or PostgreSQL of the machine."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time

import redis


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A `redis-server` of this test's own, on a free port, with nothing saved to disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.RedisError):
                if redis.Redis(port=self.port, socket_timeout=0.5).ping():
                    return self
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.02)

    def kill(self):
        """Stop it at once, as a crash would: connections are reset, new ones refused."""
        if self.process is not None:
            self.resume()
            self.process.kill()
            self.process.wait()
            self.process = None

    def freeze(self):
        """SIGSTOP: connections are accepted by the kernel but nothing ever answers."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)


@contextlib.contextmanager
def redis_server():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.kill()

"""Real processes for the integration tests: a Redis server of the test's own, an SMTP sink that
counts deliveries per e-mail key, and Celery workers and beat against the pytest test database."""

import asyncio
import email
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from django.db import connection

from networkhub.mail import KEY_HEADER

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, seconds, interval=0.2):
    """Poll until `predicate()` is true; False after `seconds` (generous: the machine may be loaded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def database_url():
    """The pytest test database, for the child processes."""
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_environment(redis_url, smtp_port, **extra):
    """The environment of a worker or beat process: the test database, this Redis as broker and cache-less,
    e-mail over SMTP to the sink on `smtp_port`, and none of the test run's in-process shortcuts."""
    env = {
        **os.environ,
        **extra,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SITE_URL": "http://networkhub.test",
        "DJANGO_ENV": "development",
    }
    for name in ("REDIS_CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_FILE_PATH"):
        env.pop(name, None)
    return env


class RedisServer:
    """A redis-server on a free port, without persistence: a restart comes back empty."""

    def __init__(self, folder):
        self.folder, self.port, self.process = Path(folder), free_port(), None
        self.starts = 0

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        self.starts += 1
        log = open(self.folder / f"redis-{self.starts}.log", "w")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        assert wait_for(lambda: self._pings(client), 30), "redis-server did not start"

    @staticmethod
    def _pings(client):
        try:
            return client.ping()
        except redis.exceptions.RedisError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def restart_empty(self):
        # Workers and beat reconnect the moment the new server answers and write their own keys at
        # once, so "dbsize() == 0" would race them; a marker set before the stop must be gone after.
        marker = "tests:restart-marker"
        redis.Redis(port=self.port).set(marker, "before")
        self.stop()
        self.start()
        assert not redis.Redis(port=self.port).exists(marker), "redis-server came back with its old data"


class SmtpSink:
    """An SMTP server counting deliveries per e-mail key (the key header `mail.send_once` adds).

    A delivery counts when the message's data has arrived; the "250" answer follows after `delay`,
    so a sender killed meanwhile has delivered an e-mail it never heard accepted, as with a real server.
    """

    def __init__(self, delay=0.2):
        self.delay, self.port = delay, free_port()
        self.deliveries, self.lock = Counter(), threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.deliveries["".join(message.get(KEY_HEADER, "").split())] += 1  # unfolded
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def delivered(self):
        """How many distinct e-mails have arrived."""
        with self.lock:
            return len(self.deliveries)

    def counts(self):
        with self.lock:
            return dict(self.deliveries)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class Celery:
    """Worker and beat processes, each logging to a file in `folder`."""

    def __init__(self, folder, env):
        self.folder, self.env, self.processes = Path(folder), env, []

    def _start(self, name, *args):
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_name = name
        self.processes.append(process)
        return process

    def worker(self, name):
        """A worker whose main process is the one that sends (the solo pool): kill -9 cuts its SMTP conversation."""
        options = ["--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        return self._start(name, "worker", *options, "-Q", "default", "-n", f"{name}@%h")

    def beat(self):
        return self._start("beat", "beat", "--loglevel=INFO", "-s", str(self.folder / "beat-schedule"))

    @staticmethod
    def kill(process):
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)

    def logs(self, tail=3000):
        """The end of each process's log, for a failing test's report."""
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}" for path in sorted(self.folder.glob("*.log"))
        )


@contextmanager
def stopped_after(celery, redis_server):
    """Stop the workers and the Redis server when the block ends; print the workers' logs if it fails (pytest
    shows them with the failure)."""
    try:
        yield
    except BaseException:
        print(celery.logs())
        raise
    finally:
        celery.stop_all()
        redis_server.stop()

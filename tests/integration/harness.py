"""harness.py — real parley-server, parley-cli and netsim processes on 127.0.0.1 for the
integration tests. Every wait is bounded; every process is killed at exit; traffic goes to
loopback only.

    h = Harness(build_dir)
    srv = h.server()                    # started, port known
    a = h.cli("--guest", "alice")       # --server, --json, --home added
    a.send("/join General")
    a.wait(lambda e: e.get("type") == "chat" and e.get("text") == "hi", 10)
    h.check(cond, "what was expected")  # counts a pass or a failure
    h.finish()                          # prints "N passed, N failed", exits
"""
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time


class Proc:
    """A child process whose stdout lines are collected by a thread."""

    def __init__(self, name, argv, env=None, stdin=True):
        self.name = name
        self.argv = argv
        self.lines = queue.Queue()
        self.all = []
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                  text=True, bufsize=1)
        self.err = []
        threading.Thread(target=self._read, args=(self.p.stdout, self.lines, self.all),
                         daemon=True).start()
        threading.Thread(target=self._read, args=(self.p.stderr, None, self.err),
                         daemon=True).start()

    @staticmethod
    def _read(stream, q, keep):
        for line in stream:
            line = line.rstrip("\n")
            keep.append(line)
            if q is not None:
                q.put(line)
        if q is not None:
            q.put(None)

    def send(self, line):
        try:
            self.p.stdin.write(line + "\n")
            self.p.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def close_stdin(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass

    def next_line(self, timeout):
        try:
            return self.lines.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return ""

    def wait_line(self, pred, timeout):
        """Consumes lines until pred(line) is true; returns the line or None."""
        end = time.time() + timeout
        while time.time() < end:
            line = self.next_line(end - time.time())
            if line is None:
                return None  # the process ended
            if line and pred(line):
                return line
        return None

    def alive(self):
        return self.p.poll() is None

    def kill(self, sig=signal.SIGKILL):
        if self.alive():
            self.p.send_signal(sig)

    def wait_exit(self, timeout):
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None


class Cli(Proc):
    """parley-cli --json: stdout lines are JSON events."""

    def __init__(self, name, argv, env):
        super().__init__(name, argv, env)
        self.events = []

    def wait(self, pred, timeout=10.0):
        """Returns the first new event (dict) for which pred is true, or None."""
        end = time.time() + timeout
        while time.time() < end:
            line = self.next_line(end - time.time())
            if line is None:
                return None
            if not line:
                continue
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            self.events.append(ev)
            if pred(ev):
                return ev
        return None

    def seen(self, pred):
        return [e for e in self.events if pred(e)]


class Harness:
    def __init__(self, build_dir):
        self.build = os.path.abspath(build_dir)
        self.tmp = tempfile.mkdtemp(prefix="parley-it-")
        self.procs = []
        self.passed = 0
        self.failed = 0
        self.port = None
        self.data = os.path.join(self.tmp, "server")
        self.env = dict(os.environ)
        self.env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        self.env["SDL_AUDIODRIVER"] = "dummy"
        signal.signal(signal.SIGTERM, lambda *a: self._cleanup() or sys.exit(1))

    def bin(self, name):
        path = os.path.join(self.build, name)
        if not os.path.exists(path):
            raise SystemExit("missing program %s (build first)" % path)
        return path

    def server(self, *args, port=0):
        argv = [self.bin("parley-server"), "--port", str(self.port if port is None else port),
                "--data", self.data, "--name", "Test"] + list(args)
        s = Proc("server", argv, self.env)
        self.procs.append(s)
        line = s.wait_line(lambda l: "listening" in l, 20)
        if not line:
            raise SystemExit("server did not start: %s" % "\n".join(s.err[-20:]))
        s.port = int(re.search(r"port (\d+)", line).group(1))
        self.port = s.port
        return s

    def netsim(self, *args):
        argv = [self.bin("netsim"), "--listen", "0", "--target", "127.0.0.1:%d" % self.port] + \
            list(args)
        n = Proc("netsim", argv, self.env, stdin=False)
        self.procs.append(n)
        line = n.wait_line(lambda l: "listening" in l, 10)
        if not line:
            raise SystemExit("netsim did not start: %s" % "\n".join(n.err[-10:]))
        n.port = int(re.search(r"port (\d+)", line).group(1))
        return n

    def cli(self, *args, port=None, home=None, name=None, env=None):
        """env: the environment for this client (default: the harness's, audio driver dummy)."""
        home = home or os.path.join(self.tmp, "home-" + (name or str(len(self.procs))))
        os.makedirs(home, exist_ok=True)
        argv = [self.bin("parley-cli"), "--server", "127.0.0.1:%d" % (port or self.port),
                "--json", "--home", home] + list(args)
        c = Cli(name or args[-1] if args else "cli", argv, env or self.env)
        c.home = home
        self.procs.append(c)
        return c

    def check(self, cond, what):
        if cond:
            self.passed += 1
            print("PASS", what, flush=True)
        else:
            self.failed += 1
            print("FAIL", what, flush=True)
        return cond

    def _cleanup(self):
        for p in self.procs:
            p.kill()
        for p in self.procs:
            p.wait_exit(5)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def dump(self):
        for p in self.procs:
            print("---- %s stderr (last 15 lines)" % p.name)
            for l in p.err[-15:]:
                print("   ", l)

    def finish(self):
        if self.failed:
            self.dump()
        self._cleanup()
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        sys.exit(1 if self.failed else 0)

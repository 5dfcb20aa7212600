"""Nothing sent is lost or doubled: kill -9 mid-burst, and a lossy, jittery network."""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Harness  # noqa: E402


def T(t):
    return lambda e: e.get("type") == t


def stored_texts(data_dir, prefix):
    db = sqlite3.connect(os.path.join(data_dir, "parley.db"))
    try:
        rows = db.execute("SELECT text FROM messages WHERE text LIKE ?", (prefix + "%",)).fetchall()
    finally:
        db.close()
    return [r[0] for r in rows]


def kill9(h):
    burst = 300
    srv = h.server("--chat-rate", "1000")
    port = h.port
    alice = h.cli("--guest", "alice", "--linger", "60", name="alice")
    bob = h.cli("--guest", "bob", "--linger", "60", name="bob")
    for c in (alice, bob):
        c.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 20)
    # a burst from both, then the server dies while acks are still coming back
    for i in range(burst):
        alice.send("burst-a %d" % i)
        bob.send("burst-b %d" % i)
    alice.wait(lambda e: e.get("type") == "ack" and e.get("pending", 0) < burst - 20, 20)
    srv.kill()  # SIGKILL
    srv.wait_exit(5)
    acked_before = len(alice.seen(lambda e: e.get("type") == "ack" and e.get("ok")))
    h.check(acked_before < burst, "the server died mid-burst (%d of %d acked)" % (acked_before, burst))
    time.sleep(1.0)
    h.server("--chat-rate", "1000", port=port)  # same data, same port
    done = alice.wait(lambda e: e.get("type") == "ack" and e.get("pending") == 0, 60)
    h.check(done is not None, "alice's outbox drained after the restart")
    done = bob.wait(lambda e: e.get("type") == "ack" and e.get("pending") == 0, 60)
    h.check(done is not None, "bob's outbox drained after the restart")
    for c in (alice, bob):
        c.send("/quit")
        c.wait_exit(30)
    for p in h.procs:
        if p.name == "server":
            p.kill(15)
            p.wait_exit(10)
    for who in ("a", "b"):
        texts = stored_texts(h.data, "burst-%s " % who)
        want = ["burst-%s %d" % (who, i) for i in range(burst)]
        missing = sorted(set(want) - set(texts))
        dups = len(texts) - len(set(texts))
        h.check(not missing and dups == 0,
                "burst %s: all %d stored exactly once (missing %d, duplicates %d)"
                % (who, burst, len(missing), dups))
    # what bob saw live or from history: never the same message twice
    seen = [e["server_id"] for e in bob.events if e.get("type") == "chat"]
    h.check(len(seen) == len(set(seen)), "bob never saw a message twice (%d events)" % len(seen))


def lossy(h):
    n = 1000
    h.data = os.path.join(h.tmp, "lossy-server")
    h.server("--chat-rate", "1000")
    sim = h.netsim("--loss", "20", "--jitter", "50", "--seed", "7")
    alice = h.cli("--guest", "amy", "--linger", "120", port=sim.port, name="amy")
    bob = h.cli("--guest", "ben", "--linger", "120", port=sim.port, name="ben")
    for c in (alice, bob):
        h.check(c.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 60)
                is not None, "%s connected through netsim" % c.name)
    for i in range(n):
        alice.send("amy %d" % i)
        bob.send("ben %d" % i)

    def texts(c, who):
        return [e["text"] for e in c.events if e.get("type") == "chat" and e.get("from") == who
                and e.get("text", "").startswith(who + " ")]

    end = time.time() + 240
    while time.time() < end and (len(texts(bob, "amy")) < n or len(texts(alice, "ben")) < n):
        alice.wait(lambda e: False, 0.2)
        bob.wait(lambda e: False, 0.2)
    for c, who in ((bob, "amy"), (alice, "ben")):
        got = texts(c, who)
        want = ["%s %d" % (who, i) for i in range(n)]
        h.check(got == want, "%d messages from %s arrived once and in order through 20%% loss, "
                "50 ms jitter (got %d, first difference at %s)" % (
                    n, who, len(got),
                    next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), "-")))
    for c in (alice, bob):
        c.send("/quit")
        c.wait_exit(60)


def main():
    h = Harness(sys.argv[1])
    kill9(h)
    lossy(h)
    h.finish()


main()

"""Server flags, config, console and shutdown; rate limits, history, leave, logout, resume."""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Harness, Proc  # noqa: E402


def T(t):
    return lambda e: e.get("type") == t


def run(argv, timeout=20):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout + p.stderr


def main():
    h = Harness(sys.argv[1])
    srv_bin = h.bin("parley-server")

    # command line and config file
    rc, out = run([srv_bin, "--help"])
    h.check(rc == 0 and "--port" in out and "--config" in out, "--help describes the options")
    rc, out = run([srv_bin, "--version"])
    h.check(rc == 0 and re.search(r"parley-server \d+\.\d+", out), "--version")
    for bad, what in ((["--port", "70000"], "port out of range"), (["--port", "12x"], "port not a number"),
                      (["--tick", "0"], "tick of 0"), (["--bogus"], "unknown option"),
                      (["--port"], "missing value")):
        rc, out = run([srv_bin] + bad + ["--data", os.path.join(h.tmp, "never")])
        h.check(rc == 2 and "parley-server:" in out, "bad command line refused with exit 2: %s" % what)
    cfg = os.path.join(h.tmp, "server.conf")
    with open(cfg, "w") as f:
        f.write("# a comment\nname = Configured\nmotd = welcome in\ntick = 100\nguests = yes\n")
    srv = h.server("--config", cfg)
    c = h.cli("--guest", "cfgcheck", name="cfgcheck")
    e = c.wait(T("connected"), 20)
    h.check(e and e.get("motd") == "welcome in", "config file settings take effect (motd %r)" % (e or {}).get("motd"))
    h.check("Test" in (e or {}).get("name", ""), "command-line options win over the config file")
    c.send("/quit")
    c.wait_exit(15)
    with open(cfg, "w") as f:
        f.write("name = x\nport = lots\n")
    rc, out = run([srv_bin, "--config", cfg, "--data", os.path.join(h.tmp, "never")])
    h.check(rc == 2 and "line 2" in out, "a bad config line is refused with its line number")

    # rate limits: a flood gets a specific answer, never a silent loss
    alice = h.cli("--guest", "alice", "--linger", "30", name="alice")
    bob = h.cli("--guest", "bob", name="bob")
    for x in (alice, bob):
        x.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 20)
    for i in range(40):
        alice.send("flood %d" % i)
    e = alice.wait(lambda e: e.get("type") == "ack" and e.get("error") == "RATE_LIMITED", 20)
    h.check(e is not None and e.get("retry_after_ms", 0) > 0,
            "a flood past the rate limit is told when to retry (%s)" % (e or {}).get("retry_after_ms"))
    done = alice.wait(lambda e: e.get("type") == "ack" and e.get("pending") == 0, 60)
    h.check(done is not None, "the limited messages are sent later, none dropped")
    got = set()
    end = time.time() + 30
    while time.time() < end and len(got) < 40:
        ev = bob.wait(lambda e: e.get("type") == "chat" and e.get("text", "").startswith("flood "), 1)
        if ev:
            got.add(ev["text"])
    h.check(len(got) == 40, "every message of the flood arrived (%d of 40)" % len(got))

    # history paging and leaving a room
    bob.send("/history 5")
    e = bob.wait(T("history_end"), 15)
    h.check(e is not None and e.get("ok"), "/history answers with a page")
    bob.send("/leave")
    e = bob.wait(lambda e: e.get("type") == "result" and e.get("request") == "room_leave", 15)
    h.check(e and e.get("ok"), "/leave leaves the room")
    alice.send("after bob left")
    alice.wait(lambda e: e.get("type") == "ack" and e.get("ok"), 10)
    bob.wait(lambda e: False, 1.5)
    h.check(not bob.seen(lambda e: e.get("text") == "after bob left"), "a room you left sends you nothing")

    # accounts: logout, then login again in the same client
    pw = os.path.join(h.tmp, "pw")
    with open(pw, "w") as f:
        f.write("longenough1\n")
    carl = h.cli("--user", "carl", "--register", "--password-file", pw, name="carl")
    h.check(carl.wait(T("session"), 20) is not None, "registered")
    carl.send("/logout")
    e = carl.wait(lambda e: e.get("type") == "result" and e.get("request") == "logout", 15)
    h.check(e and e.get("ok"), "/logout ends the session")
    carl.send("/login carl longenough1")
    e = carl.wait(T("session"), 15)
    h.check(e and e.get("name") == "carl", "/login in the same client")

    erin = h.cli("--user", "erin", "--register", "--password-file", pw, name="erin")
    h.check(erin.wait(T("session"), 20) is not None, "a second account registered")

    # the console: users, rooms, role, broadcast, kick, stats, net
    srv.send("users")
    h.check(srv.wait_line(lambda l: "alice" in l, 10) is not None, "console: users lists who is online")
    srv.send("rooms")
    h.check(srv.wait_line(lambda l: "General" in l, 10) is not None, "console: rooms")
    srv.send("role erin moderator")
    line = srv.wait_line(lambda l: "role set" in l or ":" in l, 10)
    h.check(line is not None and "role set" in line, "console: role grants a role (%s)" % line)
    srv.send("role carl user")
    line = srv.wait_line(lambda l: ":" in l or "role set" in l, 10)
    h.check(line is not None and "NOT_PERMITTED" in line, "console: the last owner cannot be demoted")
    srv.send("broadcast maintenance at noon")
    e = alice.wait(lambda e: e.get("type") == "notice" and "maintenance" in e.get("text", ""), 10)
    h.check(e is not None, "console: broadcast reaches everyone")
    srv.send("frobnicate")
    h.check(srv.wait_line(lambda l: l.startswith("error"), 10) is not None, "console: unknown command is an error")
    srv.send("kick bob spamming")
    e = bob.wait(lambda e: e.get("type") == "notice" and e.get("kind") == "kicked", 10)
    h.check(e is not None, "console: kick")
    srv.send("net")
    h.check(srv.wait_line(lambda l: "connections" in l, 10) is not None, "console: net shows traffic")

    # resume: the network goes away and comes back; the session continues by itself
    sim = h.netsim()
    dan = h.cli("--guest", "dan", port=sim.port, name="dan")
    dan.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 20)
    dan.send("/create-not-allowed")  # an error line keeps the client going
    sim.kill()
    sim.wait_exit(5)
    time.sleep(12)  # longer than the 10 s time-out: the link is declared dead
    h.check(dan.wait(T("disconnected"), 10) is not None or dan.seen(T("disconnected")),
            "a dead link is noticed")
    sim2 = Proc("netsim2", [h.bin("netsim"), "--listen", str(sim.port), "--target",
                            "127.0.0.1:%d" % h.port], h.env, stdin=False)
    h.procs.append(sim2)
    e = dan.wait(T("session"), 30)
    h.check(e is not None and e.get("resumed"), "the client reconnects on its own and resumes (%s)" % e)
    e = dan.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 15) or \
        dan.seen(lambda e: e.get("type") == "current" and e.get("room") == "General")
    h.check(bool(e), "rooms come back without user action")
    dan.send("back again")
    h.check(alice.wait(lambda e: e.get("type") == "chat" and e.get("text") == "back again", 15)
            is not None, "and chat works after the resume")

    # clean shutdown on SIGTERM; the store is consistent afterwards
    srv.kill(signal.SIGTERM)
    rc = srv.wait_exit(15)
    h.check(rc == 0, "SIGTERM shuts the server down cleanly (exit %s)" % rc)
    h.check(any("stopped cleanly" in l for l in srv.err), "...and says so")
    e = alice.wait(lambda e: e.get("type") == "notice" and e.get("kind") == "shutdown", 10) or \
        alice.seen(lambda e: e.get("type") == "notice" and e.get("kind") == "shutdown")
    h.check(bool(e), "clients are told the server is shutting down")
    import sqlite3
    db = sqlite3.connect(os.path.join(h.data, "parley.db"))
    ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    n = db.execute("SELECT COUNT(*) FROM messages WHERE text LIKE 'flood %'").fetchone()[0]
    db.close()
    h.check(ok == "ok" and n == 40, "the store is consistent after shutdown (%s, %d flood messages)" % (ok, n))
    h.finish()


main()

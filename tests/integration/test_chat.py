"""Issue 3 end to end: every point exercised through real processes on loopback."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Harness  # noqa: E402


def T(t):
    return lambda e: e.get("type") == t


def chat_from(name, text):
    return lambda e: e.get("type") == "chat" and e.get("from") == name and e.get("text") == text


def result(request, ok=None):
    def p(e):
        return e.get("type") == "result" and e.get("request") == request and \
            (ok is None or e.get("ok") == ok)
    return p


def main():
    h = Harness(sys.argv[1])
    h.server("--chat-rate", "100")

    def pwfile(name, pw):
        path = os.path.join(h.tmp, name + ".pw")
        with open(path, "w") as f:
            f.write(pw + "\n")
        return path

    # accounts: the first registered account owns the server
    alice = h.cli("--user", "alice", "--register", "--email", "alice@example.lan",
                  "--password-file", pwfile("alice", "correct horse"), name="alice")
    s = alice.wait(T("session"), 20)
    h.check(s and s["role"] == "owner", "first registered account is the owner")
    carol = h.cli("--user", "carol", "--register", "--password-file", pwfile("carol", "carolpass1"),
                  name="carol")
    s = carol.wait(T("session"), 20)
    h.check(s and s["role"] == "user", "a later account is a plain user")
    bob = h.cli("--guest", "bob", name="bob")
    s = bob.wait(T("session"), 20)
    h.check(s and s["role"] == "guest", "guest login with just a name")
    for c in (alice, bob, carol):
        c.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 10)

    # chat in General both ways
    alice.send("hello everyone")
    h.check(bob.wait(chat_from("alice", "hello everyone")) is not None, "guest sees a room message")
    h.check(carol.wait(chat_from("alice", "hello everyone")) is not None, "user sees a room message")
    h.check(alice.wait(lambda e: e.get("type") == "ack" and e.get("ok")) is not None,
            "sender gets an ack with a server id")
    bob.send("hi alice")
    h.check(alice.wait(chat_from("bob", "hi alice")) is not None, "message the other way")

    # bad input: specific errors, nothing changes, the client keeps working
    bob.send("/frobnicate now")
    e = bob.wait(T("error"))
    h.check(e and e.get("code") == "unknown_command", "unknown command gets a specific error")
    bob.send("x" * 5000)
    e = bob.wait(lambda e: e.get("type") in ("error", "ack"))
    h.check(e and (e.get("type") == "error" or not e.get("ok")), "over-long message refused")
    bob.send("/join")
    e = bob.wait(T("error"))
    h.check(e and e.get("code") in ("usage", "bad_arguments"), "command without arguments refused")
    bob.send("still here")
    h.check(alice.wait(chat_from("bob", "still here")) is not None, "client still works after errors")
    h.check(not alice.seen(lambda e: e.get("type") == "chat" and len(e.get("text", "")) > 4000),
            "nothing over-long was delivered")

    # direct messages, including one to an offline user delivered at next login, once
    dave = h.cli("--user", "dave", "--register", "--password-file", pwfile("dave", "davepass12"),
                 name="dave")
    dave.wait(T("session"), 20)
    dave.send("/quit")
    dave.wait_exit(15)
    alice.send("/dm carol psst carol")
    e = carol.wait(lambda e: e.get("type") == "chat" and e.get("dm") and e.get("text") == "psst carol")
    h.check(e is not None, "direct message delivered live")
    alice.send("/dm dave see you later")
    h.check(alice.wait(lambda e: e.get("type") == "ack" and e.get("to") == "dave" and e.get("ok"))
            is not None, "direct message to an offline user is accepted")
    dave2 = h.cli("--user", "dave", "--password-file", pwfile("dave", "davepass12"), name="dave2")
    dave2.wait(T("session"), 20)
    got = dave2.wait(lambda e: e.get("type") == "chat" and e.get("text") == "see you later", 10)
    h.check(got is not None, "offline direct message delivered at the next login")
    dave2.wait(lambda e: False, 1.5)
    h.check(len(dave2.seen(lambda e: e.get("type") == "chat" and e.get("text") == "see you later"))
            == 1, "...exactly once")
    dave2.send("/quit")
    dave2.wait_exit(15)

    # /who: online and offline members
    alice.send("/who")
    e = alice.wait(lambda e: e.get("type") == "members" and e.get("room") == "General")
    members = {m["name"]: m["status"] for m in (e or {}).get("members", [])}
    h.check(members.get("alice") == "online" and members.get("dave") == "offline",
            "/who lists online and offline members (%s)" % members)

    # rooms: lobby counts, private rooms with passwords
    alice.send("/rooms")
    e = alice.wait(T("rooms"))
    rooms = {r["name"]: r for r in (e or {}).get("rooms", [])}
    h.check("General" in rooms and rooms["General"]["online"] >= 3, "lobby lists General with live counts")
    alice.send("/create Secret --private hunter22")
    h.check(alice.wait(result("room_create", True)) is not None, "private room created")
    carol.send("/join Secret wrongpassword")
    e = carol.wait(result("room_join"))
    h.check(e and not e["ok"], "joining a private room with a wrong password is refused (%s)"
            % (e or {}).get("error"))
    carol.send("/join Secret")
    e = carol.wait(result("room_join"))
    h.check(e and not e["ok"], "...and without one")
    carol.send("/join Secret hunter22")
    h.check(carol.wait(result("room_join", True)) is not None, "...and accepted with it")
    carol.send("secret words")
    h.check(alice.wait(chat_from("carol", "secret words")) is not None, "chat in the private room")
    bob.wait(lambda e: False, 1.0)
    h.check(not bob.seen(lambda e: e.get("text") == "secret words"), "outsiders see nothing of it")
    bob.send("/create Lounge")
    e = bob.wait(result("room_create"))
    h.check(e and not e["ok"], "guests cannot create rooms (%s)" % (e or {}).get("error"))
    alice.send("/delete General")
    e = alice.wait(result("room_delete"))
    h.check(e and not e["ok"], "General cannot be deleted")

    # presence: invisible looks offline to everyone
    carol.send("/status invisible")
    e = alice.wait(lambda e: e.get("type") == "presence" and e.get("name") == "carol")
    h.check(e and e["status"] == "offline", "an invisible user looks offline")
    alice.send("/search car")
    e = alice.wait(T("search"))
    users = {u["name"]: u["status"] for u in (e or {}).get("users", [])}
    h.check(users.get("carol") == "offline", "search finds users and never shows invisible (%s)" % users)
    h.check(not alice.seen(lambda e: e.get("status") == "invisible"), "'invisible' never leaks")
    carol.send("/status away")
    e = alice.wait(lambda e: e.get("type") == "presence" and e.get("name") == "carol")
    h.check(e and e["status"] == "away", "status changes reach room members")

    # wrong password and taken names
    bad = h.cli("--user", "alice", "--password-file", pwfile("bad", "not the password"), name="bad")
    e = bad.wait(T("auth_failed"), 20)
    h.check(e is not None, "wrong password refused (%s)" % (e or {}).get("error"))
    h.check(bad.wait_exit(15) == 5, "...and the client exits 5")
    taken = h.cli("--user", "ALICE", "--register", "--password-file", pwfile("t", "whatever123"),
                  name="taken")
    e = taken.wait(T("auth_failed"), 20)
    h.check(e is not None, "a name taken in another case is refused (%s)" % (e or {}).get("error"))
    weak = h.cli("--user", "erin", "--register", "--password-file", pwfile("w", "short"), name="weak")
    e = weak.wait(T("auth_failed"), 20)
    h.check(e is not None, "a password under 8 characters is refused (%s)" % (e or {}).get("text"))

    # moderation: mute, kick, ban
    alice.send("/join General")
    alice.wait(lambda e: e.get("type") == "current" and e.get("room") == "General")
    carol.send("/join General")
    carol.wait(lambda e: e.get("type") == "current" and e.get("room") == "General")
    alice.send("/mute carol 60")
    h.check(alice.wait(result("mute", True)) is not None, "owner mutes a user in a room")
    carol.send("muted words")
    e = carol.wait(T("ack"))
    h.check(e and not e["ok"] and e.get("error") == "MUTED", "a muted user's message is refused (%s)"
            % (e or {}).get("error"))
    alice.wait(lambda e: False, 1.0)
    h.check(not alice.seen(chat_from("carol", "muted words")), "...and not delivered")
    alice.send("/kick bob --server being rude")
    e = bob.wait(lambda e: e.get("type") == "notice" and e.get("kind") == "kicked")
    h.check(e is not None, "kicked user is told why")
    h.check(bob.wait_exit(15) == 6, "kicked client stops (exit 6)")
    alice.send("/ban carol spam")
    e = carol.wait(lambda e: e.get("type") == "notice" and e.get("kind") == "banned")
    h.check(e is not None, "banned user is told")
    carol.wait_exit(15)
    again = h.cli("--user", "carol", "--password-file", pwfile("carol", "carolpass1"), name="again")
    e = again.wait(T("auth_failed"), 20)
    h.check(e and e.get("error") == "BANNED", "a banned account cannot log in (%s)" % (e or {}).get("error"))

    # discovery, loopback only
    disc = h.cli("--discover", "--discover-addr", "127.0.0.1:%d" % h.port, name="disc")
    e = disc.wait(T("server"), 10)
    h.check(e and e["name"] == "Test" and e["address"].endswith(":%d" % h.port),
            "discovery finds the server (%s)" % e)

    # identity pinning: a different server on the same address is refused
    alice.send("/quit")
    alice.wait_exit(15)
    for p in h.procs:
        if p.name == "server":
            p.kill()
            p.wait_exit(5)
    h.data = os.path.join(h.tmp, "other-server")
    h.server(port=h.port)
    home = alice.home
    imp = h.cli("--guest", "mallory", home=home, name="imposter")
    e = imp.wait(lambda e: e.get("type") == "identity" and e.get("status") == "changed", 20)
    h.check(e is not None, "a changed server key is refused")
    h.check(imp.wait_exit(15) == 3, "...with exit code 3")
    ok = h.cli("--guest", "mallory", "--trust-new-key", home=home, name="trusting")
    h.check(ok.wait(T("session"), 20) is not None, "--trust-new-key accepts the new key")
    ok.send("/quit")
    ok.wait_exit(15)
    h.finish()


main()

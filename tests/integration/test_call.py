"""1:1 calls end to end: amy calls bob while cat sits in the same room's voice.

amy's microphone is a warbling tone through SDL's disk driver; bob and cat have silent
microphones. Call voice must reach bob and nothing at all may reach cat (she is in the
room's voice, so a leak would show up in her voice_stats). Kept under about 60 s: the
server's ring time-out is shortened with --call-timeout."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Harness, Proc  # noqa: E402

RATE = 48000


def is_call(state, **kw):
    def pred(e):
        if e.get("type") != "call_state" or e.get("state") != state:
            return False
        return all(e.get(k) == v for k, v in kw.items())
    return pred


def is_result(request, error):
    return lambda e: e.get("type") == "result" and e.get("request") == request and \
        e.get("error") == error


def got(cli, pred, timeout=10):
    """The event, whether it already went by or comes within timeout."""
    return cli.wait(pred, timeout) or (cli.seen(pred) or [None])[-1]


def main():
    h = Harness(sys.argv[1])
    tone = os.path.join(h.tmp, "tone.raw")
    quiet = os.path.join(h.tmp, "quiet.raw")
    # a tone that comes and goes (a steady one would be taken for noise and suppressed)
    subprocess.run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", "-t",
                    "raw", tone, "synth", "90", "sine", "300-900", "tremolo", "3", "80",
                    "vol", "0.5"], check=True)
    subprocess.run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", "-t",
                    "raw", quiet, "trim", "0", "90"], check=True)

    srv = h.server("--call-timeout", "3")
    sim = h.netsim()
    base = dict(h.env)

    def audio(name, mic):
        env = dict(base, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILEIN=mic,
                   SDL_DISKAUDIOFILE=os.path.join(h.tmp, name + "-out.raw"))
        h.env = env

    audio("amy", tone)
    amy = h.cli("--guest", "amy", port=sim.port, name="amy")
    audio("bob", quiet)
    bob = h.cli("--guest", "bob", "--voice", name="bob")
    audio("cat", quiet)
    cat = h.cli("--guest", "cat", "--voice", name="cat")
    h.env = base
    for c in (amy, bob, cat):
        h.check(got(c, lambda e: e.get("type") == "current" and e.get("room") == "General", 20)
                is not None, "%s is in General" % c.name)

    # clear errors for impossible calls
    amy.send("/call amy")
    e = got(amy, is_result("call_start", "BAD_REQUEST"))
    h.check(e is not None and "yourself" in e.get("text", ""), "calling yourself is refused (%s)" % e)
    amy.send("/call nobody")
    h.check(got(amy, is_result("call_start", "NO_SUCH_USER")) is not None,
            "calling an unknown user is refused")
    amy.send("/accept")
    h.check(got(amy, is_result("call_accept", "NO_CALL")) is not None,
            "/accept with nothing ringing is an error")
    amy.send("/call")
    h.check(got(amy, lambda e: e.get("type") == "error" and e.get("code") == "usage") is not None,
            "/call without a name shows the usage")

    # decline
    amy.send("/call bob")
    h.check(got(amy, is_call("ringing", peer="bob", outgoing=True)) is not None,
            "the caller sees ringing")
    h.check(got(bob, is_call("ringing", peer="amy", outgoing=False)) is not None,
            "the callee's client rings")
    bob.send("/decline")
    h.check(got(amy, is_call("ended", reason="declined", by_peer=True)) is not None,
            "decline: the caller is told")
    h.check(got(bob, is_call("ended", reason="declined", by_peer=False)) is not None,
            "decline: the callee sees it ended")

    # time-out (3 s on this server)
    amy.send("/call bob")
    got(bob, is_call("ringing", peer="amy"))
    t0 = time.time()
    e = got(amy, is_call("ended", reason="timeout"), 10)
    h.check(e is not None and 2.0 < time.time() - t0 < 8.0,
            "an unanswered call times out (%.1f s)" % (time.time() - t0))
    h.check(got(bob, is_call("ended", reason="timeout")) is not None, "both are told of the time-out")

    # busy both ways, and hanging up a ringing call
    amy.send("/call bob")
    got(bob, is_call("ringing", peer="amy"))
    cat.send("/call bob")
    h.check(got(cat, is_call("ended", peer="bob", reason="busy")) is not None,
            "busy: a callee in a ringing call")
    cat.send("/call amy")
    h.check(got(cat, is_call("ended", peer="amy", reason="busy")) is not None,
            "busy: a caller whose call rings")
    amy.send("/call cat")
    h.check(got(amy, is_result("call_start", "IN_CALL")) is not None,
            "one call at a time for the caller")
    amy.send("/hangup")
    h.check(got(bob, is_call("ended", reason="hangup", by_peer=True)) is not None,
            "hang-up cancels a ringing call")

    # accept: call voice flows from amy to bob only
    amy.send("/call bob")
    got(bob, is_call("ringing", peer="amy"))
    bob.send("/accept")
    h.check(got(amy, is_call("active", peer="bob")) is not None, "accept: the caller is in the call")
    h.check(got(bob, is_call("active", peer="amy")) is not None, "accept: the callee is in the call")
    time.sleep(4)

    # amy's link dies; the call waits and resumes on its own
    sim.kill()
    sim.wait_exit(5)
    e = got(bob, is_call("reconnecting", peer="amy", reason="connection_lost"), 20)
    h.check(e is not None, "the peer sees the call waiting after a dead link")
    sim2 = Proc("netsim2", [h.bin("netsim"), "--listen", str(sim.port), "--target",
                            "127.0.0.1:%d" % h.port], h.env, stdin=False)
    h.procs.append(sim2)
    h.check(got(amy, is_call("active", peer="bob", reason="resumed"), 30) is not None,
            "the call resumes for the caller after reconnecting")
    h.check(got(bob, is_call("active", peer="amy", reason="resumed"), 10) is not None,
            "and the peer is told it continues")
    time.sleep(3)
    bob.send("/hangup")
    h.check(got(amy, is_call("ended", reason="hangup", by_peer=True)) is not None,
            "hang-up: the other side is told")
    h.check(got(bob, is_call("ended", reason="hangup", by_peer=False)) is not None,
            "hang-up: the side that hung up sees it ended")

    stats = {}
    for c in (amy, bob, cat):
        c.send("/quit")
        stats[c.name] = got(c, lambda e: e.get("type") == "voice_stats", 15) or {}
        c.wait_exit(15)
    sent = stats["amy"].get("packets_sent", 0)
    heard = stats["bob"].get("packets_received", 0)
    leaked = stats["cat"].get("packets_received", -1)
    print("voice: amy sent %d, bob received %d, cat received %d" % (sent, heard, leaked))
    h.check(sent > 100, "amy's microphone was sent as call voice (%d packets)" % sent)
    h.check(heard > 100, "bob received the call voice (%d packets)" % heard)
    h.check(leaked == 0, "cat, in the same room's voice, received none of it (%d)" % leaked)
    out = os.path.join(h.tmp, "bob-out.raw")
    size = os.path.getsize(out) if os.path.exists(out) else 0
    energy = 0.0
    if size:
        with open(out, "rb") as f:
            data = f.read()
        import array
        a = array.array("h")
        a.frombytes(data[: len(data) // 2 * 2])
        energy = max(abs(x) for x in a) if a else 0
    h.check(energy > 1000, "bob's speakers played it (peak %d)" % energy)
    srv.send("quit")
    h.finish()


if __name__ == "__main__":
    main()

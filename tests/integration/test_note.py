"""Voice notes (C8) and streaming a WAV into a room (C9) end to end, in about 30 s.

A speaks a sentence made with espeak-ng into a voice note (/note FILE.wav); B sees the note
event, fetches and saves it as WAV (/savenote), and the saved audio, aligned by cross-
correlation, matches the source. Threshold 0.6: Speex wideband at quality 8 keeps the
waveform of speech (a codec round trip of this sentence scores about 0.8-0.9 here, while two
unrelated sounds or a misaligned copy score below 0.2), so 0.6 fails a broken decoder, a
wrong rate or lost frames, yet tolerates the codec's own noise. The note survives a server
restart (history shows it and it can still be fetched), and /play streams a WAV that B, in
the room's voice, receives (packets counted in its voice_stats)."""
import array
import math
import os
import subprocess
import sys
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Harness, Proc  # noqa: E402

RATE = 8000  # both sides are compared at 8 kHz, which keeps pure-Python correlation quick
THRESHOLD = 0.6


def T(t):
    return lambda e: e.get("type") == t


def pcm_at(path, tmp, name):
    """Mono 16-bit samples of an audio file at RATE (sox converts)."""
    raw = os.path.join(tmp, name + ".raw")
    subprocess.run(["sox", "-V1", path, "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", "-t",
                    "raw", raw], check=True)
    a = array.array("h")
    with open(raw, "rb") as f:
        a.frombytes(f.read())
    return a


def best_corr(a, b, max_lag):
    """Best normalised correlation of b shifted by -max_lag..max_lag against a."""
    n = min(len(a), len(b)) - 2 * max_lag
    best = -1.0
    for lag in range(-max_lag, max_lag + 1, 2):
        xa = a[max_lag:max_lag + n]
        xb = b[max_lag + lag:max_lag + lag + n]
        ab = sum(x * y for x, y in zip(xa, xb))
        aa = sum(x * x for x in xa)
        bb = sum(y * y for y in xb)
        if aa and bb:
            best = max(best, ab / math.sqrt(aa * bb))
    return best


def main():
    h = Harness(sys.argv[1])
    src = os.path.join(h.tmp, "speech.wav")
    subprocess.run(["espeak-ng", "-s", "150", "-w", src,
                    "Parley voice notes keep every word you say, reliably."], check=True)
    h.server()

    def pwfile(name):
        path = os.path.join(h.tmp, name + ".pw")
        with open(path, "w") as f:
            f.write("password-%s\n" % name)
        return path

    alice = h.cli("--user", "alice", "--register", "--password-file", pwfile("alice"),
                  name="alice")
    bob = h.cli("--user", "bob", "--register", "--password-file", pwfile("bob"), name="bob")
    for c in (alice, bob):
        h.check(c.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 20)
                is not None, "%s is in General" % c.name)

    # a bad file: a clear sentence, and the client keeps running
    alice.send("/note " + os.path.join(h.tmp, "missing.wav"))
    e = alice.wait(T("error"))
    h.check(e is not None and e.get("code") == "bad_file", "a missing WAV is a clear error (%s)" % e)

    # A sends a note made from speech; B sees it with its duration and id
    alice.send("/note " + src)
    sent = alice.wait(lambda e: e.get("type") == "note" and e.get("event") == "sent", 15)
    h.check(sent is not None, "the note is sent (%s)" % (sent and sent.get("text")))
    ack = alice.wait(lambda e: e.get("type") == "ack", 15)
    h.check(ack is not None and ack.get("ok"), "the server stores it (%s)" % ack)
    note = bob.wait(lambda e: e.get("type") == "chat" and e.get("note_ms", 0) > 0, 15)
    h.check(note is not None and note.get("text", "").startswith("voice note, "),
            "B sees the voice note event (%s)" % (note and note.get("text")))
    nid = note["server_id"] if note else 0

    # B fetches and saves it; the audio matches the source
    saved = os.path.join(h.tmp, "saved.wav")
    bob.send("/savenote %d %s" % (nid, saved))
    e = bob.wait(lambda e: e.get("type") == "note" and e.get("event") == "saved", 15)
    h.check(e is not None and os.path.exists(saved), "B saves the note as WAV")
    if e is not None:
        with wave.open(saved) as w:
            h.check(w.getframerate() == 16000 and w.getnchannels() == 1,
                    "the WAV is 16 kHz mono (wideband)")
        a = pcm_at(src, h.tmp, "src")
        b = pcm_at(saved, h.tmp, "saved")
        h.check(abs(len(a) - len(b)) <= RATE * 0.04, "same duration (%d vs %d samples)"
                % (len(a), len(b)))
        c = best_corr(a, b, 160)
        print("  correlation of the saved note with its source: %.3f" % c)
        h.check(c > THRESHOLD, "saved audio correlates with the source (%.3f > %.1f)"
                % (c, THRESHOLD))

    # a stranger's fetch: not found; a bad id: a clear error
    bob.send("/playnote 999999")
    e = bob.wait(T("error"), 10)
    h.check(e is not None and e.get("code") == "NO_SUCH_MESSAGE", "an unknown note id (%s)" % e)
    bob.send("/savenote abc")
    e = bob.wait(T("error"), 10)
    h.check(e is not None and e.get("code") == "bad_arguments", "a bad /savenote (%s)" % e)

    # the link dies mid-note (netsim killed): the note is kept, sent again after the client
    # reconnects on its own, and B sees it exactly once
    sim = h.netsim("--bandwidth", "48")  # ~6 KB/s: the note takes a few seconds
    dave = h.cli("--user", "dave", "--register", "--password-file", pwfile("dave"),
                 port=sim.port, name="dave")
    h.check(dave.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 30)
            is not None, "dave is in General through netsim")
    dave.send("/note " + src)
    sent = dave.wait(lambda e: e.get("type") == "note" and e.get("event") == "sent", 15)
    h.check(sent is not None, "dave's note starts going out (%s)" % (sent and sent.get("text")))
    time.sleep(0.8)
    h.check(not dave.seen(T("ack")), "the note is still in flight when the link dies")
    sim.kill()
    sim.wait_exit(5)
    h.check(dave.wait(T("disconnected"), 25) is not None or dave.seen(T("disconnected")),
            "dave notices the dead link")
    sim2 = Proc("netsim2", [h.bin("netsim"), "--listen", str(sim.port), "--target",
                            "127.0.0.1:%d" % h.port], h.env, stdin=False)
    h.procs.append(sim2)
    ack = dave.wait(T("ack"), 40)
    h.check(ack is not None and ack.get("ok"), "after the reconnect the note is stored (%s)" % ack)
    from_dave = lambda e: (e.get("type") == "chat" and e.get("note_ms", 0) > 0  # noqa: E731
                           and e.get("from") == "dave" and not e.get("history"))
    first = bob.wait(from_dave, 15)
    h.check(first is not None, "B sees dave's note (%s)" % (first and first.get("text")))
    h.check(bob.wait(from_dave, 4) is None, "...exactly once")
    if first is not None:
        dave.send("/savenote %d %s" % (first["server_id"], os.path.join(h.tmp, "dave.wav")))
        e = dave.wait(lambda e: e.get("type") == "note" and e.get("event") == "saved", 20)
        h.check(e is not None, "a fetch after the reconnect works (%s)" % e)
    dave.send("/quit")
    dave.wait_exit(10)

    # /play streams the WAV into the room's voice; B in voice receives it
    bob.send("/voice")
    bob.wait(T("voice"), 10)
    alice.send("/play " + src)
    e = alice.wait(lambda e: e.get("type") == "note" and e.get("event") == "streaming", 10)
    h.check(e is not None, "A streams the WAV into the room (%s)" % e)
    alice.wait(T("never"), 5)  # the sentence lasts about 4 s
    for c in (alice, bob):
        c.send("/quit")
    stats = {}
    for c in (alice, bob):
        stats[c.name] = c.wait(T("voice_stats"), 20) or {}
        c.wait_exit(10)
    print("  voice_stats:", {k: (v.get("packets_sent"), v.get("packets_received"))
                             for k, v in stats.items()})
    h.check(stats["alice"].get("packets_sent", 0) > 100, "A sent the file as voice")
    h.check(stats["bob"].get("packets_received", 0) > 100, "B received the streamed file")

    # the note survives a server restart: in history, and fetchable
    h.procs[0].kill()
    h.procs[0].wait_exit(10)
    h.server(port=None)
    carol = h.cli("--user", "carol", "--register", "--password-file", pwfile("carol"),
                  name="carol")
    carol.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 20)
    carol.send("/history")
    e = carol.wait(lambda e: e.get("type") == "chat" and e.get("server_id") == nid, 20)
    h.check(e is not None and e.get("history") and e.get("note_ms", 0) > 0,
            "history shows the note after a restart (%s)" % (e and e.get("text")))
    again = os.path.join(h.tmp, "again.wav")
    carol.send("/savenote %d %s" % (nid, again))
    e = carol.wait(lambda e: e.get("type") == "note" and e.get("event") == "saved", 15)
    h.check(e is not None and os.path.getsize(again) == os.path.getsize(saved),
            "the note's audio is still there after the restart")
    h.finish()


if __name__ == "__main__":
    main()

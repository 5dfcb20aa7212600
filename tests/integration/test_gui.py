"""test_gui.py — the real `parley` window under Xvfb against a real parley-server, next to a
real parley-cli, driven with xdotool.

  - `parley --server ... --guest gina` goes straight to General; its member list and its chat
    show what the server says (checked through the PARLEY_GUI_TRACE file the GUI writes);
  - a message typed into the window with xdotool reaches the CLI; a message from the CLI
    shows in the window (and, naming gina, asks for the notification sound); a screenshot of
    the window is taken and checked;
  - F2 (the overlay chat), Enter to type in it, F3 (the compact always-on-top window) work in
    a real X session; a /status typed in the window reaches the CLI as presence;
  - closing the window logs out (the CLI sees gina leave);
  - the log-in screen works by keyboard (registering); direct messages both ways, with the
    notification sound; the server killed and restarted: the window reconnects and logs in;
  - `parley --host --guest hosty` starts parley-server from the build folder with its data in
    the user's data folder, connects to it, a CLI talks to it, and closing the window stops it;
  - the start screen finds a server through discovery (--discover-addr, loopback only).

Needs Xvfb and xdotool (Debian: xvfb xdotool). Without them it prints a skip and
"0 passed, 0 failed". $1: the build directory.
"""
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Harness, Proc  # noqa: E402


class Display:
    """An Xvfb server on a free display number (-displayfd), only for this test."""

    def __init__(self):
        r, w = os.pipe()
        self.p = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1000x24",
                                   "-nolisten", "tcp"], pass_fds=(w,),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        num = b""
        end = time.time() + 30
        while time.time() < end and not num.endswith(b"\n"):
            ready, _, _ = select.select([r], [], [], max(0.0, end - time.time()))
            chunk = os.read(r, 16) if ready else b""
            if not chunk:
                break
            num += chunk
        os.close(r)
        if not num.strip():
            self.stop()
            raise RuntimeError("Xvfb did not say its display number within 30 s (exit %s)" %
                               self.p.poll())
        self.name = ":" + num.decode().strip()

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()


class Gui(Proc):
    """A parley window; its PARLEY_GUI_TRACE file says what it shows."""

    def __init__(self, h, display, args, name):
        self.trace = os.path.join(h.tmp, "trace-" + name)
        self.shots = os.path.join(h.tmp, "shots-" + name)
        self.home = os.path.join(h.tmp, "home-" + name)
        os.makedirs(self.shots, exist_ok=True)
        env = dict(h.env)
        env["DISPLAY"] = display.name
        env["PARLEY_GUI_TRACE"] = self.trace
        env["XDG_DATA_HOME"] = os.path.join(h.tmp, "xdg-" + name)
        env["XDG_CONFIG_HOME"] = os.path.join(h.tmp, "config-" + name)
        # No leak check for the window: libdbus, which SDL loads and unloads again, keeps
        # memory until exit and its frames are gone by then (so no suppression matches). The
        # same GUI code runs with leak checks in tests/unit/test_gui_*.c.
        env["ASAN_OPTIONS"] = "detect_leaks=0"
        self.display = display
        argv = [h.bin("parley"), "--home", self.home, "--screenshot-dir", self.shots,
                "--size", "1280x720"] + list(args)
        super().__init__(name, argv, env, stdin=False)
        h.procs.append(self)
        self.window = None

    def state(self):
        try:
            with open(self.trace, encoding="utf-8", errors="replace") as f:
                return f.read().splitlines()
        except OSError:
            return []

    def value(self, key):
        for line in self.state():
            if line.startswith(key + " "):
                return line[len(key) + 1:]
        return None

    def wait(self, pred, timeout=15.0):
        end = time.time() + timeout
        while time.time() < end:
            lines = self.state()
            if lines and pred(lines):
                return lines
            if not self.alive():
                return None
            time.sleep(0.1)
        return None

    def xdo(self, *args):
        env = dict(os.environ, DISPLAY=self.display.name)
        try:
            r = subprocess.run(["xdotool"] + list(args), env=env, capture_output=True,
                               text=True, timeout=30)
        except subprocess.TimeoutExpired:
            print("    xdotool %s: no answer in 30 s" % " ".join(args), flush=True)
            return ""
        return r.stdout.strip()

    def focus(self):
        if not self.window:
            end = time.time() + 15
            while time.time() < end and not self.window:
                out = self.xdo("search", "--name", "^Parley$")
                self.window = out.split("\n")[0] if out else None
                if not self.window:
                    time.sleep(0.2)
        if self.window:
            self.xdo("windowfocus", "--sync", self.window)
        return self.window is not None

    def type(self, text):
        self.focus()
        self.xdo("type", "--delay", "20", text)

    def key(self, *keys):
        self.focus()
        self.xdo("key", "--delay", "50", *keys)

    def geometry(self):
        out = self.xdo("getwindowgeometry", self.window) if self.window else ""
        for line in out.splitlines():
            if "Geometry:" in line:
                w, hh = line.split(":")[1].strip().split("x")
                return int(w), int(hh)
        return None


def png_size(path):
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def has(lines, text):
    return any(l == text for l in lines)


def wait_for(pred, timeout):
    """pred()'s first true value within timeout seconds (polled), or None."""
    end = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.time() >= end:
            return None
        time.sleep(0.1)


def mtime(path):
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


def pids_with(fragment):
    """Processes whose command line mentions fragment (read from /proc, nothing signalled)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if fragment.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def run_under_xvfb(name, run):
    """The frame of every GUI test: skip without Xvfb/xdotool, a display of its own, run(h,
    display), and on any end (a failure, an exception, SIGTERM) nothing left running."""
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        print("SKIP %s: Xvfb and xdotool are not installed (Debian: apt-get install xvfb "
              "xdotool)" % name)
        print("1 skipped")
        print("0 passed, 0 failed")
        return
    h = Harness(sys.argv[1])
    try:
        display = Display()
    except (OSError, RuntimeError) as e:
        h.check(False, "Xvfb starts (%s)" % e)
        h.finish()

    def stop_all():
        """Every process of this test: windows first, then the display they live on; then
        anything still running with this test's folder in its command line (a server a
        window started, when the window could not stop it)."""
        for p in h.procs:
            p.kill(signal.SIGTERM)
        for p in h.procs:
            if p.wait_exit(10) is None:
                p.kill()
                p.wait_exit(5)
        display.stop()
        left = pids_with(h.tmp)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return left

    def on_term(*_):
        raise RuntimeError("stopped by SIGTERM (run.sh's time-out?)")

    signal.signal(signal.SIGTERM, on_term)  # a time-out: still leave nothing behind
    try:
        run(h, display)
    except (Exception, SystemExit) as e:  # SystemExit: the harness could not start something
        traceback.print_exc()
        h.check(False, "the test runs to its end (%s)" % e)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the clean-up is bounded: let it end
        left = stop_all()
    h.check(not left, "no process of the test is left running (%s)" % left)
    h.finish()


def main():
    run_under_xvfb("gui", run)


def run(h, display):
    srv = h.server()
    port = srv.port

    # ---- the window joins as a guest --------------------------------------------------------
    gui = Gui(h, display, ["--server", "127.0.0.1:%d" % port, "--guest", "gina"], "gina")
    lines = gui.wait(lambda l: has(l, "screen room") and has(l, "room General") and
                     has(l, "user gina") and any(x.startswith("member gina") for x in l))
    h.check(lines is not None, "the window logs in as guest gina and shows General with its "
            "member list")

    pw = os.path.join(h.tmp, "carl.pw")
    with open(pw, "w") as f:
        f.write("carl-password-1\n")
    carl = h.cli("--user", "carl", "--register", "--password-file", pw, name="carl")
    carl.send("/join General")
    h.check(carl.wait(lambda e: e.get("type") == "result" and e.get("request") == "room_join"
                      and e.get("ok")), "the CLI joins General")
    lines = gui.wait(lambda l: has(l, "line * carl joined") and has(l, "member carl online"))
    h.check(lines is not None, "the window shows carl joining and lists him online")

    # ---- typed in the window, read in the terminal ----------------------------------------
    h.check(gui.focus(), "xdotool finds the window")
    typed = "hello from the parley window"
    gui.type(typed)
    gui.key("Return")
    ev = carl.wait(lambda e: e.get("type") == "chat" and e.get("from") == "gina" and
                   e.get("text") == typed, 15)
    h.check(ev is not None, "the CLI receives the message typed into the window with xdotool")
    lines = gui.wait(lambda l: has(l, "line gina: " + typed))
    h.check(lines is not None, "the window shows its own message as stored (not pending)")

    # ---- from the terminal, shown in the window -------------------------------------------
    said = "hi gina, this comes from the terminal"
    carl.send(said)
    lines = gui.wait(lambda l: has(l, "line carl: " + said))
    shown = time.time()
    h.check(lines is not None, "the window shows the message sent from the CLI")
    # the window saves a screenshot once it has been still for a moment
    shot = os.path.join(gui.shots, "room.png")
    wait_for(lambda: mtime(shot) >= shown - 0.05, 15)
    size = png_size(shot)
    h.check(size == (1280, 720), "the window's screenshot is a 1280x720 PNG (%s)" % (size,))
    h.check(os.path.getsize(shot) > 20000 if size else False,
            "the screenshot has content (%d bytes)" % (os.path.getsize(shot) if size else 0))

    # ---- a mention in another room: the notification sound ---------------------------------
    carl.send("/create Side")
    carl.wait(lambda e: e.get("type") == "current" and e.get("room") == "Side", 10)
    gui.type("/join Side")
    gui.key("Return")
    h.check(gui.wait(lambda l: has(l, "room Side")) is not None,
            "/join typed in the window opens the room")
    gui.type("/join General")
    gui.key("Return")
    h.check(gui.wait(lambda l: has(l, "room General")) is not None, "and back to General")
    dings = int(gui.value("dings") or 0)
    carl.send("gina, come and look at Side")
    lines = gui.wait(lambda l: int((gui.value("dings") or "0")) > dings)
    h.check(lines is not None,
            "a message naming gina in a room not on screen asks for the notification sound")

    # ---- the overlay chat and the compact window -------------------------------------------
    gui.key("F2")
    h.check(gui.wait(lambda l: has(l, "overlay 1")) is not None, "F2 turns on the overlay chat")
    gui.key("Return")
    h.check(gui.wait(lambda l: has(l, "overlay-input 1")) is not None,
            "Enter opens the overlay's input")
    over = "typed in the overlay"
    gui.type(over)
    gui.key("Return")
    ev = carl.wait(lambda e: e.get("type") == "chat" and e.get("text") == over, 15)
    h.check(ev is not None, "Enter opens the overlay input; what is typed there is sent")
    gui.key("F2")
    h.check(gui.wait(lambda l: has(l, "overlay 0")) is not None, "F2 turns the overlay off")
    gui.key("F3")
    lines = gui.wait(lambda l: has(l, "screen compact"))
    geo = wait_for(lambda: (lambda g: g if g and g[0] < 700 else None)(gui.geometry()), 15)
    h.check(lines is not None and geo is not None,
            "F3 opens the compact window (%s)" % (geo or gui.geometry(),))
    gui.key("F3")
    lines = gui.wait(lambda l: has(l, "screen room"))
    geo = wait_for(lambda: gui.geometry() == (1280, 720), 15)
    h.check(lines is not None and geo,
            "F3 again restores the window (%s)" % (gui.geometry(),))

    # ---- a command typed in the window ---------------------------------------------------------
    gui.type("/status away")
    gui.key("Return")
    ev = carl.wait(lambda e: e.get("type") == "presence" and e.get("name") == "gina" and
                   e.get("status") == "away", 15)
    h.check(ev is not None, "/status away typed in the window reaches the CLI as presence")

    # ---- closing the window logs out ----------------------------------------------------------
    gui.kill(signal.SIGTERM)
    code = gui.wait_exit(15)
    h.check(code == 0, "the window closes cleanly on SIGTERM (exit %s)" % code)
    ev = carl.wait(lambda e: (e.get("type") == "member" and e.get("name") == "gina" and
                              e.get("event") == "left") or
                   (e.get("type") == "presence" and e.get("name") == "gina" and
                    e.get("status") == "offline"), 15)
    h.check(ev is not None, "the CLI sees gina go when the window closes")

    # ---- the log-in screen, by keyboard: register, then direct messages -------------------------
    gwen = Gui(h, display, ["--server", "127.0.0.1:%d" % port, "--verbose"], "gwen")
    h.check(gwen.wait(lambda l: has(l, "screen login")) is not None,
            "without --guest or --user the window asks for a log-in")
    gwen.key("shift+Tab", "Right", "Tab")  # the tabs, Register, the name field
    gwen.type("gwen")
    gwen.key("Tab")
    gwen.type("gwen-password-1")
    gwen.key("Return")
    lines = gwen.wait(lambda l: has(l, "user gwen") and has(l, "screen room") and
                      has(l, "room General"))
    h.check(lines is not None, "registering on the log-in screen (keyboard only) gets in")
    dings = int(gwen.value("dings") or 0)
    carl.send("/dm gwen psst, gwen")
    lines = gwen.wait(lambda l: int(gwen.value("dings") or "0") > dings)
    h.check(lines is not None, "a direct message asks for the notification sound")
    gwen.type("/dm carl hello carl, from the window")
    gwen.key("Return")
    ev = carl.wait(lambda e: e.get("type") == "chat" and e.get("dm") and e.get("from") == "gwen"
                   and e.get("text") == "hello carl, from the window", 15)
    if not h.check(ev is not None, "a direct message typed in the window reaches the CLI"):
        print("    trace: " + " | ".join(gwen.state()))
        print("    keys: " + " ".join(l.split("debug: ")[1] for l in gwen.err
                                      if "debug: key" in l or "debug: text" in l or
                                      "debug: action" in l)[-1500:])
    lines = gwen.wait(lambda l: has(l, "screen dms") and has(l, "peer carl") and
                      has(l, "line carl: psst, gwen") and
                      has(l, "line gwen: hello carl, from the window"))
    h.check(lines is not None, "the window shows the conversation on its direct-message screen")

    # ---- the server goes away and comes back ------------------------------------------------------
    srv.kill()
    srv.wait_exit(10)
    h.check(gwen.wait(lambda l: has(l, "link 3"), 20) is not None,
            "the window notices the server is gone and waits to reconnect")
    h.server(port=port)
    lines = gwen.wait(lambda l: has(l, "link 2") and has(l, "user gwen"), 30)
    h.check(lines is not None, "the window reconnects and logs in again by itself")
    carl.wait(lambda e: e.get("type") == "session", 30)
    carl.send("/dm gwen still there?")
    lines = gwen.wait(lambda l: has(l, "line carl: still there?"), 20)
    h.check(lines is not None, "messages flow again after the restart")
    gwen.type("/who General")  # shows the room without joining it again
    gwen.key("Return")
    h.check(gwen.wait(lambda l: has(l, "screen room") and has(l, "room General")) is not None,
            "/who General typed in the window shows the room")
    carl.send("/join General")  # carl's own room is Side since he made it
    carl.wait(lambda e: e.get("type") == "current" and e.get("room") == "General", 15)
    carl.send("back in General")
    lines = gwen.wait(lambda l: has(l, "line carl: back in General"), 20)
    h.check(lines is not None, "the window is in General again after the restart (it rejoined)")
    gwen.type("me too")
    gwen.key("Return")
    ev = carl.wait(lambda e: e.get("type") == "chat" and e.get("from") == "gwen" and
                   e.get("text") == "me too", 15)
    h.check(ev is not None, "what the window says in General after the restart reaches the CLI")
    gwen.kill(signal.SIGTERM)
    code = gwen.wait_exit(15)
    h.check(code == 0, "the window closes cleanly (exit %s)" % code)

    # ---- hosting a server from the window -------------------------------------------------------
    host = Gui(h, display, ["--host", "--guest", "hosty"], "host")
    lines = host.wait(lambda l: has(l, "hosting 1") and has(l, "user hosty") and
                      has(l, "screen room"), 30)
    h.check(lines is not None, "--host starts parley-server here and logs in to it")
    addr = host.value("server") or ""
    data = os.path.join(h.tmp, "xdg-host", "parley", "server")
    h.check(os.path.exists(os.path.join(data, "parley.db")),
            "the hosted server keeps its data in the user's data folder")
    h.check(len(pids_with(data)) == 1, "one parley-server runs for the window")
    hport = int(addr.rsplit(":", 1)[1]) if ":" in addr else 0
    if hport:
        visitor = h.cli("--guest", "visitor", port=hport, name="visitor")
        visitor.send("/join General")
        visitor.wait(lambda e: e.get("type") == "result" and e.get("request") == "room_join", 15)
        visitor.send("hello host")
        lines = host.wait(lambda l: has(l, "line visitor: hello host"))
        h.check(lines is not None, "a CLI on the hosted server talks to the window")
        visitor.send("/quit")
        visitor.wait_exit(10)
    else:
        h.check(False, "the hosted server's address is known (%r)" % addr)
    host.kill(signal.SIGTERM)
    code = host.wait_exit(15)
    h.check(code == 0, "the hosting window closes cleanly (exit %s)" % code)
    end = time.time() + 10
    while time.time() < end and pids_with(data):
        time.sleep(0.2)
    h.check(not pids_with(data), "closing the window stops the server it started")

    # ---- the start screen finds servers on the LAN ---------------------------------------------
    start = Gui(h, display, ["--discover-addr", "127.0.0.1:%d" % port], "start")
    lines = start.wait(lambda l: has(l, "screen start") and has(l, "server-found Test"))
    h.check(lines is not None, "the start screen lists the server found by discovery")
    start.kill(signal.SIGTERM)
    code = start.wait_exit(15)
    h.check(code == 0, "the start screen closes cleanly (exit %s)" % code)
    carl.send("/quit")
    carl.wait_exit(10)


if __name__ == "__main__":
    main()

"""test_gui_call.py — a 1:1 call between the real `parley` window (under Xvfb) and a real
parley-cli, through a real parley-server on 127.0.0.1:

  - the CLI /call's the window's user: the window shows the incoming-call dialog (its
    PARLEY_GUI_TRACE file says "call ringing cleo");
  - Return in the window accepts: the CLI sees the call active, and so does the window;
  - the CLI /hangup's: the window sees the call ended (and its bar goes);
  - a second call, declined with Esc in the window: the CLI sees it ended, declined.

Audio is SDL's dummy driver on both sides (the call's audio itself is tests/integration/
call.sh's job). Reuses test_gui.py's display and window helpers. Needs Xvfb and xdotool;
without them it prints a skip and "0 passed, 0 failed". $1: the build directory.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_gui import Gui, has, run_under_xvfb  # noqa: E402


def is_call(state, **kw):
    def pred(e):
        if e.get("type") != "call_state" or e.get("state") != state:
            return False
        return all(e.get(k) == v for k, v in kw.items())
    return pred


def got(cli, pred, timeout=15):
    """The event, whether it already went by or comes within timeout."""
    return cli.wait(pred, timeout) or (cli.seen(pred) or [None])[-1]


def run(h, display):
    srv = h.server()
    gui = Gui(h, display, ["--server", "127.0.0.1:%d" % srv.port, "--guest", "gina"], "gina")
    lines = gui.wait(lambda l: has(l, "screen room") and has(l, "user gina"), 30)
    h.check(lines is not None, "the window logs in as guest gina")
    cleo = h.cli("--guest", "cleo", name="cleo")
    h.check(got(cleo, lambda e: e.get("type") == "current" and e.get("room") == "General", 20)
            is not None, "the CLI (cleo) is in General")
    h.check(gui.focus(), "xdotool finds the window")

    # ---- ring, accept with Return, hang up from the CLI ------------------------------------
    cleo.send("/call gina")
    h.check(got(cleo, is_call("ringing", peer="gina", outgoing=True)) is not None,
            "the CLI's call rings")
    lines = gui.wait(lambda l: has(l, "call ringing cleo"))
    h.check(lines is not None, "the window shows the incoming call from cleo (trace: %s)" %
            gui.value("call"))
    gui.key("Return")
    h.check(got(cleo, is_call("active", peer="gina")) is not None,
            "Return in the window accepts: the CLI sees the call active")
    h.check(gui.wait(lambda l: has(l, "call active cleo")) is not None,
            "the window sees the call active")
    cleo.send("/hangup")
    h.check(got(cleo, is_call("ended", reason="hangup")) is not None, "the CLI hangs up")
    h.check(gui.wait(lambda l: has(l, "call ended cleo")) is not None,
            "the window sees the call ended")

    # ---- a second call, declined with Esc ---------------------------------------------------
    cleo.send("/call gina")
    lines = gui.wait(lambda l: has(l, "call ringing cleo"))
    h.check(lines is not None, "a second call rings in the window")
    gui.key("Escape")
    h.check(got(cleo, is_call("ended", reason="declined", by_peer=True)) is not None,
            "Esc in the window declines: the CLI sees the call declined by gina")
    h.check(gui.wait(lambda l: has(l, "call ended cleo")) is not None,
            "the window sees that call ended too")
    cleo.send("/quit")
    cleo.wait_exit(10)


def main():
    run_under_xvfb("gui_call", run)


if __name__ == "__main__":
    main()

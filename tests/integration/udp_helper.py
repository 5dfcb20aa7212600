#!/usr/bin/env python3
"""UDP helpers for the netsim integration test, loopback only.

  udp_helper.py echo SECONDS
      Binds 127.0.0.1 on a free port, prints the port, echoes every datagram back to its
      sender until SECONDS pass. A datagram b"?peer" is answered with the sender's
      "ip:port" as this server saw it instead of an echo.
  udp_helper.py probe PORT COUNT SIZE GAP_MS WAIT_S
      Sends COUNT datagrams of SIZE bytes (sequence number first) to 127.0.0.1:PORT, one
      every GAP_MS, then waits up to WAIT_S for the echoes. Prints one line:
      "sent N received N unique N corrupt N out_of_order N min_rtt_ms X max_rtt_ms X elapsed_s X"
  udp_helper.py peer PORT
      Asks the echo server behind 127.0.0.1:PORT who it thinks we are; prints the answer.
"""
import select
import socket
import struct
import sys
import time

LOOPBACK = "127.0.0.1"


def payload(seq, size):
    head = struct.pack("!I", seq)
    body = bytes((seq * 31 + i) & 0xFF for i in range(len(head), size))
    return head + body


def echo(seconds):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((LOOPBACK, 0))
    print(sock.getsockname()[1], flush=True)
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return 0
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            continue
        data, addr = sock.recvfrom(65535)
        if data == b"?peer":
            sock.sendto(("%s:%d" % addr).encode(), addr)
        else:
            sock.sendto(data, addr)


def probe(port, count, size, gap_ms, wait_s):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((LOOPBACK, 0))
    target = (LOOPBACK, port)
    sent_at = {}
    seen = set()
    received = corrupt = out_of_order = 0
    highest = -1
    rtts = []
    start = time.monotonic()

    def drain(timeout):
        nonlocal received, corrupt, out_of_order, highest
        ready, _, _ = select.select([sock], [], [], max(timeout, 0))
        while ready:
            data, _ = sock.recvfrom(65535)
            now = time.monotonic()
            received += 1
            if len(data) != size or len(data) < 4:
                corrupt += 1
            else:
                seq = struct.unpack("!I", data[:4])[0]
                if seq not in sent_at or data != payload(seq, size):
                    corrupt += 1
                else:
                    if seq < highest:
                        out_of_order += 1
                    highest = max(highest, seq)
                    if seq not in seen:
                        rtts.append((now - sent_at[seq]) * 1000.0)
                    seen.add(seq)
            ready, _, _ = select.select([sock], [], [], 0)

    for seq in range(count):
        sent_at[seq] = time.monotonic()
        sock.sendto(payload(seq, size), target)
        drain(gap_ms / 1000.0)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and len(seen) < count:
        drain(min(0.05, deadline - time.monotonic()))
    elapsed = time.monotonic() - start
    print("sent %d received %d unique %d corrupt %d out_of_order %d min_rtt_ms %.1f "
          "max_rtt_ms %.1f elapsed_s %.3f" % (count, received, len(seen), corrupt, out_of_order,
                                              min(rtts, default=-1), max(rtts, default=-1),
                                              elapsed))
    return 0


def peer(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((LOOPBACK, 0))
    for _ in range(4):
        sock.sendto(b"?peer", (LOOPBACK, port))
        ready, _, _ = select.select([sock], [], [], 0.25)
        if ready:
            data, _ = sock.recvfrom(65535)
            print("me %d seen-as %s" % (sock.getsockname()[1], data.decode()))
            return 0
    print("no answer")
    return 1


def main(argv):
    if len(argv) >= 2 and argv[1] == "echo" and len(argv) == 3:
        return echo(float(argv[2]))
    if len(argv) >= 2 and argv[1] == "probe" and len(argv) == 7:
        return probe(int(argv[2]), int(argv[3]), int(argv[4]), float(argv[5]), float(argv[6]))
    if len(argv) >= 2 and argv[1] == "peer" and len(argv) == 3:
        return peer(int(argv[2]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Tests of `wisp pull` and the UART framing (stdlib only).

usage: check.py CASE WISP PULL_DEV CRASH_WASM TMPDIR

CASE picks a case_* function below (meson registers each as its own test).
Captures come from pull_dev (the UART sink on the host port); this file
decodes and re-frames them with its own COBS and packet code, written from
the format description in port/README.md, so the format is checked byte for
byte and captures can be damaged precisely. Exit status: 0 pass, 1 fail,
77 skip.
"""
import os
import random
import select
import shutil
import struct
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from wisptest import cobs_decode, cobs_encode  # noqa: E402  (COBS from its description)

SKIP = 77


class Failure(Exception):
    pass


# ---- the framing (COBS itself: tests/lib/wisptest.py) ------------------------

def packet(ptype, body):
    p = b"WD" + ptype + body
    return p + struct.pack("<I", zlib.crc32(p))


def frame(pkt):
    return b"\x00" + cobs_encode(pkt) + b"\x00"


def parse_capture(cap):
    """The packets of a clean capture, in order, and the text around them."""
    pkts, noise = [], 0
    for piece in cap.split(b"\x00"):
        if not piece:
            continue
        try:
            p = cobs_decode(piece)
        except ValueError:
            noise += len(piece)
            continue
        if len(p) >= 7 and p[:2] == b"WD" and zlib.crc32(p[:-4]) == struct.unpack("<I", p[-4:])[0]:
            pkts.append(p)
        else:
            noise += len(piece)
    return pkts, noise


def dump_of(pkts):
    """Checks the packets of one dump against the format; returns the dump."""
    h = pkts[0]
    if h[2:3] != b"H" or len(h) != 19:
        raise Failure(f"first packet is not a 19-byte header: {h[:8].hex()}")
    version, flags, chunk, total, seq = struct.unpack("<BBHII", h[3:15])
    if version != 1 or chunk != 240:
        raise Failure(f"header version {version} chunk {chunk}")
    data = bytearray()
    for p in pkts[1:-1]:
        if p[2:3] != b"D":
            raise Failure("expected a data packet")
        off = struct.unpack("<I", p[3:7])[0]
        if off != len(data) or len(p) - 11 > chunk:
            raise Failure(f"data packet at {off}, expected {len(data)}")
        data += p[7:-4]
    e = pkts[-1]
    if e[2:3] != b"E" or len(e) != 15:
        raise Failure("last packet is not a 15-byte end packet")
    etotal, ecrc = struct.unpack("<II", e[3:11])
    if etotal != total or len(data) != total or ecrc != zlib.crc32(data):
        raise Failure("end packet does not match the data")
    return bytes(data), flags, seq


# ---- running things ---------------------------------------------------------

class Ctx:
    def __init__(self, wisp, pull_dev, wasm, tmp):
        self.wisp, self.pull_dev, self.wasm = wisp, pull_dev, wasm
        self.tmp = tmp
        os.makedirs(tmp, exist_ok=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def run(self, cmd, timeout=60, **kw):
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout, **kw)
        except subprocess.TimeoutExpired:
            raise Failure(f"timed out: {cmd}")
        if p.returncode < 0:
            raise Failure(f"killed by signal {-p.returncode}: {cmd}\n{p.stderr.decode()}")
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

    def reference(self, arg):
        """The dump `wisp run --coredump` writes for update(arg)."""
        out = self.path(f"ref{arg}.core")
        if os.path.exists(out):
            os.unlink(out)
        rc, _, err = self.run([self.wisp, "run", "--coredump", out, "--invoke", "update",
                               self.wasm, str(arg)])
        if rc != 134 or not os.path.exists(out):
            raise Failure(f"wisp run --coredump: status {rc}\n{err}")
        return open(out, "rb").read()

    def capture(self, arg):
        """What the device sends through the UART sink for update(arg)."""
        cap = self.path(f"uart{arg}.cap")
        rc, _, err = self.run([self.pull_dev, "uart", self.wasm, "update", str(arg), cap])
        if rc != 0:
            raise Failure(f"pull_dev uart: {rc}\n{err}")
        return open(cap, "rb").read()

    def pull_file(self, data, name="t", extra=()):
        """`wisp pull --file` on `data`: (status, stderr, the output or None)."""
        cap, out = self.path(name + ".cap"), self.path(name + ".core")
        with open(cap, "wb") as f:
            f.write(data)
        if os.path.exists(out):
            os.unlink(out)
        rc, _, err = self.run([self.wisp, "pull", "--file", cap, "-o", out] + list(extra))
        got = open(out, "rb").read() if os.path.exists(out) else None
        return rc, err, got

    def no_leftovers(self):
        left = [f for f in os.listdir(self.tmp) if ".part-" in f]
        if left:
            raise Failure(f"temporary files left behind: {left}")


def expect(cond, what):
    if not cond:
        raise Failure(what)


def expect_ok(c, rc, err, got, want):
    expect(rc == 0, f"wisp pull failed ({rc}): {err}")
    expect(got == want, f"pulled {len(got or b'')} bytes, not the {len(want)}-byte dump")
    c.no_leftovers()


def expect_fail(c, rc, err, got, *needles):
    expect(rc == 1, f"wisp pull should fail with 1, got {rc}: {err}")
    expect(got is None, "a file was written although the pull failed")
    for n in needles:
        expect(n in err, f"stderr lacks {n!r}: {err}")
    expect(err.startswith("wisp: ") and err.count("\n") == 1, f"not one error line: {err!r}")
    c.no_leftovers()


def noise_bytes(rng, other_pkts, outside=False):
    """Something a device might send between packets; outside a dump also
    whole packets of another one (stale)."""
    kind = rng.randrange(6 if outside else 5)
    if kind == 0:
        return b"log: frame %d took %d ms\r\n" % (rng.randrange(1000), rng.randrange(40))
    if kind == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80)))  # zeros included
    if kind == 2:
        return b"\x00" * rng.randrange(1, 4)
    if kind == 3:  # a packet of another dump, cut short (no closing 0x00)
        enc = cobs_encode(rng.choice(other_pkts))
        return b"\x00" + enc[:rng.randrange(1, len(enc))]
    if kind == 4:  # text that starts like a packet
        return b"WD" + bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 30)))
    return frame(rng.choice(other_pkts[1:-1]))  # a whole data packet of another dump


# ---- cases ----------------------------------------------------------------------

def case_format(c):
    """The capture holds exactly the documented packets around the log text."""
    cap, ref = c.capture(7), c.reference(7)
    pkts, noise = parse_capture(cap)
    data, flags, seq = dump_of(pkts)
    expect(data == ref, "the framed dump differs from wisp run --coredump's")
    expect(flags == 0 and seq == 0, f"flags {flags} seq {seq} for a live dump")
    expect(len(pkts) == 2 + (len(ref) + 239) // 240, "packet count")
    # re-framing the packets here gives the device's bytes exactly
    start = cap.index(b"\x00")
    end = cap.rindex(b"\x00") + 1
    expect(cap[start:end] == b"".join(frame(p) for p in pkts), "framing differs byte for byte")
    expect(cap[:start].startswith(b"boot:") and b"coredump sent" in cap[end:], "log text lost")
    # the README's example
    expect(frame(packet(b"N", b"")) == bytes.fromhex("00 08 57 44 4e b1 07 c3 93 00"), "N packet")


def case_roundtrip(c):
    """UART sink -> capture with log text -> wisp pull -> wisp run's dump; inspect reads it."""
    ref = c.reference(7)
    rc, err, got = c.pull_file(c.capture(7), "roundtrip")
    expect_ok(c, rc, err, got, ref)
    expect(f"{len(ref)}-byte coredump pulled" in err and "every CRC checked" in err, err)
    rc, out, err = c.run([c.wisp, "inspect", c.path("roundtrip.core"), "--module", c.wasm])
    expect(rc == 0, f"wisp inspect: {rc} {err}")
    for needle in ("integer divide by zero", "damage", "update", "hp=100", "armor=0"):
        expect(needle in out, f"wisp inspect output lacks {needle!r}:\n{out}")


def case_noise(c):
    """Noise before, between every two packets, and after; still the exact dump."""
    ref = c.reference(7)
    pkts, _ = parse_capture(c.capture(7))
    other, _ = parse_capture(c.capture(9))
    for seed in range(20):
        rng = random.Random(seed)
        cap = bytearray(b"".join(noise_bytes(rng, other, True) for _ in range(10)))
        for p in pkts:
            cap += frame(p)
            for _ in range(rng.randrange(4)):
                cap += noise_bytes(rng, other)
        cap += b"".join(noise_bytes(rng, other, True) for _ in range(10))
        rc, err, got = c.pull_file(bytes(cap), f"noise{seed}")
        expect_ok(c, rc, err, got, ref)
    # the sender's own leading 0x00 is what separates text from a packet:
    # text glued to a packet's front (no 0x00 between) costs that packet
    glued = b"".join(b"log line\n" + cobs_encode(p) + b"\x00" for p in pkts)
    rc, err, got = c.pull_file(glued, "glued")
    expect_fail(c, rc, err, got, "no coredump found")


def data_packet_positions(pkts):
    return [i for i, p in enumerate(pkts) if p[2:3] == b"D"]


def case_bitflip(c):
    """A flipped bit anywhere in a data packet fails the pull and names its chunk."""
    pkts, _ = parse_capture(c.capture(7))
    nchunks = len(data_packet_positions(pkts))
    rng = random.Random(1)
    tried = 0
    for k in [0, 3, nchunks - 1] + [rng.randrange(nchunks) for _ in range(12)]:
        i = 1 + k
        enc = bytearray(cobs_encode(pkts[i]))
        pos = rng.randrange(len(enc))
        enc[pos] ^= 1 << rng.randrange(8)
        cap = b"".join(frame(p) for p in pkts[:i]) + b"\x00" + bytes(enc) + b"\x00" + \
            b"".join(frame(p) for p in pkts[i + 1:])
        rc, err, got = c.pull_file(cap, f"flip{tried}")
        expect_fail(c, rc, err, got, f"chunk {k} of {nchunks}")
        tried += 1
    # a flip in the payload proper (not a COBS code byte): a CRC mismatch
    p = bytearray(pkts[4])
    p[20] ^= 0x10
    if p[20] == 0:
        p[20] ^= 0x30
    cap = b"".join(frame(q) for q in pkts[:4]) + frame(bytes(p)) + \
        b"".join(frame(q) for q in pkts[5:])
    rc, err, got = c.pull_file(cap, "flip-crc")
    expect_fail(c, rc, err, got, "CRC mismatch in chunk 3 of", "dump bytes 720-959")
    # the header or the end packet damaged
    for which, needle in ((0, "header was missing or damaged"), (-1, "not the end packet")):
        q = list(pkts)
        bad = bytearray(q[which])
        bad[5] ^= 0x04
        q[which] = bytes(bad)
        rc, err, got = c.pull_file(b"".join(frame(x) for x in q), "flip-he")
        expect_fail(c, rc, err, got, needle)
    # whole-dump CRC wrong although every chunk is right (a device bug)
    q = list(pkts)
    total = struct.unpack("<I", q[-1][3:7])[0]
    q[-1] = packet(b"E", struct.pack("<II", total, 0x12345678))
    rc, err, got = c.pull_file(b"".join(frame(x) for x in q), "flip-whole")
    expect_fail(c, rc, err, got, "CRC mismatch over the whole dump")


def case_truncated(c):
    """A stream that ends early: an error, no file, an existing file untouched."""
    cap = c.capture(7)
    pkts, _ = parse_capture(cap)
    body = b"".join(frame(p) for p in pkts)
    out = c.path("kept.core")
    for cut, needle in ((len(frame(pkts[0])) + 3, "ends 0 of"),
                        (len(body) // 2, "bytes into the dump"),
                        (len(body) - len(frame(pkts[-1])), "not the end packet"),
                        (len(body) - 1, "not the end packet"),
                        (10, "no coredump found")):
        with open(out, "wb") as f:
            f.write(b"old")
        with open(c.path("trunc.cap"), "wb") as f:
            f.write(b"log\n" + body[:cut])
        rc, _, err = c.run([c.wisp, "pull", "--file", c.path("trunc.cap"), "-o", out])
        expect(rc == 1 and needle in err, f"cut at {cut}: {rc} {err}")
        expect("nothing written" in err, err)
        expect(open(out, "rb").read() == b"old", "the existing file was changed")
        c.no_leftovers()
    rc, err, got = c.pull_file(b"just log text\r\n" * 100, "text")
    expect_fail(c, rc, err, got, "no coredump found in 1500 bytes")


def case_twodumps(c):
    """Two dumps in one capture: the first complete one, and a note of the second;
    a dump cut off by a device reset, then a complete one: the complete one."""
    ref7, ref9 = c.reference(7), c.reference(9)
    cap7, cap9 = c.capture(7), c.capture(9)
    rc, err, got = c.pull_file(cap7 + b"reboot\n" + cap9, "two")
    expect_ok(c, rc, err, got, ref7)
    expect("1 more complete dump" in err, f"no note of the second dump: {err}")
    pkts7, _ = parse_capture(cap7)
    cut = b"".join(frame(p) for p in pkts7[:6])  # header + 5 chunks, then a reset
    rc, err, got = c.pull_file(cut + b"\r\nboot: wisp 0.1\r\n" + cap9, "restart")
    expect_ok(c, rc, err, got, ref9)
    expect("earlier dump was cut off (the last at 1200 of" in err, err)


def stored_frames(data, seq):
    """`data` framed as a device sends its flash slot's dump (flags bit 0)."""
    out = frame(packet(b"H", struct.pack("<BBHII", 1, 1, 240, len(data), seq)))
    for off in range(0, len(data), 240):
        out += frame(packet(b"D", struct.pack("<I", off) + data[off:off + 240]))
    return out + frame(packet(b"E", struct.pack("<II", len(data), zlib.crc32(data))))


def case_stored(c):
    """--stored skips dumps streamed live and takes the one from the flash
    slot; with none, it fails saying what it skipped."""
    ref7, ref9 = c.reference(7), c.reference(9)
    cap7 = c.capture(7)
    rc, err, got = c.pull_file(cap7 + b"slot:\n" + stored_frames(ref9, 3), "stored",
                               ["--stored"])
    expect_ok(c, rc, err, got, ref9)
    expect("the device's stored dump #3" in err, err)
    rc, err, got = c.pull_file(cap7 + b"slot:\n" + stored_frames(ref9, 3), "first")
    expect_ok(c, rc, err, got, ref7)
    rc, err, got = c.pull_file(cap7, "nostored", ["--stored"])
    expect_fail(c, rc, err, got, "no dump read back from a flash slot",
                "1 streamed live at a trap skipped")


def case_limits(c):
    """A capture has a size cap (2 GiB; WISP_FILE_LIMIT=SIZE changes it):
    /dev/zero and a file over the cap are refused at once, naming the cap;
    a capture of exactly the cap pulls, also from a pipe."""
    out = c.path("limit.core")
    msg = "file is larger than the {} limit for a capture (WISP_FILE_LIMIT=SIZE changes it)\n"

    def pull(src, limit, shell_input=None):
        if os.path.exists(out):
            os.unlink(out)
        env = dict(os.environ)
        if limit is not None:
            env["WISP_FILE_LIMIT"] = str(limit)
        t0 = time.monotonic()
        rc, _, err = c.run([c.wisp, "pull", "--file", src, "-o", out], timeout=20, env=env,
                           input=shell_input)
        expect(time.monotonic() - t0 < 10, f"pull --file {src} took too long")
        return rc, err, open(out, "rb").read() if os.path.exists(out) else None

    rc, err, got = pull("/dev/zero", "1M")
    expect_fail(c, rc, err, got)
    expect(err == "wisp: /dev/zero: " + msg.format("1 MiB"), f"stderr: {err!r}")
    ref7, cap7 = c.reference(7), c.capture(7)
    n = len(cap7)
    cap = c.path("limit.cap")
    with open(cap, "wb") as f:
        f.write(cap7)
    expect_ok(c, *pull(cap, n), ref7)
    rc, err, got = pull(cap, n - 1)
    expect_fail(c, rc, err, got)
    expect(err == f"wisp: {cap}: " + msg.format(f"{n - 1}-byte"), f"stderr: {err!r}")
    # a pipe has no size: read up to the cap, not further
    expect_ok(c, *pull("/dev/stdin", n, shell_input=cap7), ref7)
    rc, err, got = pull("/dev/stdin", n - 1, shell_input=cap7)
    expect_fail(c, rc, err, got)
    expect(err == "wisp: /dev/stdin: " + msg.format(f"{n - 1}-byte"), f"stderr: {err!r}")
    rc, err, got = pull(cap, "lots")
    expect(rc == 1 and got is None and err.startswith("wisp: bad WISP_FILE_LIMIT 'lots'"), err)
    # the default cap, on a sparse file one byte over it (refused by its size)
    with open(cap, "wb") as f:
        f.truncate((2 << 30) + 1)
    rc, err, got = pull(cap, None)
    expect_fail(c, rc, err, got)
    expect(err == f"wisp: {cap}: " + msg.format("2 GiB"), f"stderr: {err!r}")
    os.unlink(cap)


def case_usage(c):
    """Bad command lines and unopenable sources: one clear line, status 1."""
    out = c.path("u.core")
    cases = [
        ([], "where from?"),
        (["--port", "/dev/null", "--file", "x", "-o", out], "not both"),
        (["--file", "x"], "give -o"),
        (["--file", "x", "--request", "-o", out], "--request asks a device"),
        (["--port", "/dev/null", "--baud", "fast", "-o", out], "--baud needs a number"),
        (["--file", "x", "--timeout", "-1", "-o", out], "--timeout needs seconds"),
        (["--file", "x", "--timeout", "soon", "-o", out], "--timeout needs seconds"),
        (["--file", "x", "--frobnicate", "-o", out], "unknown option '--frobnicate'"),
        (["--file", "x", "extra", "-o", out], "unexpected argument 'extra'"),
        (["--file", "x", "-o"], "-o needs a value"),
    ]
    for args, needle in cases:
        rc, _, err = c.run([c.wisp, "pull"] + args)
        expect(rc == 1 and needle in err and "'wisp pull --help' for usage" in err, f"{args}: {rc} {err}")
    errors = [
        (["--port", "/nonexistent/ttyACM0", "-o", out], "cannot open /nonexistent/ttyACM0: No such file"),
        (["--port", c.wasm, "-o", out], "is not a serial port"),
        (["--port", "/nonexistent", "--baud", "12345", "-o", out], "--baud 12345 is not a speed"),
        (["--file", c.path("missing.cap"), "-o", out], "cannot open"),
        (["--file", c.wasm, "-o", "/nonexistent/dir/x.core"], "cannot write /nonexistent/dir/x.core"),
    ]
    for args, needle in errors:
        rc, _, err = c.run([c.wisp, "pull"] + args)
        expect(rc == 1 and needle in err and "for usage" not in err, f"{args}: {rc} {err}")
        expect(not os.path.exists(out), "output written")
    rc, out_text, _ = c.run([c.wisp, "pull", "--help"])
    expect(rc == 0 and "--request" in out_text, "pull --help")
    rc, out_text, _ = c.run([c.wisp, "help"])
    expect("wisp pull" in out_text, "wisp help does not list pull")


# ---- a device on a pty --------------------------------------------------------

def open_pty():
    master, slave = os.openpty()
    return master, slave, os.ttyname(slave)


def case_pty_request(c):
    """A device on a pty answers --request with its stored dump; progress on a tty."""
    ref = c.reference(5)
    flash = c.path("flash.bin")
    if os.path.exists(flash):
        os.unlink(flash)
    rc, _, err = c.run([c.pull_dev, "store", flash, c.wasm, "update", "5"])
    expect(rc == 0, f"pull_dev store: {err}")
    master, slave, name = open_pty()
    emaster, eslave, _ = open_pty()  # wisp pull's stderr: a terminal
    dev = subprocess.Popen([c.pull_dev, "serve", flash, "20"], stdin=master, stdout=master)
    out = c.path("pty.core")
    try:
        p = subprocess.run([c.wisp, "pull", "--port", name, "--baud", "921600", "--request",
                            "-o", out, "--timeout", "10"], stderr=eslave, timeout=30)
        os.close(eslave)
        err = b""
        while True:
            r, _, _ = select.select([emaster], [], [], 1)
            if not r:
                break
            try:
                chunk = os.read(emaster, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
    finally:
        dev.kill()
        dev.wait()
        for fd in (master, slave, emaster):
            os.close(fd)
    err = err.decode("utf-8", "replace")
    expect(p.returncode == 0, f"wisp pull: {p.returncode} {err}")
    expect(open(out, "rb").read() == ref, "the stored dump differs from wisp run --coredump's")
    expect("stored dump #1" in err, f"no summary: {err!r}")
    expect("\r" in err and "KiB" in err and "[" in err, f"no progress line on the tty: {err!r}")
    c.no_leftovers()


def case_pty_none(c):
    """--request to a device without a stored dump: says so at once."""
    flash = c.path("blank.bin")
    if os.path.exists(flash):
        os.unlink(flash)
    master, slave, name = open_pty()
    dev = subprocess.Popen([c.pull_dev, "serve", flash, "20"], stdin=master, stdout=master)
    out = c.path("none.core")
    t = time.monotonic()
    try:
        rc, _, err = c.run([c.wisp, "pull", "--port", name, "--request", "-o", out])
    finally:
        dev.kill()
        dev.wait()
        os.close(master)
        os.close(slave)
    expect(rc == 1 and "the device has no stored coredump" in err, f"{rc} {err}")
    expect(time.monotonic() - t < 5, "took the timeout instead of the answer")
    expect(not os.path.exists(out), "output written")


def case_pty_timeout(c):
    """Nothing on the line; then half a dump and silence: clear timeouts, no file."""
    master, slave, name = open_pty()
    out = c.path("to.core")
    try:
        t = time.monotonic()
        rc, _, err = c.run([c.wisp, "pull", "--port", name, "--timeout", "1", "-o", out])
        secs = time.monotonic() - t
        expect(rc == 1 and "timed out after 1 s waiting for a coredump" in err and
               "--request" in err, f"{rc} {err}")
        expect(0.9 < secs < 4, f"took {secs:.1f} s for a 1 s timeout")
        pkts, _ = parse_capture(c.capture(7))
        half = b"".join(frame(p) for p in pkts[:5])
        proc = subprocess.Popen([c.wisp, "pull", "--port", name, "--timeout", "1", "-o", out],
                                stderr=subprocess.PIPE)
        time.sleep(0.3)  # let it open the port and set raw mode
        os.write(master, b"log\r\n" + half)
        _, err = proc.communicate(timeout=10)
        err = err.decode()
        expect(proc.returncode == 1 and "without more of the dump" in err and
               "ends 960 of" in err, f"{proc.returncode} {err}")
    finally:
        os.close(master)
        os.close(slave)
    expect(not os.path.exists(out), "output written")


def main():
    if len(sys.argv) != 6:
        print(__doc__)
        return 2
    case, wisp, pull_dev, wasm, tmp = sys.argv[1:]
    fn = globals().get("case_" + case)
    if not fn:
        print(f"no case {case}")
        return 2
    c = Ctx(wisp, pull_dev, wasm, os.path.join(tmp, case))
    try:
        fn(c)
    except Failure as e:
        print(f"FAIL {case}: {e}")
        return 1
    shutil.rmtree(c.tmp, ignore_errors=True)
    print(f"ok {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`make demo`: the console demo end to end on QEMU mps2-an385.

    demo.py --source ROOT --wisp HOST_WISP [--build DIR] [--game GAME.wasm]
            [--timeout SECS]

1. builds wisp-console.elf (boards/common/console.c with the game embedded
   in flash: examples/game by default, --game for your own) in a cross
   build in DIR (default ROOT/build-demo);
2. runs it in QEMU with UART0 on a pty, showing what the console prints
   (the framed coredump packets are left out of the display) and saving
   every byte to DIR/demo/serial.bin: the game plays, crashes, the console
   prints the backtrace, streams the coredump, stores it in its flash slot
   and restarts; after the restart it reports the stored dump;
3. runs `wisp pull --port PTY --request` as you would with a real board
   (it asks for the stored dump and checks every CRC), then `wisp inspect`
   on it with the game's module, and ends with `coredump saved: PATH`.

--erase (for tests) then sends `coredump erase` and waits for the console
to drop the dump and start the game again.

Exit status 0 when the dump was pulled and inspected (or the game did not
crash: then there is nothing to pull), 1 on any failure, 2 when a tool is
missing.
"""
import argparse
import os
import re
import select
import shutil
import subprocess
import sys
import termios
import time
import tty

READY = b"console: send 'coredump?'"
STOPPED = b"console: stopped"


def die(msg, code=1):
    print(f"demo: {msg}", file=sys.stderr)
    sys.exit(code)


def set_up_with(build_dir, cross):
    """Whether build_dir is a meson build set up with these cross files
    (meson keeps them in meson-private/cmd_line.txt)."""
    try:
        with open(os.path.join(build_dir, "meson-private", "cmd_line.txt")) as f:
            text = f.read()
    except OSError:
        return False
    return os.path.exists(os.path.join(build_dir, "build.ninja")) and all(
        os.path.join(os.path.basename(os.path.dirname(c)), os.path.basename(c)) in text
        for c in cross)


def build(source, build_dir, game):
    cross = [os.path.join(source, "boards", "mps2-an385", f) for f in ("cross.ini", "board.ini")]
    opts = ["-Dgame=" + (os.path.abspath(game) if game else "")]
    if not set_up_with(build_dir, cross):
        if os.path.isdir(os.path.join(build_dir, "meson-private")):
            shutil.rmtree(build_dir)  # set up with other cross files: it cannot regenerate
        cmd = ["meson", "setup", build_dir, source] + opts
        for c in cross:
            cmd += ["--cross-file", c]
    else:
        cmd = ["meson", "configure", build_dir] + opts
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        print(r.stdout + r.stderr)
        die("meson failed: " + " ".join(cmd))
    target = "boards/mps2-an385/wisp-console.elf"
    print(f"demo: building {target} (Cortex-M3, {'your game ' + game if game else 'examples/game'})",
          flush=True)
    r = subprocess.run(["ninja", "-C", build_dir, target], capture_output=True, text=True)
    if r.returncode:
        print(r.stdout + r.stderr)
        die("the build failed")
    wasm = os.path.abspath(game) if game else os.path.join(build_dir, "boards", "common",
                                                           "game.wasm")
    return os.path.join(build_dir, target), wasm


def printable(piece):
    return all(32 <= c < 127 or c in (9, 10, 13) for c in piece)


class Display:
    """Shows the console's text as it arrives; a framed packet (between two
    0x00 bytes) is counted, not shown."""

    def __init__(self):
        self.pending = b""
        self.packets = 0

    def feed(self, data):
        self.pending += data
        parts = self.pending.split(b"\0")
        self.pending = parts.pop()
        for i, p in enumerate(parts):
            if printable(p):
                sys.stdout.write(p.decode())
            else:
                self.packets += 1
        if printable(self.pending) and b"\n" in self.pending:
            head, _, self.pending = self.pending.rpartition(b"\n")
            sys.stdout.write(head.decode() + "\n")
        sys.stdout.flush()


def erase(fd, shown):
    print("demo: sending 'coredump erase'", flush=True)
    os.write(fd, b"coredump erase\n")
    seen, t0 = b"", time.monotonic()
    while time.monotonic() - t0 < 20:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            data = os.read(fd, 4096)
            seen += data
            shown.feed(data)
            if b"console: coredump erased" in seen and b"\ngame: " in seen.split(
                    b"console: coredump erased", 1)[1]:
                print("\ndemo: the console erased the dump and plays again")
                return
    die("the console did not erase its dump and restart the game")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True)
    ap.add_argument("--wisp", required=True)
    ap.add_argument("--build")
    ap.add_argument("--game", default="")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--erase", action="store_true")
    a = ap.parse_args()
    source = os.path.abspath(a.source)
    build_dir = os.path.abspath(a.build or os.path.join(source, "build-demo"))
    for tool, pkg in (("qemu-system-arm", "qemu-system-arm"),
                      ("arm-none-eabi-gcc", "gcc-arm-none-eabi"), ("meson", "meson"),
                      ("ninja", "ninja-build")):
        if not shutil.which(tool):
            die(f"{tool} not found (apt-get install {pkg})", 2)
    if a.game and not os.path.isfile(a.game):
        die(f"no such game module: {a.game}", 2)
    if not a.game and not (shutil.which("clang-14") and shutil.which("wasm-ld-14")):
        die("clang-14 and wasm-ld-14 build the demo game (apt-get install clang-14 lld-14)", 2)
    elf, wasm = build(source, build_dir, a.game)
    out_dir = os.path.join(build_dir, "demo")
    os.makedirs(out_dir, exist_ok=True)
    capture_path = os.path.join(out_dir, "serial.bin")
    core = os.path.join(out_dir, "crash.core")
    if os.path.exists(core):
        os.unlink(core)

    # Paused (-S) until the pty is open, so no early byte is lost; the
    # monitor on stdin resumes and quits it.
    qemu = subprocess.Popen(
        ["qemu-system-arm", "-M", "mps2-an385", "-display", "none", "-S",
         "-monitor", "stdio", "-serial", "pty", "-kernel", elf],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pty = None
    t0 = time.monotonic()
    banner = b""
    while pty is None and time.monotonic() - t0 < 10:
        line = qemu.stdout.readline()
        if not line:
            break
        banner += line
        m = re.search(rb"char device redirected to (\S+)", line)
        if m:
            pty = m.group(1).decode()
    if pty is None:
        qemu.kill()
        die("QEMU did not open a pty: " + banner.decode(errors="replace"))
    fd = os.open(pty, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    qemu.stdin.write(b"cont\n")
    qemu.stdin.flush()
    print(f"demo: QEMU mps2-an385 running, UART0 on {pty}\n", flush=True)

    shown = Display()
    seen = b""
    ok = False
    try:
        with open(capture_path, "wb") as capture:
            while time.monotonic() - t0 < a.timeout:
                r, _, _ = select.select([fd], [], [], 0.2)
                if not r:
                    if qemu.poll() is not None:
                        break
                    continue
                data = os.read(fd, 4096)
                capture.write(data)
                seen += data
                shown.feed(data)
                if READY in seen and seen.endswith(b"\n"):
                    ok = True
                    break
                if STOPPED in seen:
                    break
        print()
        if not ok:
            if STOPPED in seen and b"without a crash" in seen:
                print("demo: the game did not crash, so there is no coredump to pull")
                return 0
            if STOPPED in seen:
                die("the console stopped without running the game: see its message above")
            die(f"the console did not report a stored coredump (output in {capture_path})")
        print(f"demo: {shown.packets} framed coredump packets went by above (saved in "
              f"{capture_path}; `wisp pull --file` reads them)")
        print(f"demo: the console restarted and keeps the dump in its flash slot; asking for it "
              f"like a host would:\n  wisp pull --port {pty} --request -o {core}", flush=True)
        r = subprocess.run([a.wisp, "pull", "--port", pty, "--request", "-o", core,
                            "--timeout", "20"])
        if r.returncode:
            die("wisp pull failed")
        if a.erase:
            erase(fd, shown)
    finally:
        try:
            qemu.stdin.write(b"quit\n")
            qemu.stdin.flush()
            qemu.wait(5)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            qemu.kill()
        os.close(fd)
    print(f"\ndemo: wisp inspect {core} --module {wasm}", flush=True)
    r = subprocess.run([a.wisp, "inspect", core, "--module", wasm])
    if r.returncode:
        die("wisp inspect failed")
    print(f"coredump saved: {core}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

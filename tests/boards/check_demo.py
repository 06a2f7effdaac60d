#!/usr/bin/env python3
"""Build a board's wisp-demo firmware, run it in its emulator, and check
what it prints on its serial line against the host's `wisp run --invoke`.

    check_demo.py --board BOARD --source ROOT --build DIR --wisp HOST_WISP
                  [--fuel true|false]

BOARD is any board folder (boards/BOARD; boards/common/boards.py reads its
board.ini): run in QEMU (UART0 on -serial stdio) or in rp2040js
(tests/boards/rp2040_run.mjs, from the UF2 file), as it says. The
firmware (boards/common/demo.c) calls every export of the embedded guest
(boards/common/guest.wat, 1-byte pages) in a fresh instance; for each, the
line `NAME -> RESULTS` must equal the host CLI's results for the same
module, and after `NAME -> trap` the trap message and every backtrace line
(function names, offsets, local names and values) must equal the host's.
Also checked: the module is run in place from flash, the arena and C stack
peaks fit, and for the rp2040 the UART's baud rate is 115200. The first
trap's coredump is streamed framed over the serial line and stored in the
board's flash slot through its wisp_port (microbit: the nRF51 NVMC as QEMU
models it; rp2040: the boot ROM's routines, stand-ins in rp2040_run.mjs;
mps2: RAM kept with NOR rules); at the end the firmware reads the slot back
and sends it framed. `wisp pull --file` on the captured serial bytes must
give the live dump, `wisp pull --file --stored` the one read back from the
slot, and both must be byte for byte the coredump `wisp run --invoke NAME
--coredump` writes on the host.

The image is built by a cross meson build in DIR from the board's cross
files (cross.ini + board.ini), with -Dsimd=false where the
option exists (it saves RAM and flash; the demo guest has no SIMD). Exits 77
(skipped) when a tool is missing: arm-none-eabi-gcc with picolibc,
qemu-system-arm, wat2wasm, or for the rp2040 node/npm and the rp2040js
package (installed here with `npm ci` from the repository's package.json
and package-lock.json when absent).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from wisptest import check, cobs_decode, cross_build, finish, have_picolibc, skip  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "boards", "common"))
import boards  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "py"))
from wasmbin import read_uleb, sections  # noqa: E402

DONE = "wisp-demo: done"


def meson_has_option(source, name):
    try:
        with open(os.path.join(source, "meson_options.txt")) as f:
            return re.search(r"option\(\s*'" + re.escape(name) + "'", f.read()) is not None
    except OSError:
        return False


def build(source, build_dir, board, fuel):
    """Set up (or reuse) the cross build and build the board's demo targets;
    the directory is set up afresh when the cross files or options change."""
    b = boards.board(source, board)
    cross, targets = b["cross"], b["images"]
    opts = ["-Dfuel=" + fuel]
    if meson_has_option(source, "simd"):
        opts.append("-Dsimd=false")
    # Only the board's own targets: the default set also holds the core's
    # -nostdlib link check, which is not the point here.
    paths = [f"boards/{board}/{t}" for t in targets + ["wisp-demo-size.txt"]]
    paths.append("boards/common/guest.wasm")
    cross_build(source, build_dir, cross, opts, "check_demo.stamp", paths, f"{board}'s wisp-demo")
    return os.path.join(build_dir, "boards", board)


def run_qemu(machine, elf, timeout=60):
    """UART0's bytes until the closing line (QEMU is then stopped)."""
    cmd = ["qemu-system-arm", "-M", machine, "-nographic", "-monitor", "none",
           "-serial", "stdio", "-kernel", elf]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    out = b""
    t0 = time.monotonic()
    os.set_blocking(p.stdout.fileno(), False)
    try:
        while DONE.encode() not in out and time.monotonic() - t0 < timeout:
            if p.poll() is not None:
                rest = p.stdout.read()
                out += rest or b""
                break
            chunk = p.stdout.read()
            if chunk:
                out += chunk
            else:
                time.sleep(0.02)
    finally:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    return out, time.monotonic() - t0


def ensure_rp2040js(source):
    """The pinned rp2040js in ROOT/node_modules (npm ci if missing);
    skips without node/npm or when the registry cannot be reached."""
    if not shutil.which("node"):
        skip("node not found (apt-get install nodejs npm): the rp2040 runs in rp2040js")
    pkg = os.path.join(source, "node_modules", "rp2040js", "package.json")
    want = re.search(r'"rp2040js":\s*"([^"]+)"',
                     open(os.path.join(source, "package.json")).read()).group(1)
    if os.path.exists(pkg) and f'"version": "{want}"' in open(pkg).read():
        return
    if not shutil.which("npm"):
        skip("npm not found (apt-get install npm): needed to install rp2040js")
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=source, capture_output=True, text=True, timeout=300)
    if r.returncode or not os.path.exists(pkg):
        skip(f"npm ci could not install rp2040js@{want}: {(r.stdout + r.stderr).strip()[-300:]}")


def run_rp2040(source, uf2):
    script = os.path.join(source, "tests", "boards", "rp2040_run.mjs")
    t0 = time.monotonic()
    r = subprocess.run(["node", script, uf2, "--until", DONE, "--max-ms", "20000"],
                       capture_output=True, timeout=300)
    err = r.stderr.decode("utf-8", "replace")
    print(err.strip())
    check(r.returncode == 0, f"rp2040_run.mjs exit status 0 (got {r.returncode}; 4: the "
          "firmware ran from flash or misused the ROM flash routines while XIP was off)")
    return r.stdout, time.monotonic() - t0, err


def split_frames(data):
    """The serial bytes without the coredump packets (0x00-delimited COBS
    pieces that decode to 'WD'...), as text, and the number of packets."""
    text, packets = [], 0
    for piece in data.split(b"\0"):
        try:
            pkt = cobs_decode(piece) if piece else None
        except ValueError:
            pkt = None
        if pkt and pkt[:2] == b"WD":
            packets += 1
        else:
            text.append(piece)
    return b"".join(text).decode("utf-8", "replace"), packets


def host_expectations(wisp, wasm, names):
    """name -> (kind, lines): ('ok', [result line]) or ('trap', stderr lines)."""
    exp = {}
    for name in names:
        r = subprocess.run([wisp, "run", "--invoke", name, wasm], capture_output=True,
                           text=True)
        if r.returncode == 0:
            exp[name] = ("ok", " ".join(r.stdout.split()))
        elif r.returncode == 134:
            exp[name] = ("trap", [l for l in r.stderr.splitlines() if l.strip()])
        else:
            exp[name] = ("error", r.stderr.strip())
    return exp


def func_exports(wasm):
    """Names of the function exports, in order (from the export section)."""
    data = open(wasm, "rb").read()
    names = []
    for sid, start, _ in sections(data):
        if sid == 7:
            count, k = read_uleb(data, start)
            for _ in range(count):
                n, k = read_uleb(data, k)
                name = data[k:k + n].decode()
                k += n
                kind = data[k]
                _, k = read_uleb(data, k + 1)
                if kind == 0:
                    names.append(name)
    return names


def parse_device(out):
    """name -> ('ok', results) | ('trap', lines), the banner, the sizes line,
    and the first trap's coredump line: (name of the trap, length) or None."""
    lines = [l.rstrip("\r") for l in out.splitlines()]
    got, order = {}, []
    banner = sizes = slot = None
    cur = None
    for line in lines:
        m = re.match(r"^coredump (\d+) bytes -> serial, flash slot #\d+ at 0x[0-9a-f]+$", line)
        if m:
            slot = (cur, int(m.group(1)))
            cur = None
            continue
        if line.startswith("coredump error") or line.startswith("slot: "):
            if line.startswith("coredump error"):
                slot = (cur, -1)
            cur = None
            continue
        if line.startswith("wisp-demo ") and ": guest " in line:
            banner = line
            continue
        if line.startswith("arena "):
            sizes = line
            cur = None
            continue
        m = re.match(r"^(\S+) -> ?(.*)$", line)
        if m:
            name, rest = m.group(1), m.group(2)
            order.append(name)
            if rest == "trap":
                got[name] = ("trap", [])
                cur = name
            else:
                got[name] = ("ok", rest)
                cur = None
            continue
        if cur and line.strip():
            got[cur][1].append(line)
    return got, order, banner, sizes, slot


def check_dumps(wisp, out_dir, capture, slot, trap_names):
    """The first trap's coredump, pulled from the serial bytes as streamed
    live and as read back from the flash slot, is byte for byte the host's
    for the same call."""
    if not check(slot is not None and slot[1] > 0,
                 f"the first trap's coredump went to serial and flash slot: {slot}"):
        return
    name, length = slot
    check(name == trap_names[0], f"it is the first trap's ({name})")
    guest = os.path.join(out_dir, "guest.wasm")
    with tempfile.TemporaryDirectory() as d:
        core = os.path.join(d, "host.core")
        subprocess.run([wisp, "run", "--invoke", name, "--coredump", core, "guest.wasm"],
                       cwd=os.path.dirname(guest), capture_output=True)
        want = open(core, "rb").read() if os.path.exists(core) else b""
        check(len(want) == length, f"the host's dump is {len(want)} bytes, the device's {length}")
        for how, extra in (("streamed live", []), ("read back from the flash slot", ["--stored"])):
            got_path = os.path.join(d, "device.core")
            r = subprocess.run([wisp, "pull", "--file", capture, "-o", got_path] + extra,
                               capture_output=True, text=True)
            print("     " + r.stderr.strip().replace("\n", "\n     "))
            got = open(got_path, "rb").read() if r.returncode == 0 else b""
            ok = got == want
            check(ok, f"wisp pull{' --stored' if extra else ''}: the dump {how} is the host's "
                      f"coredump for {name} ({len(got)} of {len(want)} bytes)")
            if not ok and got:
                diff = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                            None)
                print(f"     first difference at byte {diff}")
            if os.path.exists(got_path):
                os.unlink(got_path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--board", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--wisp", required=True)
    ap.add_argument("--fuel", default="true")
    a = ap.parse_args()
    source, board = os.path.abspath(a.source), a.board
    if board not in boards.names(source):
        sys.exit(f"FAIL: no board {board} (boards/{board}/board.ini)")
    b = boards.board(source, board)
    machine, (flash_lo, flash_hi) = b["qemu"], b["flash"]

    tools = {"arm-none-eabi-gcc": "gcc-arm-none-eabi", "meson": "meson",
             "ninja": "ninja-build", "wat2wasm": "wabt"}
    if machine:
        tools["qemu-system-arm"] = "qemu-system-arm"
    for tool, pkg in tools.items():
        if not shutil.which(tool):
            skip(f"{tool} not found (apt-get install {pkg})")
    if not have_picolibc(b["cpu"]):
        skip("arm-none-eabi-gcc cannot link with picolibc (apt-get install picolibc-arm-none-eabi)")
    if b["emulator"] == "rp2040js":
        ensure_rp2040js(source)
    elif not machine:
        sys.exit(f"FAIL: boards/{board}/board.ini: no emulator check_demo.py knows: "
                 f"{b['emulator']!r}")

    t0 = time.monotonic()
    out_dir = build(source, os.path.abspath(a.build), board, a.fuel)
    print(f"built in {time.monotonic() - t0:.1f} s")
    elf = os.path.join(out_dir, "wisp-demo.elf")
    print(open(os.path.join(out_dir, "wisp-demo-size.txt")).read().rstrip())

    if machine:
        raw, secs = run_qemu(machine, elf)
        extra = ""
    else:
        raw, secs, extra = run_rp2040(source, os.path.join(out_dir, "wisp-demo.uf2"))
    capture = os.path.join(out_dir, "serial.bin")
    with open(capture, "wb") as f:
        f.write(raw)
    out, packets = split_frames(raw)
    print(f"--- serial output ({secs:.1f} s, {len(raw)} bytes, {packets} coredump packets "
          f"not shown; all in {capture}) ---\n{out.rstrip()}\n---")
    check(DONE in out, f"the run ends with '{DONE}'")

    wasm = os.path.join(out_dir, "..", "common", "guest.wasm")
    names = func_exports(wasm)
    exp = host_expectations(os.path.abspath(a.wisp), wasm, names)
    got, order, banner, sizes, slot = parse_device(out)

    m = re.match(r"^wisp-demo (\S+): guest (\d+) bytes at 0x([0-9a-f]+), borrowed in place$",
                 banner or "")
    check(m is not None and m.group(1) == board,
          f"banner names {board} and says the module runs in place: {banner!r}")
    if m:
        addr = int(m.group(3), 16)
        check(flash_lo <= addr < flash_hi and int(m.group(2)) == os.path.getsize(wasm),
              f"the module's {m.group(2)} bytes sit in flash (0x{addr:x} in "
              f"0x{flash_lo:x}..0x{flash_hi:x})")
    check(order == names, f"every export called, in order: {order}")
    traps = 0
    for name in names:
        want = exp[name]
        have = got.get(name)
        if want[0] == "trap":
            traps += 1
            ok = have is not None and have[0] == "trap" and have[1] == want[1]
            check(ok, f"{name}: trap and backtrace as on the host ({len(want[1])} lines)")
            if not ok:
                print("     host:   " + "\n             ".join(want[1]))
                print("     device: " + "\n             ".join(have[1] if have else ["(none)"]))
        else:
            check(have == want, f"{name}: {want[1]!r} as on the host (device: {have})")
    check(traps >= 2, f"the guest has traps to check ({traps})")

    check_dumps(os.path.abspath(a.wisp), os.path.dirname(wasm), capture, slot,
                [n for n in names if exp[n][0] == "trap"])

    sm = re.match(r"^arena (\d+) of (\d+) bytes, stack (\d+) of (\d+) bytes$", sizes or "")
    if check(sm is not None, f"sizes line: {sizes!r}"):
        arena, arena_size, stack, stack_size = map(int, sm.groups())
        check(0 < arena <= arena_size, f"arena peak {arena} within the array's {arena_size}")
        check(0 < stack < stack_size, f"C stack peak {stack} within the reserve {stack_size}")
    if not machine:
        bm = re.search(r"baud (\d+)", extra)
        check(bm is not None and abs(int(bm.group(1)) - 115200) <= 1152,
              f"UART0 at 115200 baud (rp2040js computes {bm.group(1) if bm else None})")

    return finish()


if __name__ == "__main__":
    sys.exit(main())

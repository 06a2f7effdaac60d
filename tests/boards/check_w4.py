#!/usr/bin/env python3
"""wisp-w4, the WASM-4 console firmware for the RP2040 (boards/rp2040,
README.md "wisp-w4"), in rp2040js (tests/boards/rp2040_run.mjs with the
devices of w4_devices.mjs):

  - memory budget: from the ELF, .data + .bss (the arena among it) + the
    stack reserve fit the 264 KiB of SRAM, the arena is there, the program
    ends below the cart region (0x10100000); at run time the arena and C
    stack peaks stay inside them;
  - carts of different languages, the largest that fit among them, each for
    FRAMES frames from w4cart.py's cart region with the tape: every frame
    line and trace line as ../shared/carts/ref/NAME.txt, read in place
    (XIP); at three frames the firmware dumps its memory on request
    (`fb F HEX`), whose CRC-32 must be the frame's hash, and the picture
    the ST7789 model decoded from the SPI bytes (CASET/RASET/RAMWR, RGB565)
    must be that memory's palette and framebuffer, in the middle of a black
    panel;
  - tests/boards/w4probe.wat without a tape: the gamepad comes from the six
    button GPIOs (each bit on its pin, pull-ups), the disk counter survives a
    second boot with the flash kept (`boots 0`, then `boots 1`), the PWM
    samples play its 440 Hz tone and then silence;
  - a trapping cart (text-input, out of bounds in frame 25): its frames
    before the trap as the reference, the trap and backtrace as the host's
    `wisp play` (without FILE:LINE), the coredump streamed over the UART and
    the one read back from the flash slot byte for byte the host's, and the
    next boot reports the stored dump;
  - an image without a cart, and one whose cart region is damaged, say so.

    check_w4.py --source ROOT --build DIR --wisp HOST_WISP --carts CARTS
                --probe W4PROBE.wasm [--frames N] [--jobs N] [--only NAME,...]

Exits 77 (skipped) without the carts, arm-none-eabi-gcc + picolibc, meson,
node/npm (rp2040js is installed with `npm ci` when missing).
"""
import argparse
import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import check_demo  # noqa: E402  (ensure_rp2040js, split_frames)
from wisptest import check, cross_build, finish, have_picolibc, skip  # noqa: E402

# (cart, its source language, None where unknown); the largest among them:
# starshard-scavengers (the largest file, 65 KB; its `update` alone is 104 KB
# of internal code), iwas (the most code: 225 KB, in a 164 KB code cache)
CARTS = [
    ("starshard-scavengers", None),
    ("iwas", None),
    ("pega-pega-the-game", "C"),
    ("break-it", "C++"),
    ("untangle", "Rust"),
    ("one-slime-army", "Zig"),
    ("first-flight", "Zig"),
    ("samurai-revenge", "AssemblyScript"),
    ("uem-mini-game", "Go"),
    ("tail-gunner", "Odin"),
    ("puyo", "D"),
    ("corn", "Penne"),
    ("wasmstein3d", None),  # a port of the Arduino Wolfenduino; its wasm names nothing
    ("melancholy-cart-0", None),
]
SNAP = (0, 59, 119)  # frames whose picture is checked (those below FRAMES)
SRAM = (0x20000000, 0x20042000)
CART_REGION = 0x10100000
LCD_W, LCD_H, W4 = 240, 240, 160
RATE = 11025  # boards/rp2040/audio.h
DONE = "wisp-w4: done"


# ---- the ELF: sections and symbols ------------------------------------------

def elf32(path):
    """{section: (addr, size, alloc, nobits)} and {symbol: (value, size)}."""
    d = open(path, "rb").read()
    if d[:4] != b"\x7fELF" or d[4] != 1:
        raise ValueError(f"{path}: not an ELF32 file")
    shoff, = struct.unpack_from("<I", d, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x2e)
    sh = [struct.unpack_from("<10I", d, shoff + i * shentsize) for i in range(shnum)]
    strtab = sh[shstrndx]
    name = lambda tab, off: d[tab + off:d.index(b"\0", tab + off)].decode()  # noqa: E731
    sections, symbols = {}, {}
    for s in sh:
        sections[name(strtab[4], s[0])] = (s[3], s[5], bool(s[2] & 2), s[1] == 8)
    for s in sh:
        if s[1] == 2:  # SHT_SYMTAB
            link = sh[s[6]]
            for k in range(s[5] // 16):
                st_name, value, size = struct.unpack_from("<3I", d, s[4] + 16 * k)
                if st_name:
                    symbols[name(link[4], st_name)] = (value, size)
    return sections, symbols


def check_budget(elf, size_txt):
    """The SRAM budget from the ELF; returns (arena, stack reserve)."""
    sections, symbols = elf32(elf)
    arena = symbols.get("arena_mem", (0, 0))[1]
    # picolibc.ld: .data, .bss, then .stack, the reserve's stand-in that
    # makes the link fail when they do not fit; the stack itself is the
    # reserve at the top of SRAM
    static_end, stack = sections.get(".stack", (0, 0))[:2]
    other = static_end - SRAM[0] - arena
    total = SRAM[1] - SRAM[0]
    print(f"     SRAM {total} = arena {arena} + stack reserve {stack} + other .data/.bss "
          f"{other} + free {total - arena - stack - other}")
    ram_end = max(a + n for a, n, alloc, _ in sections.values() if alloc and a >= SRAM[0])
    check(ram_end <= SRAM[1], f"every RAM section ends inside SRAM (0x{ram_end:x} <= "
          f"0x{SRAM[1]:x})")
    check(arena > 0 and arena + stack + other <= total,
          f"arena + stack + .data/.bss = {arena + stack + other} <= {total} bytes of SRAM")
    check(arena >= 64 * 1024 + 96 * 1024,
          f"the arena ({arena} bytes) holds the 64 KiB memory and room for a cart's code")
    heap_end = symbols.get("__heap_end", (0, 0))[0]
    check(heap_end == SRAM[1] - stack and symbols.get("__stack", (0, 0))[0] == SRAM[1],
          f"the C stack is the top {stack} bytes of SRAM (0x{heap_end:x}..0x{SRAM[1]:x})")
    flash_end = max(a + n for a, n, alloc, nobits in sections.values()
                    if alloc and not nobits and 0x10000000 <= a < 0x20000000)
    data = sections.get(".data", (0, 0))[1]
    check(flash_end + data <= CART_REGION,
          f"the program ({flash_end + data - 0x10000000} bytes of flash) ends below the cart "
          f"region at 0x{CART_REGION:x}")
    m = re.search(r"RAM (\d+) bytes \+ arena (\d+) \+ stack reserve (\d+) = (\d+)",
                  open(size_txt).read())
    check(m is not None and int(m.group(2)) == arena and int(m.group(3)) == stack
          and int(m.group(4)) <= total, f"size.py's report agrees: {m.group(0) if m else None}")
    return arena, stack


# ---- running an image -----------------------------------------------------------

def w4cart(source, cart, out, firmware, tape=None, frames=0):
    cmd = [sys.executable, os.path.join(source, "boards", "rp2040", "w4cart.py"), cart,
           "--firmware", firmware, "--frames", str(frames), "-o", out]
    if tape:
        cmd += ["--tape", tape]
    subprocess.run(cmd, check=True)


def run(source, uf2, *extra, max_ms=600000):
    """(exit status, the UART bytes, stderr, wall seconds)."""
    t0 = time.monotonic()
    r = subprocess.run(["node", os.path.join(source, "tests", "boards", "rp2040_run.mjs"), uf2,
                        "--until", DONE, "--max-ms", str(max_ms)] + list(extra),
                       capture_output=True, timeout=1800)
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace"), time.monotonic() - t0


FIRMWARE_LINE = re.compile(rb"^(wisp-w4[ :]|load \d+$|arena load \d+ run \d+ code \d+$|"
                           rb"stacks \d+ slots \d+ frames$|cart (borrowed in place|copied)$|"
                           rb"code cache \d+ translations \d+ evictions$|"
                           rb"arena \d+ of \d+ bytes|fb \d+ [0-9a-f]+$|flash slot: )")


def cart_lines(out):
    """The frame and trace lines (the frame's count dropped), as the ref has them."""
    lines = out.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    got = []
    for line in lines:
        if FIRMWARE_LINE.match(line):
            continue
        m = re.match(rb"^(frame \d+ [0-9a-f]{8}) \d+$", line)
        got.append(m.group(1) if m else line)
    return got


def ref_lines(carts, name, frames):
    ref = open(os.path.join(carts, "ref", name + ".txt"), "rb").read().split(b"\n")
    out = []
    for line in ref:
        out.append(line)
        if line.startswith(b"frame %d " % (frames - 1)):
            break
    return out


def rgb565(c):
    return ((c >> 8) & 0xF800) | ((c >> 5) & 0x07E0) | ((c >> 3) & 0x001F)


def check_picture(name, frame, want_hash, dump_hex, snap):
    """The dump's CRC is the frame's hash; the panel shows its pixels."""
    mem = bytes.fromhex(dump_hex)
    ok = check(len(mem) == 16 + 6400 and zlib.crc32(mem) == want_hash,
               f"{name}: frame {frame}'s memory dump has the frame's hash {want_hash:08x}")
    if not ok or snap is None:
        check(snap is not None, f"{name}: the panel at frame {frame}")
        return
    pal = [rgb565(struct.unpack_from("<I", mem, 4 * i)[0] & 0xFFFFFF) for i in range(4)]
    px = struct.unpack("<%dH" % (LCD_W * LCD_H), base64.b64decode(snap["pixels"]))
    x0, y0 = (LCD_W - W4) // 2, (LCD_H - W4) // 2
    bad = None
    for y in range(LCD_H):
        for x in range(LCD_W):
            if x0 <= x < x0 + W4 and y0 <= y < y0 + W4:
                i = (y - y0) * W4 + (x - x0)
                want = pal[(mem[16 + i // 4] >> (2 * (i % 4))) & 3]
            else:
                want = 0
            if px[y * LCD_W + x] != want:
                bad = bad or (x, y, px[y * LCD_W + x], want)
    state_ok = (snap["displayOn"] and not snap["sleeping"] and snap["colmod"] == 0x55
                and snap["window"] == {"x0": x0, "x1": x0 + W4 - 1, "y0": y0, "y1": y0 + W4 - 1}
                and not snap["errors"])
    check(state_ok, f"{name}: ST7789 on, awake, RGB565, window {x0}..{x0 + W4 - 1} x "
          f"{y0}..{y0 + W4 - 1}, no protocol errors {snap['errors']}")
    check(bad is None, f"{name}: frame {frame} on the panel, decoded from SPI, is the "
          f"framebuffer in RGB565 with a black border (first difference: {bad})")
    check(snap["pixelsWritten"] >= LCD_W * LCD_H + W4 * W4 and
          snap["pixelsByDma"] == snap["pixelsWritten"],
          f"{name}: every pixel so far went out by DMA ({snap['pixelsByDma']} of "
          f"{snap['pixelsWritten']})")


def play_cart(a, out_dir, firmware, name, frames):
    """Runs one cart; returns what to check (the checks print from the main thread)."""
    uf2 = os.path.join(out_dir, name + ".uf2")
    w4cart(a.source, os.path.join(a.carts, name + ".wasm"), uf2, firmware,
           tape=os.path.join(a.carts, "tape.bin"), frames=frames)
    lcd = os.path.join(out_dir, name + ".lcd.jsonl")
    snaps = ",".join(str(f) for f in SNAP if f < frames)
    status, out, err, secs = run(a.source, uf2, "--lcd", lcd, "--snap", snaps, "--fb", snaps)
    with open(os.path.join(out_dir, name + ".out"), "wb") as f:
        f.write(out)
    pictures = [json.loads(l) for l in open(lcd)] if os.path.exists(lcd) else []
    return status, out, err, secs, pictures


def check_cart(a, name, lang, frames, result, peaks):
    status, out, err, secs, pictures = result
    text = out.decode("utf-8", "replace")
    lang = lang or "language unknown"
    check(status == 0, f"{name} ({lang}): ran to '{DONE}' (rp2040_run.mjs exit {status}: "
          f"{err.strip()[-300:]})")
    got, want = cart_lines(out), ref_lines(a.carts, name, frames)
    nframes = sum(1 for l in got if l.startswith(b"frame "))
    same = got == want
    check(same and nframes == frames,
          f"{name} ({lang}): {nframes} frames, every frame and trace line as the reference")
    if not same:
        k = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                 min(len(got), len(want)))
        print(f"     first difference at line {k}: device {got[k:k + 1]} ref {want[k:k + 1]}")
    check("cart borrowed in place" in text, f"{name}: read in place from flash (XIP)")
    hashes = {int(f): int(h, 16) for f, h in re.findall(r"^frame (\d+) ([0-9a-f]{8}) \d+$",
                                                        text, re.M)}
    dumps = dict(re.findall(r"^fb (\d+) ([0-9a-f]+)$", text, re.M))
    snaps = {p["frame"]: p for p in pictures}
    for f in (f for f in SNAP if f < frames):
        check_picture(name, f, hashes.get(f, -1), dumps.get(str(f), ""), snaps.get(f))
    cycles = sorted(int(n) for n in re.findall(r"^frame \d+ [0-9a-f]{8} (\d+)$", text, re.M))
    m = re.search(r"^arena load (\d+) run (\d+) code (\d+)$", text, re.M)
    pk = re.search(r"^arena (\d+) of (\d+) bytes, stack (\d+) of (\d+) bytes$", text, re.M)
    if pk:
        peaks.append(tuple(map(int, pk.groups())))
    inst = re.search(r"rp2040js: (\d+) instructions", err)
    print(f"     {name}: {os.path.getsize(os.path.join(a.carts, name + '.wasm'))} bytes, "
          f"arena load {m.group(1) if m else '?'} run {m.group(2) if m else '?'} code "
          f"{m.group(3) if m else '?'}, median {cycles[len(cycles) // 2] if cycles else '?'} "
          f"cycles a frame, {int(inst.group(1)) / 1e6 if inst else 0:.0f} M instructions "
          f"emulated in {secs:.1f} s")


# ---- the probe cart: buttons, disk, sound ------------------------------------------

def check_probe(a, out_dir, firmware):
    uf2 = os.path.join(out_dir, "w4probe.uf2")
    w4cart(a.source, a.probe, uf2, firmware, frames=40)
    pads = bytes([0x00, 0x01, 0x02, 0x10, 0x20, 0x40, 0x80, 0xF3, 0x00, 0x11, 0x22, 0xC0])
    tape = os.path.join(out_dir, "buttons.bin")
    open(tape, "wb").write(pads)
    flash = os.path.join(out_dir, "probe-flash.bin")
    if os.path.exists(flash):
        os.unlink(flash)
    pwm = os.path.join(out_dir, "probe-pwm.json")
    status, out, err, _ = run(a.source, uf2, "--buttons", tape, "--flash", flash, "--pwm", pwm)
    text = out.decode("utf-8", "replace")
    check(status == 0 and "tape 0 bytes, 40 frames" in text,
          f"w4probe: 40 frames without a tape (exit {status} {err.strip()[-200:]})")
    traced = [int(x, 16) for x in re.findall(r"^pad ([0-9a-f]+)$", text, re.M)]
    want = [pads[f % len(pads)] for f in range(40)]
    check(traced == want, f"w4probe: the gamepad of each frame is the buttons held on GP2-GP7 "
          f"({traced[:12]} ...)")
    check(re.search(r"^boots 0$", text, re.M) is not None, "w4probe: a fresh disk reads 0")
    status2, out2, _, _ = run(a.source, uf2, "--buttons", tape, "--flash", flash)
    check(status2 == 0 and re.search(rb"^boots 1$", out2, re.M) is not None,
          "w4probe: after a reset the disk in flash holds what the last run wrote (boots 1)")
    image = open(flash, "rb").read()
    disk = image[0x1FA000:0x1FC000]
    check(b"W4DK" in disk[:16] or b"W4DK" in disk[4096:4112],
          "w4probe: the disk is in its flash sectors at 0x101FA000 (magic W4DK)")
    p = json.load(open(pwm))
    raw = base64.b64decode(p["samples"])
    s = struct.unpack("<%dH" % (len(raw) // 2), raw)
    marks = p["frames"]
    per_frame = [b - a_ for a_, b in zip([0] + marks, marks)]
    # 39 frames' samples between the first and the last frame line
    check(len(marks) == 40 and all(n in (RATE // 60, RATE // 60 + 1) for n in per_frame[1:])
          and abs(marks[-1] - marks[0] - RATE * 39 / 60) <= 1,
          f"w4probe: {RATE} samples a second, {RATE // 60} or {RATE // 60 + 1} a frame "
          f"({per_frame[:6]} ...)")
    tone = s[marks[2]:marks[25]]
    ups = [i for i in range(1, len(tone)) if tone[i - 1] < 1024 <= tone[i]]
    freq = (len(ups) - 1) * RATE / (ups[-1] - ups[0]) if len(ups) > 2 else 0
    check(abs(freq - 440) < 440 * 0.01,
          f"w4probe: the PWM plays its tone at {freq:.1f} Hz (440 within 1%)")
    check(max(tone) - min(tone) > 200, f"w4probe: with a swing of {max(tone) - min(tone)} of "
          "2048 (a pulse channel at full volume: 15% of full scale)")
    after = set(s[marks[33]:marks[39]])
    check(after == {1024}, f"w4probe: then silence, the duty at half ({sorted(after)[:4]})")


# ---- a trapping cart ----------------------------------------------------------------

def check_trap(a, out_dir, firmware):
    name = "text-input"
    uf2 = os.path.join(out_dir, name + ".uf2")
    w4cart(a.source, os.path.join(a.carts, name + ".wasm"), uf2, firmware,
           tape=os.path.join(a.carts, "tape.bin"), frames=120)
    flash = os.path.join(out_dir, "trap-flash.bin")
    if os.path.exists(flash):
        os.unlink(flash)
    status, out, err, _ = run(a.source, uf2, "--flash", flash)
    capture = os.path.join(out_dir, "trap-serial.bin")
    open(capture, "wb").write(out)
    text, _ = check_demo.split_frames(out)
    check(status == 0, f"{name}: ran to '{DONE}' (exit {status} {err.strip()[-200:]})")
    lines = text.split("\n")
    k = next((i for i, l in enumerate(lines) if l.startswith("trap: ")), len(lines))
    ref = open(os.path.join(a.carts, "ref", name + ".txt"), "rb").read().split(b"\n")
    ref = [l for l in ref if l]
    got = cart_lines("\n".join(lines[:k]).encode())
    check(got == ref, f"{name}: the {len(ref)} frames before the trap as the reference")
    # the host's backtrace and coredump for the same run
    host = subprocess.run([a.wisp, "play", "--headless", "--tape", "tape.bin", "--coredump",
                           os.path.join(out_dir, "host.core"), name + ".wasm"],
                          cwd=a.carts, capture_output=True, text=True)
    # the device has no DWARF: compare the trap line and each frame's
    # offset, name and index (the host adds source variables and FILE:LINE)
    frame = re.compile(r"  #\d+ 0x[0-9a-f]+ \S+ \(wasm-function\[\d+\]\)")
    def head(l):
        m = frame.match(l)
        return m.group(0) if m else l
    want = [head(l) for l in host.stderr.splitlines() if l.startswith(("trap: ", "  "))]
    dev = []
    for l in lines[k:]:
        if not l.startswith(("trap: ", "  ")):
            break
        dev.append(l)
    check(host.returncode == 134 and [head(l) for l in dev] == want and len(want) >= 2,
          f"{name}: the trap and backtrace as the host's `wisp play`, but for the source "
          f"variables and FILE:LINE: {dev} vs {want}")
    m = re.search(r"^coredump (\d+) bytes -> serial, flash slot #(\d+) at 0x([0-9a-f]+)$",
                  text, re.M)
    check(m is not None and 0x101FC000 <= int(m.group(3), 16) < 0x10200000,
          f"{name}: the coredump went over the UART and into the flash slot: "
          f"{m.group(0) if m else None}")
    host_core = open(os.path.join(out_dir, "host.core"), "rb").read() \
        if os.path.exists(os.path.join(out_dir, "host.core")) else b""
    for how, extra in (("streamed at the trap", []), ("read back from the flash slot",
                                                       ["--stored"])):
        got_path = os.path.join(out_dir, "device.core")
        if os.path.exists(got_path):
            os.unlink(got_path)
        r = subprocess.run([a.wisp, "pull", "--file", capture, "-o", got_path] + extra,
                           capture_output=True, text=True)
        dump = open(got_path, "rb").read() if r.returncode == 0 else b""
        check(dump == host_core and len(dump) > 0,
              f"{name}: the coredump {how} is the host's byte for byte ({len(dump)} of "
              f"{len(host_core)} bytes; {r.stderr.strip()[-200:]})")
    status, out2, _, _ = run(a.source, uf2, "--flash", flash)
    again = out2.decode("utf-8", "replace")
    check(re.search(r"^flash slot: coredump #1 from an earlier run, %s bytes$"
                    % (m.group(1) if m else "?"), again, re.M) is not None,
          f"{name}: the next boot finds the stored coredump")


def check_no_cart(a, out_dir, firmware_uf2):
    status, out, _, _ = run(a.source, firmware_uf2, max_ms=5000)
    check(re.search(rb"^wisp-w4 rp2040: no cart in flash at 0x10100000", out, re.M) is not None,
          "an image without a cart says so")
    uf2 = os.path.join(out_dir, "damaged.uf2")
    w4cart(a.source, a.probe, uf2, firmware_uf2, frames=1)
    data = bytearray(open(uf2, "rb").read())
    for off in range(0, len(data), 512):  # one byte of the cart, in its first block
        if struct.unpack_from("<I", data, off + 12)[0] == CART_REGION:
            data[off + 32 + 64 + 10] ^= 0x40
    open(uf2, "wb").write(data)
    status, out, _, _ = run(a.source, uf2, max_ms=5000)
    check(re.search(rb"^wisp-w4 rp2040: no cart in flash", out, re.M) is not None,
          "an image whose cart does not match its CRC is refused")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--wisp", required=True)
    ap.add_argument("--carts", required=True)
    ap.add_argument("--probe", required=True)
    ap.add_argument("--frames", type=int, default=120)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="", help="these carts only, comma-separated")
    a = ap.parse_args()
    a.source, a.build = os.path.abspath(a.source), os.path.abspath(a.build)
    a.carts, a.wisp, a.probe = os.path.abspath(a.carts), os.path.abspath(a.wisp), \
        os.path.abspath(a.probe)
    if not os.path.isdir(a.carts):
        skip(f"no carts at {a.carts} (the WASM-4 carts of ../shared/carts)")
    for tool, pkg in (("arm-none-eabi-gcc", "gcc-arm-none-eabi"), ("meson", "meson"),
                      ("ninja", "ninja-build")):
        if not shutil.which(tool):
            skip(f"{tool} not found (apt-get install {pkg})")
    if not have_picolibc("cortex-m0plus"):
        skip("arm-none-eabi-gcc cannot link with picolibc (apt-get install picolibc-arm-none-eabi)")
    check_demo.ensure_rp2040js(a.source)

    t0 = time.monotonic()
    rp = os.path.join(a.source, "boards", "rp2040")
    cross = [os.path.join(rp, f) for f in ("cross.ini", "board.ini", "w4.ini")]
    targets = [f"boards/rp2040/wisp-w4.{x}" for x in ("elf", "uf2")] + \
        ["boards/rp2040/wisp-w4-size.txt"]
    cross_build(a.source, a.build, cross, ["-Dsimd=false"], "check_w4.stamp", targets, "wisp-w4")
    out_dir = os.path.join(a.build, "boards", "rp2040")
    firmware = os.path.join(out_dir, "wisp-w4.uf2")
    print(f"built in {time.monotonic() - t0:.1f} s")
    print(open(os.path.join(out_dir, "wisp-w4-size.txt")).read().rstrip())
    arena, stack = check_budget(os.path.join(out_dir, "wisp-w4.elf"),
                                os.path.join(out_dir, "wisp-w4-size.txt"))

    runs = os.path.join(a.build, "w4-runs")
    os.makedirs(runs, exist_ok=True)
    carts = [c for c in CARTS if not a.only or c[0] in a.only.split(",")]
    t1 = time.monotonic()
    peaks = []
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        jobs = [pool.submit(play_cart, a, runs, firmware, name, a.frames) for name, _ in carts]
        probe = pool.submit(check_probe, a, runs, firmware) if not a.only else None
        for (name, lang), job in zip(carts, jobs):
            check_cart(a, name, lang, a.frames, job.result(), peaks)
        if probe:
            probe.result()
    langs = sorted({lang for _, lang in carts if lang})
    check(len(carts) >= 10 or a.only, f"{len(carts)} carts in {len(langs)} languages: "
          f"{', '.join(langs)}")
    if not a.only:
        check_trap(a, runs, firmware)
        check_no_cart(a, runs, firmware)
    for arena_peak, arena_size, stack_peak, stack_size in peaks:
        if not (arena_peak <= arena_size == arena and stack_peak < stack_size == stack):
            check(False, f"arena {arena_peak} of {arena_size}, stack {stack_peak} of {stack_size}")
    if peaks:
        check(True, f"arena peaks up to {max(p[0] for p in peaks)} of {arena} bytes, C stack up "
              f"to {max(p[2] for p in peaks)} of {stack}")
    print(f"carts and checks in {time.monotonic() - t1:.1f} s")
    return finish()


if __name__ == "__main__":
    sys.exit(main())

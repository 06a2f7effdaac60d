#!/usr/bin/env python3
"""`make bench-carts` (issue 18): the WASM-4 carts of ../shared/carts on
QEMU mps2-an385, wisp (wisp-w4.elf, Cortex-M3 and Cortex-M0 builds) side
by side with WASM-4's own runtime on wasm3 (../shared/peers/wasm4/
w4ref-mps2.elf): per cart the wasm size, wisp's arena at its peak while
loading and in use while running, its translated code, and the median and
largest guest instructions of a frame for each, with the ratios.

    carts.py --m3 M3.elf --m0 M0.elf --carts DIR [--peer ELF] [--frames N]
             [--only A,B] [--jobs N] [--out DIR]

Every frame's hash must equal the reference's (ref/NAME.txt) for wisp;
a cart that differs, traps or times out is marked and makes the exit
status 1. Writes OUT/carts.md (the table and a summary: geometric mean of
the M3 ratio, carts over the peer, carts within 2.2 M M0 instructions a
frame, i.e. 60 fps on a 133 MHz RP2040) and OUT/carts.csv. wisp-w4 runs
every cart in the RP2040's arena with its code cache (boards/common/
w4loop.h): "translations" counts the functions it translated, the first
call of each included; more than the functions a cart calls means its
code did not fit and was translated again.
"""
import argparse
import concurrent.futures
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time

FRAME_BUDGET = 2_200_000  # instructions: 133 MHz / 60 at one instruction a cycle


def qemu(elf, cart, frames, tape, timeout):
    cmd = ["qemu-system-arm", "-M", "mps2-an385", "-nographic", "-monitor", "none",
           "-icount", "shift=0", "-semihosting-config",
           f"enable=on,target=native,arg={cart},arg={frames},arg={tape}", "-kernel", elf]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           errors="replace")
    except subprocess.TimeoutExpired:
        return None
    return r.stdout + r.stderr  # semihosting writes to QEMU's stderr


def parse(out):
    if out is None:
        return None
    frames = re.findall(r"^frame (\d+) ([0-9a-f]{8}) (\d+)$", out, re.M)
    m = re.search(r"^arena load (\d+) run (\d+) code (\d+)$", out, re.M)
    st = re.search(r"^stacks (\d+) slots (\d+) frames$", out, re.M)
    cc = re.search(r"^code cache (\d+) translations (\d+) evictions$", out, re.M)
    return {"hashes": [h for _, h, _ in frames], "counts": [int(n) for _, _, n in frames],
            "arena": tuple(int(x) for x in m.groups()) if m else None,
            "stacks": tuple(int(x) for x in st.groups()) if st else None,
            "translations": int(cc.group(1)) if cc else None,
            "trap": "trap:" in out or "wisp error" in out}


def one(a, name):
    cart = os.path.join(a.carts, name + ".wasm")
    tape = os.path.join(a.carts, "tape.bin")
    ref_path = os.path.join(a.carts, "ref", name + ".txt")
    ref = []
    if os.path.exists(ref_path):
        ref = [l.split()[2] for l in open(ref_path) if l.startswith("frame ")][:a.frames]
    row = {"name": name, "size": os.path.getsize(cart)}
    for col, elf in (("m3", a.m3), ("m0", a.m0), ("peer", a.peer)):
        if not elf:
            row[col] = None
            continue
        row[col] = parse(qemu(elf, cart, a.frames, tape, a.timeout))
    r = row["m3"]
    if r is None:
        row["status"] = "timeout"
    elif ref and r["hashes"] != ref[:len(r["hashes"])]:
        row["status"] = "differs"
    elif ref and len(r["hashes"]) < len(ref):
        row["status"] = "trap" if r["trap"] else "short"
    elif not ref and len(r["hashes"]) < a.frames:
        row["status"] = "short"
    else:
        row["status"] = "ok"
    return row


def med(r):
    return statistics.median(r["counts"]) if r and r["counts"] else None


def big(r):
    return max(r["counts"]) if r and r["counts"] else None


def fmt(v):
    return "-" if v is None else f"{v:,.0f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--m3", required=True)
    ap.add_argument("--m0")
    ap.add_argument("--peer")
    ap.add_argument("--carts", required=True)
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--only", default="")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=1200)
    ap.add_argument("--out", default=".")
    a = ap.parse_args()
    if not os.path.isdir(a.carts):
        print(f"skipped: no carts at {a.carts}")
        return 77
    names = sorted(f[:-5] for f in os.listdir(a.carts) if f.endswith(".wasm"))
    if a.only:
        names = [n for n in names if n in a.only.split(",")]
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        rows = list(ex.map(lambda n: one(a, n), names))
    secs = time.monotonic() - t0

    os.makedirs(a.out, exist_ok=True)
    lines = [f"Machine: {platform.machine()} host running QEMU mps2-an385 (-icount shift=0: "
             f"instructions are exact, not timed); {a.frames} frames a cart with ../shared/"
             f"carts/tape.bin; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             f"{secs:.0f} s.", "",
             "| cart | wasm | arena loading | arena running | code | translations "
             "| stack slots, frames "
             "| wisp M3 median | max | wisp M0 median | max | peer median | max | M3/peer "
             "| status |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: | ---: | --- |"]
    csv = ["cart,wasm,arena_load,arena_run,code,translations,stack_slots,stack_frames,"
           "m3_median,m3_max,m0_median,m0_max,peer_median,peer_max,status"]
    ratios, over, fit, slow = [], [], 0, []
    for r in rows:
        ar = r["m3"]["arena"] if r["m3"] and r["m3"]["arena"] else (None, None, None)
        st = r["m3"]["stacks"] if r["m3"] and r["m3"]["stacks"] else (None, None)
        m3, m0, peer = med(r["m3"]), med(r["m0"]), med(r["peer"])
        ratio = m3 / peer if m3 and peer else None
        if ratio:
            ratios.append(ratio)
            if ratio > 1:
                over.append(r["name"])
        if m0 is not None and m0 <= FRAME_BUDGET:
            fit += 1
        elif m0 is not None:
            slow.append(r["name"])
        tr = r["m3"]["translations"] if r["m3"] else None
        lines.append(f"| {r['name']} | {r['size']:,} | {fmt(ar[0])} | {fmt(ar[1])} | "
                     f"{fmt(ar[2])} | {fmt(tr)} | {fmt(st[0])}, {fmt(st[1])} | {fmt(m3)} | "
                     f"{fmt(big(r['m3']))} | {fmt(m0)} | "
                     f"{fmt(big(r['m0']))} | {fmt(peer)} | {fmt(big(r['peer']))} | "
                     f"{'-' if ratio is None else f'{ratio:.2f}'} | {r['status']} |")
        csv.append(",".join(str(x) for x in (r["name"], r["size"], *ar, tr, *st, m3, big(r["m3"]),
                                             m0,
                                             big(r["m0"]), peer, big(r["peer"]),
                                             r["status"])))
    geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else None
    bad = [r["name"] for r in rows if r["status"] != "ok"]
    summary = [
        "",
        f"- carts: {len(rows)}, as the reference: {len(rows) - len(bad)}"
        + (f" (not: {', '.join(bad)})" if bad else ""),
        f"- wisp/peer, Cortex-M3 median instructions a frame: geometric mean "
        f"{'-' if geo is None else f'{geo:.2f}'}x over {len(ratios)} carts; more than the peer: "
        f"{len(over)}" + (f" ({', '.join(over)})" if over else ""),
        f"- within {FRAME_BUDGET:,} Cortex-M0 instructions a frame (60 fps on a 133 MHz "
        f"RP2040): {fit} of {len(rows)}" + (f" (not: {', '.join(slow)})" if slow else ""),
    ]
    open(os.path.join(a.out, "carts.md"), "w").write("\n".join(lines + summary) + "\n")
    open(os.path.join(a.out, "carts.csv"), "w").write("\n".join(csv) + "\n")
    print("\n".join(lines + summary))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""wisp benchmarks (issue 6): `make bench` runs this. Python 3 stdlib only.

    python3 tests/bench/bench.py [--build DIR] [--out DIR] [-n N] [--only a,b]
                                 [--skip host,wabt,iwasm,qemu,size,memory,load]

Builds the guests in tests/bench/guests/ (clang-14 -> wasm, gcc -> native),
then prints and writes (to OUT, default BUILD/bench):

  1. host table: wall time of wisp, wasm3, WAMR iwasm, wabt wasm-interp and
     native, best of N (env BENCH_N, default 5), every run's checksum checked
     against the native build's; ratios and geometric means.
  2. Cortex-M3 table (QEMU mps2-an385, -icount): guest instructions of the
     SMALL builds under wasm3, and under wisp's runner firmware once
     boards/mps2-an385 builds a wisp-runner.elf (`make mps2`; see the ISSUE 9
     HOOK in find_wisp_runner below).
  3. memory table: arena bytes per guest (load, instance, peak), peak C stack.
  4. load speed: MB/s of wisp_module_load on a generated ~1 MB module.
  5. size table: core .text/.rodata for Cortex-M0/M3 Thumb at -Os and -O2,
     with a static worst-case stack bound from gcc's -fcallgraph-info.

Outputs: OUT/results.md (markdown, for the README), OUT/results.csv (long
form: section,row,column,value), the same tables on the terminal.
Exit status 1 if wisp gives a wrong checksum or fails; peers' failures are
only marked in the tables.

Environment: BENCH_N (repetitions, default 5), BENCH_WABT_N (default 1),
BENCH_WABT_TIMEOUT (seconds per wabt run, default 20), BENCH_ONLY (guest
names, comma-separated), BENCH_SKIP (like --skip), MPS2_BUILD (like
--mps2-build, default build-mps2), WISP_RUNNER_ELF (the Cortex-M wisp runner
image itself; no rebuild then), WASM3, IWASM, WASM_INTERP (peer binaries).
Nothing is downloaded: the peers are the prebuilt ones in ../shared/peers.
"""
import argparse
import concurrent.futures
import csv
import datetime
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "tests" / "bench"
GUESTS = BENCH / "guests"
SHARED = ROOT.parent / "shared"

WASM_CC = "clang-14"
NATIVE_CC = "gcc"
# x86-64 builds of the core are not position-independent (meson.build: a
# code word is its handler's address), so what links it is not either
CORE_LINK = ["-no-pie"] if os.uname().machine == "x86_64" else []
ARM_CC = "arm-none-eabi-gcc"
QEMU = "qemu-system-arm"
# Linear-memory stack of the bare (SMALL) builds: they run on Cortex-M.
SMALL_STACK = 16384
# The generated module for the load-speed test: functions for ~1 MB of wasm.
LARGE_FUNCS = 1080
QEMU_TIMEOUT = 300

# main() prints "checksum N"; wabt's --run-all-exports prints "run() => i32:N".
CHECKSUM_RE = re.compile(r"^(?:checksum |run\(\) => i32:)(-?\d+)\s*$", re.M)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def env_int(name, default):
    v = os.environ.get(name)
    try:
        return int(v) if v else default
    except ValueError:
        sys.exit(f"bench: {name}={v!r} is not a number")


def env_float(name, default):
    v = os.environ.get(name)
    try:
        return float(v) if v else default
    except ValueError:
        sys.exit(f"bench: {name}={v!r} is not a number")


# ---------------------------------------------------------------- building

def newer(out, deps, cmd_text=None):
    """True if `out` must be rebuilt: missing, older than a dep, or made by
    another command line (kept beside it in OUT.cmd)."""
    out = Path(out)
    if not out.exists():
        return True
    t = out.stat().st_mtime
    if any(Path(d).stat().st_mtime > t for d in deps):
        return True
    if cmd_text is not None:
        stamp = Path(str(out) + ".cmd")
        if not stamp.exists() or stamp.read_text() != cmd_text:
            return True
    return False


def run_build(cmds):
    """Run [(out, deps, [argv...])...] where needed; two at a time."""
    todo = []
    for out, deps, steps in cmds:
        text = "\n".join(" ".join(map(str, s)) for s in steps)
        if newer(out, deps, text):
            todo.append((out, steps, text))

    def one(item):
        out, steps, text = item
        for s in steps:
            p = subprocess.run([str(x) for x in s], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            if p.returncode:
                return f"bench: build of {out} failed:\n  {' '.join(map(str, s))}\n{p.stdout[-3000:]}"
        Path(str(out) + ".cmd").write_text(text)
        return None

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        errors = [e for e in ex.map(one, todo) if e]
    if errors:
        sys.exit("\n".join(errors))
    return len(todo)


def check_wasm_toolchain():
    if not shutil.which(WASM_CC):
        sys.exit("bench: clang-14 not found (apt install clang-14 lld-14)")
    libc = subprocess.run([WASM_CC, "--target=wasm32-wasi", "-print-file-name=libc.a"],
                          capture_output=True, text=True).stdout.strip()
    rt = subprocess.run([WASM_CC, "--target=wasm32-wasi", "-print-libgcc-file-name"],
                        capture_output=True, text=True).stdout.strip()
    if not os.path.isabs(libc) or not os.path.exists(libc):
        sys.exit("bench: wasi-libc not found for clang-14 (apt install wasi-libc)")
    if not os.path.exists(rt):
        sys.exit("bench: wasm32 builtins not found (apt install libclang-rt-14-dev-wasm32)")
    return rt


def build_guests(out, names):
    """Per guest: NAME.wasm (WASI command), NAME.small.wasm (-DSMALL, bare,
    only `run`), NAME.native and NAME.small.native (gcc -O2)."""
    rt = check_wasm_toolchain()
    d = out / "guests"
    d.mkdir(parents=True, exist_ok=True)
    hdr = GUESTS / "bench.h"
    cmds = []
    # -ffp-contract=off everywhere: clang's default (on) lets the optimizer
    # fold `a += b * c` with a single rounding (llvm.fmuladd constant
    # folding) even for wasm, which has no FMA; gcc rounds twice. With it off
    # every build does IEEE mul then add, so float checksums agree bit for bit.
    warn = ["-Wall", "-Wextra", "-ffp-contract=off"]
    for n in names:
        src = GUESTS / f"{n}.c"
        deps = [src, hdr]
        # Compile (-c) and link in two steps: clang given -O at the link step
        # runs wasm-opt when binaryen is installed (see examples/meson.build).
        cmds.append((d / f"{n}.wasm", deps, [
            [WASM_CC, "--target=wasm32-wasi", "-O2", *warn, "-c", src, "-o", d / f"{n}.o"],
            [WASM_CC, "--target=wasm32-wasi", d / f"{n}.o", "-o", d / f"{n}.wasm"]]))
        cmds.append((d / f"{n}.small.wasm", deps, [
            [WASM_CC, "--target=wasm32", "-O2", *warn, "-ffreestanding", "-DSMALL",
             "-DBENCH_BARE", "-c", src, "-o", d / f"{n}.small.o"],
            [WASM_CC, "--target=wasm32", "-nostdlib", "-Wl,--no-entry",
             f"-Wl,-z,stack-size={SMALL_STACK}", d / f"{n}.small.o", rt,
             "-o", d / f"{n}.small.wasm"]]))
        # The full size without WASI, for wabt: Debian's wasm-interp has no
        # WASI, so it calls `run` (--run-all-exports) and prints its result.
        cmds.append((d / f"{n}.run.wasm", deps, [
            [WASM_CC, "--target=wasm32", "-O2", *warn, "-ffreestanding",
             "-DBENCH_BARE", "-c", src, "-o", d / f"{n}.run.o"],
            [WASM_CC, "--target=wasm32", "-nostdlib", "-Wl,--no-entry",
             d / f"{n}.run.o", rt, "-o", d / f"{n}.run.wasm"]]))
        cmds.append((d / f"{n}.native", deps, [
            [NATIVE_CC, "-O2", *warn, src, "-o", d / f"{n}.native", "-lm"]]))
        cmds.append((d / f"{n}.small.native", deps, [
            [NATIVE_CC, "-O2", *warn, "-DSMALL", src, "-o", d / f"{n}.small.native", "-lm"]]))
    k = run_build(cmds)
    if k:
        log(f"bench: built {k} guest files in {d}")
    return d


def build_arena_stats(build, out):
    lib = build / "core" / "libwisp.a"
    if not lib.exists():
        sys.exit(f"bench: {lib} missing: build wisp first (ninja -C {build})")
    exe = out / "arena_stats"
    src = BENCH / "arena_stats.c"
    hdr = ROOT / "core" / "include" / "wisp.h"
    run_build([(exe, [src, hdr, lib], [
        [NATIVE_CC, "-O2", "-std=c11", "-Wall", "-Wextra", f"-I{ROOT / 'core' / 'include'}",
         *CORE_LINK, src, lib, "-o", exe]])])
    return exe


def build_large(out):
    """The ~1 MB module for the load-speed test (cached: clang takes a while)."""
    gen = BENCH / "gen_large.py"
    c = out / "large.c"
    o = out / "large.o"
    w = out / "large.wasm"
    text = f"gen_large.py {LARGE_FUNCS}"
    if newer(w, [gen], text):
        log(f"bench: generating and compiling the load-speed module ({LARGE_FUNCS} functions; "
            "clang needs ~10 s, once)")
        c.write_text(subprocess.run([sys.executable, str(gen), str(LARGE_FUNCS)],
                                    capture_output=True, text=True, check=True).stdout)
        run_build([(w, [gen, c], [
            [WASM_CC, "--target=wasm32", "-O2", "-ffreestanding", "-c", c, "-o", o],
            [WASM_CC, "--target=wasm32", "-nostdlib", "-Wl,--no-entry", o, "-o", w]])])
        Path(str(w) + ".cmd").write_text(text)
    return w


# ---------------------------------------------------------------- running

class Run:
    def __init__(self, wall, cpu, rc, out, err, timeout=False):
        self.wall, self.cpu, self.rc, self.out, self.err = wall, cpu, rc, out, err
        self.timeout = timeout

    def checksum(self):
        m = CHECKSUM_RE.search(self.out)
        return int(m.group(1)) & 0xffffffff if m else None


def timed(cmd, timeout=None):
    """Wall and CPU (user+sys of the child) time of one process run."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        p = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Run(time.perf_counter() - t0, None, None, "", "", timeout=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return Run(wall, cpu, p.returncode, p.stdout.decode(errors="replace"),
               p.stderr.decode(errors="replace"))


def find_peer(env, *paths):
    v = os.environ.get(env)
    if v:
        return v if (os.path.exists(v) or shutil.which(v)) else None
    for p in paths:
        if os.path.isabs(p) or "/" in p:
            if os.path.exists(p):
                return p
        elif shutil.which(p):
            return shutil.which(p)
    return None


class Cell:
    """One runner on one guest: best time, or why there is none."""
    def __init__(self):
        self.best = None      # seconds, best wall time of correct runs
        self.best_cpu = None
        self.runs = 0
        self.status = None    # None ok; "WRONG", "ERR", "TIMEOUT", "n/a"
        self.detail = ""

    def add(self, r, expect):
        self.runs += 1
        if r.timeout:
            self.status, self.detail = "TIMEOUT", f"> {r.wall:.0f} s"
            return False
        if r.rc != 0:
            self.status = "ERR"
            self.detail = f"exit {r.rc}: {(r.err or r.out).strip()[-200:]}"
            return False
        got = r.checksum()
        if got != expect:
            self.status = "WRONG"
            self.detail = f"checksum {got}, native says {expect}"
            return False
        if self.best is None or r.wall < self.best:
            self.best = r.wall
        if r.cpu is not None and (self.best_cpu is None or r.cpu < self.best_cpu):
            self.best_cpu = r.cpu
        return True

    def text(self, ms=True):
        if self.status:
            return self.status
        if self.best is None:
            return "-"
        return f"{self.best * 1000:.1f}" if ms else f"{self.best:.3f}"


def host_table(names, gdir, wisp, n, skip):
    runners = [("native", None), ("wisp", [wisp, "run"])]
    wasm3 = find_peer("WASM3", str(SHARED / "peers" / "wasm3" / "wasm3"))
    iwasm = find_peer("IWASM", str(SHARED / "peers" / "wamr" / "iwasm"))
    wabt = find_peer("WASM_INTERP", "wasm-interp")
    if wasm3:
        runners.append(("wasm3", [wasm3]))
    else:
        log("bench: wasm3 not found at ../shared/peers/wasm3/wasm3: column skipped")
    if iwasm and "iwasm" not in skip:
        runners.append(("wamr", [iwasm]))
    elif "iwasm" not in skip:
        log("bench: WAMR iwasm not found at ../shared/peers/wamr/iwasm: column skipped")
    wabt_n = env_int("BENCH_WABT_N", 1)
    wabt_timeout = env_float("BENCH_WABT_TIMEOUT", 20)
    use_wabt = wabt and "wabt" not in skip and wabt_n > 0
    if not wabt and "wabt" not in skip:
        log("bench: wasm-interp (wabt) not found: column skipped")

    cols = [r[0] for r in runners] + (["wabt"] if use_wabt else [])
    expect = {}
    cells = {g: {c: Cell() for c in cols} for g in names}
    for g in names:
        r = timed([gdir / f"{g}.native"])
        if r.rc != 0 or r.checksum() is None:
            sys.exit(f"bench: native {g} failed: {r.err or r.out}")
        expect[g] = r.checksum()
    log(f"bench: host runs, best of {n}" + (f" (wabt: {wabt_n}, {wabt_timeout:g} s cap)" if use_wabt else ""))
    for rep in range(n):
        for g in names:
            wasm = gdir / f"{g}.wasm"
            for name, cmd in runners:
                c = cells[g][name]
                if c.status:
                    continue
                argv = [gdir / f"{g}.native"] if cmd is None else cmd + [wasm]
                c.add(timed(argv, timeout=600), expect[g])
        log(f"  round {rep + 1}/{n} done")
    if use_wabt:
        for rep in range(wabt_n):
            for g in names:
                c = cells[g]["wabt"]
                if c.status:
                    continue
                c.add(timed([wabt, "--run-all-exports", gdir / f"{g}.run.wasm"],
                            timeout=wabt_timeout), expect[g])
        log("  wabt done")
    return cols, cells, expect


def ratio(a, b):
    if a is None or b is None or a.best is None or b.best is None or a.status or b.status:
        return None
    return a.best / b.best


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt_ratio(x):
    return "-" if x is None else f"{x:.2f}"


# ---------------------------------------------------------------- Cortex-M

def qemu_cmd(elf, wasm, func="run"):
    return [QEMU, "-M", "mps2-an385", "-nographic", "-monitor", "none", "-icount", "shift=0",
            "-semihosting-config", f"enable=on,target=native,arg={wasm},arg={func}",
            "-kernel", elf]


def parse_qemu(r):
    """`result N` / `instructions N` (+ the wisp runner's `stats` lines).
    QEMU sends the guest's semihosting console to its stderr."""
    text = r.out + r.err
    if r.timeout:
        return None, None, {}, "TIMEOUT"
    res = re.search(r"^result (\S+)", text, re.M)
    ins = re.search(r"^instructions (\d+)", text, re.M)
    if r.rc != 0 or not res or not ins:
        return None, None, {}, "ERR: " + text.strip().replace("\n", " | ")[-200:]
    stats = {k: int(v) for k, v in re.findall(r"^(arena|stack|module) (\d+)", text, re.M)}
    return res.group(1), int(ins.group(1)), stats, None


def find_wisp_runner(mps2_build):
    # ISSUE 9 HOOK: wisp's Cortex-M3 runner firmware, boards/mps2-an385,
    # built by `make mps2` into build-mps2/ (MPS2_BUILD) as wisp-runner.elf.
    # It takes the semihosting arguments of wasm3-mps2.elf (FILE.wasm FUNC,
    # plus `stats`) and prints the same lines, "result N" and "instructions
    # N" (SysTick under -icount shift=0), and with `stats` "arena N",
    # "stack N", "module N". WISP_RUNNER_ELF overrides the path. When that
    # build dir exists it is brought up to date first, so the column never
    # measures a stale core.
    v = os.environ.get("WISP_RUNNER_ELF")
    if v:
        return v if os.path.exists(v) else None
    return find_wisp_runner_dir(mps2_build)


def find_wisp_runner_dir(mps2_build):
    d = Path(mps2_build)
    if (d / "build.ninja").exists():
        p = subprocess.run(["ninja", "-C", str(d), "boards/mps2-an385/wisp-runner.elf"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            log(f"bench: ninja -C {d} failed; the wisp Cortex-M column is skipped:\n{p.stdout[-2000:]}")
            return None
    elf = d / "boards" / "mps2-an385" / "wisp-runner.elf"
    return str(elf) if elf.exists() else None


def cortex_m_table(names, gdir, mps2_build, notrap_build=None, m0_build=None):
    if not shutil.which(QEMU):
        log("bench: qemu-system-arm not found (apt install qemu-system-arm): Cortex-M table skipped")
        return None
    w3 = SHARED / "peers" / "wasm3" / "wasm3-mps2.elf"
    runner = find_wisp_runner(mps2_build)
    if not runner:
        log(f"bench: no {os.path.relpath(mps2_build, ROOT)}/boards/mps2-an385/wisp-runner.elf "
            "(issue 9; `make mps2` builds it): the wisp Cortex-M column is skipped")
    # the same runner built with -Dtrap_info=false: what backtraces cost
    notrap = None
    if runner and notrap_build and (Path(notrap_build) / "build.ninja").exists():
        notrap = find_wisp_runner_dir(notrap_build)
    # the runner compiled for the Cortex-M0 instruction set (m0.ini)
    m0 = None
    if runner and m0_build and (Path(m0_build) / "build.ninja").exists():
        m0 = find_wisp_runner_dir(m0_build)
    rows = {}
    for g in names:
        expect = timed([gdir / f"{g}.small.native"]).checksum()
        wasm = gdir / f"{g}.small.wasm"
        row = {"expect": expect}
        for key, elf, extra in (("wasm3", w3 if w3.exists() else None, []),
                                ("wisp", runner, ["stats"]),
                                ("notrap", notrap, []),
                                ("m0", m0, [])):
            row[key], row[key + "_stats"] = None, {}
            if not elf:
                row[key + "_err"] = "n/a"
                continue
            cmd = qemu_cmd(elf, wasm)
            if extra:
                cmd[cmd.index("-semihosting-config") + 1] += "".join(f",arg={x}" for x in extra)
            res, ins, stats, err = parse_qemu(timed(cmd, timeout=QEMU_TIMEOUT))
            if err is None:
                try:
                    ok = int(res) & 0xffffffff == expect
                except ValueError:
                    ok = False
                if not ok:
                    err = f"WRONG (result {res}, native {expect})"
            row[key] = ins if err is None else None
            row[key + "_stats"] = stats
            row[key + "_err"] = err
        rows[g] = row
    return {"rows": rows, "runner": runner, "notrap": notrap, "m0": m0}


# ---------------------------------------------------------------- memory

def arena_stats(exe, wasm, extra=()):
    p = subprocess.run([str(exe), *extra, str(wasm)], capture_output=True, text=True)
    if p.returncode:
        return None, p.stderr.strip()
    d = {}
    for line in p.stdout.splitlines():
        k, _, v = line.partition("=")
        if v:
            d[k] = int(v)
    return d, None


def memory_table(names, gdir, exe):
    rows = {}
    for g in names:
        full, e1 = arena_stats(exe, gdir / f"{g}.wasm", ["--load-reps", "5"])
        small, e2 = arena_stats(exe, gdir / f"{g}.small.wasm", ["--load-reps", "5"])
        rows[g] = {"full": full, "small": small, "err": e1 or e2}
    return rows


def load_speed(exe, wasm, reps):
    d, err = arena_stats(exe, wasm, ["--load-reps", str(reps), "--no-run"])
    if err:
        return {"err": err}
    d["mb_s"] = d["bytes"] / 1e6 / (d["load_ns"] / 1e9)
    return d


# ---------------------------------------------------------------- sizes

def core_flags(gcc=True):
    """The core's compile flags from core/cflags (gcc: lines only for gcc)."""
    flags = []
    for line in (ROOT / "core" / "cflags").read_text().splitlines():
        line = line.strip()
        if line.startswith("gcc:"):
            flags += line[4:].split() if gcc else []
        elif line and not line.startswith("#"):
            flags += line.split()
    return flags


def core_sources():
    text = (ROOT / "core" / "meson.build").read_text()
    # the C files of core_rest in core/meson.build, plus interp.c (compiled
    # on its own); not disasm.c, a library firmware links only if it calls it
    # and the ARM assembly of core_asm (empty where its switch is off)
    m = re.search(r"core_rest = files\((.*?)\)", text, re.S)
    asm = re.search(r"core_asm = .*?files\((.*?)\)", text)
    names = dict.fromkeys(re.findall(r"'([^'/]+\.c)'", m.group(1) if m else "") + ["interp.c"]
                          + re.findall(r"'([^'/]+\.S)'", asm.group(1) if asm else ""))
    srcs = [ROOT / "core" / f for f in names if (ROOT / "core" / f).exists()]
    if not m or len(srcs) < 2:
        sys.exit("bench: cannot find the core's sources in core/meson.build")
    return srcs


def parse_callgraph(ci_files):
    """gcc -fcallgraph-info=su: node titles, static frame sizes, call edges."""
    size, edges, dynamic = {}, {}, set()
    node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    for f in ci_files:
        for line in Path(f).read_text().splitlines():
            m = node_re.match(line)
            if m:
                sm = re.search(r"\\n(\d+) bytes \(([^)]*)\)", m.group(2))
                if sm:
                    size[m.group(1)] = int(sm.group(1))
                    if "dynamic" in sm.group(2):
                        dynamic.add(m.group(1))
                continue
            m = edge_re.match(line)
            if m:
                edges.setdefault(m.group(1), set()).add(m.group(2))
    return size, edges, dynamic


def worst_stack(root, size, edges, dynamic):
    """Deepest path from root (bytes), and flags: recursion, dynamic frames.
    Indirect calls (host functions) and libgcc helpers count 0."""
    memo, flags = {}, set()

    def go(f, onpath):
        if f in onpath:
            flags.add("recursive")
            return 0
        if f in memo:
            return memo[f]
        if f in dynamic:
            flags.add("dynamic")
        onpath.add(f)
        best = max((go(t, onpath) for t in edges.get(f, ())), default=0)
        onpath.discard(f)
        memo[f] = size.get(f, 0) + best
        return memo[f]

    return go(root, set()), flags


def size_table(out):
    if not shutil.which(ARM_CC):
        log("bench: arm-none-eabi-gcc not found: size table skipped")
        return None
    srcs = core_sources()
    hdrs = (list((ROOT / "core").glob("*.h")) + list((ROOT / "core").glob("*.inc"))
            + [ROOT / "core" / "include" / "wisp.h"])
    # The flags core/meson.build gives the core, fuel on (the default).
    core_args = ["-std=c11"] + core_flags() + ["-DWISP_FUEL=1", f"-I{ROOT / 'core' / 'include'}"]
    configs = [(cpu, opt) for cpu in ("cortex-m0", "cortex-m3") for opt in ("-Os", "-O2")]
    cmds, elfs = [], {}
    for cpu, opt in configs:
        d = out / "arm" / f"{cpu}{opt}"
        d.mkdir(parents=True, exist_ok=True)
        flags = [f"-mcpu={cpu}", "-mthumb", "-ffunction-sections", "-fdata-sections", opt]
        objs = []
        for s in srcs:
            o = d / (s.stem + ".o")
            objs.append(o)
            ci = ["-fcallgraph-info=su"] if s.suffix == ".c" else []
            cmds.append((o, [s, *hdrs], [[ARM_CC, *flags, *core_args, *ci, "-c", s, "-o", o]]))
        elfs[(cpu, opt)] = (d, flags, objs)
    run_build(cmds)
    undefined = {}
    for (cpu, opt), (d, flags, objs) in elfs.items():
        lib = d / "libwisp.a"
        elf = d / "wisp-core.elf"
        if not newer(elf, objs) and (d / "undefined.txt").exists():
            undefined[(cpu, opt)] = (d / "undefined.txt").read_text().split()
            continue
        lib.unlink(missing_ok=True)
        subprocess.run(["arm-none-eabi-ar", "rcs", str(lib), *map(str, objs)], check=True)
        # Every object, -nostdlib against libgcc only, as tests/arm does. If
        # that fails for want of libc symbols (gcc emits memcpy/memset for
        # struct copies even with -ffreestanding, e.g. on Thumb-1), they are
        # reported and the size is taken from a link that ignores them.
        link = [ARM_CC, *flags, "-nostdlib", "-nostartfiles", "-Wl,--entry=0",
                "-Wl,--whole-archive", str(lib), "-Wl,--no-whole-archive", "-lgcc", "-o", str(elf)]
        p = subprocess.run(link[:-2] + ["-Wl,--no-undefined"] + link[-2:],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        und = sorted(set(re.findall(r"undefined reference to `([^']+)'", p.stdout)))
        if p.returncode:
            q = subprocess.run(link[:-2] + ["-Wl,--unresolved-symbols=ignore-all"] + link[-2:],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if q.returncode or not und:
                sys.exit(f"bench: arm link failed:\n{p.stdout[-3000:]}")
        (d / "undefined.txt").write_text(" ".join(und))
        undefined[(cpu, opt)] = und
    rows = {}
    for (cpu, opt), (d, flags, objs) in elfs.items():
        p = subprocess.run(["arm-none-eabi-size", "-A", str(d / "wisp-core.elf")],
                           capture_output=True, text=True, check=True)
        sec = {}
        for line in p.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
                sec[parts[0]] = int(parts[1])
        size, edges, dynamic = parse_callgraph(sorted(d.glob("*.ci")))
        stacks = {}
        for root in ("wisp_module_load", "wisp_instance_create", "wisp_func_call"):
            depth, fl = worst_stack(root, size, edges, dynamic)
            stacks[root] = (depth, fl)
        rows[(cpu, opt)] = {"text": sec.get(".text", 0), "rodata": sec.get(".rodata", 0),
                            "data": sec.get(".data", 0), "bss": sec.get(".bss", 0),
                            "stack": stacks, "undefined": undefined[(cpu, opt)]}
    return rows


# ---------------------------------------------------------------- output

def md_table(header, rows, align=None):
    align = align or ["l"] + ["r"] * (len(header) - 1)
    sep = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def text_table(header, rows):
    w = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "  ".join(str(c).ljust(w[0]) if i == 0 else str(c).rjust(w[i])
                               for i, c in enumerate(r))
    return "\n".join([line(header), "  ".join("-" * x for x in w)] + [line(r) for r in rows])


def kb(n):
    return "-" if n is None else f"{n / 1024:.1f}"


def machine_info():
    model = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return {"cpu": model, "cores": os.cpu_count(),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": commit + ("+dirty" if dirty else "")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(ROOT / "build"), help="wisp's meson build dir")
    ap.add_argument("--out", help="output dir (default BUILD/bench)")
    ap.add_argument("--mps2-build", default=os.environ.get("MPS2_BUILD", str(ROOT / "build-mps2")),
                    help="build dir of the Cortex-M3 runner (issue 9), default build-mps2")
    ap.add_argument("--mps2-notrap-build",
                    default=os.environ.get("MPS2_NOTRAP_BUILD", str(ROOT / "build-mps2-notrap")),
                    help="the same runner built with -Dtrap_info=false (the cost of backtraces), "
                         "default build-mps2-notrap")
    ap.add_argument("--mps2-m0-build",
                    default=os.environ.get("MPS2_M0_BUILD", str(ROOT / "build-mps2-m0")),
                    help="the runner compiled for the Cortex-M0 instruction set (m0.ini), "
                         "default build-mps2-m0")
    ap.add_argument("-n", type=int, default=env_int("BENCH_N", 5), help="repetitions (best of N)")
    ap.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""), help="guests, comma-separated")
    ap.add_argument("--skip", default=os.environ.get("BENCH_SKIP", ""),
                    help="comma-separated: host,wabt,iwasm,qemu,memory,load,size")
    a = ap.parse_args()
    build = Path(a.build).resolve()
    out = Path(a.out).resolve() if a.out else build / "bench"
    out.mkdir(parents=True, exist_ok=True)
    skip = set(filter(None, a.skip.split(",")))
    wisp = build / "tools" / "wisp"
    if not wisp.exists():
        sys.exit(f"bench: {wisp} missing: build wisp first (ninja -C {build})")

    names = sorted(p.stem for p in GUESTS.glob("*.c"))
    if a.only:
        want = a.only.split(",")
        bad = [w for w in want if w not in names]
        if bad:
            sys.exit(f"bench: no guest {', '.join(bad)} (have: {', '.join(names)})")
        names = [n for n in names if n in want]
    gdir = build_guests(out, names)
    exe = build_arena_stats(build, out) if not {"memory", "load"} <= skip else None
    info = machine_info()
    n = max(1, a.n)

    md, csvrows, failed = [], [], []
    md.append(f"Machine: {info['cpu']}, {info['cores']} cores (load average {os.getloadavg()[0]:.2f} "
              f"at start); {info['date']}; wisp {info['commit']}. "
              f"Best of {n} wall times (process start to exit, module load included).")

    # 1. host table (--skip host: only the native checksums, e.g. for a quick
    # Cortex-M run)
    if "host" in skip:
        expect = {}
        for g in names:
            r = timed([gdir / f"{g}.native"])
            if r.rc != 0 or r.checksum() is None:
                sys.exit(f"bench: native {g} failed: {r.err or r.out}")
            expect[g] = r.checksum()
    else:
        cols, cells, expect = host_table(names, gdir, wisp, n, skip)
        header = ["guest"] + [f"{c} ms" for c in cols] + ["wisp/wasm3", "wisp/wamr", "wisp/native"]
        rows, r3, rw, rn = [], [], [], []
        for g in names:
            c = cells[g]
            x3 = ratio(c["wisp"], c.get("wasm3")) if "wasm3" in c else None
            xw = ratio(c["wisp"], c.get("wamr")) if "wamr" in c else None
            xn = ratio(c["wisp"], c["native"])
            r3.append(x3), rw.append(xw), rn.append(xn)
            rows.append([g] + [c[k].text() for k in cols] + [fmt_ratio(x3), fmt_ratio(xw), fmt_ratio(xn)])
            for k in cols:
                csvrows.append(("host", g, f"{k}_ms", "" if c[k].best is None or c[k].status else f"{c[k].best * 1000:.3f}"))
                if c[k].status:
                    csvrows.append(("host", g, f"{k}_status", c[k].status))
                if c[k].best_cpu is not None and not c[k].status:
                    csvrows.append(("host", g, f"{k}_cpu_ms", f"{c[k].best_cpu * 1000:.3f}"))
            csvrows.append(("host", g, "checksum", expect[g]))
            if c["wisp"].status:
                failed.append(f"{g}: wisp {c['wisp'].status}: {c['wisp'].detail}")
        g3, gw, gn = geomean(r3), geomean(rw), geomean(rn)
        rows.append(["geomean"] + [""] * len(cols) + [fmt_ratio(g3), fmt_ratio(gw), fmt_ratio(gn)])
        for k, v in (("wisp/wasm3", g3), ("wisp/wamr", gw), ("wisp/native", gn)):
            csvrows.append(("host", "geomean", k, "" if v is None else f"{v:.4f}"))
        notes = []
        for g in names:
            for k in cols:
                if cells[g][k].status:
                    notes.append(f"{g} {k}: {cells[g][k].status} {cells[g][k].detail}")
        title = "Host (x86-64), wall ms"
        print(f"\n{title}\n" + text_table(header, rows))
        for x in notes:
            print("  " + x)
        md.append(f"### {title}\n\n" + md_table(header, rows) +
                  "\n\nwisp: `wisp run`; wasm3 c9b579d; wamr: iwasm 646b5a9 (fast interpreter); "
                  "wabt: Debian `wasm-interp` 1.0.32 (built without WASI: it calls `run` of "
                  "NAME.run.wasm, the same guest built without libc)"
                  + (f" (best of {env_int('BENCH_WABT_N', 1)}, TIMEOUT = over "
                     f"{env_float('BENCH_WABT_TIMEOUT', 20):g} s)" if "wabt" in cols else "")
                  + "; native: gcc -O2. Every run's checksum is checked against native's."
                  + ("\n\n" + "\n".join(f"- {x}" for x in notes) if notes else ""))
        slower = [(g, r) for g, r in zip(names, r3) if r is not None and r > 1]
        if slower:
            print("wisp slower than wasm3: " + ", ".join(f"{g} ({r:.2f}x)" for g, r in slower))

    # 2. Cortex-M
    if "qemu" not in skip:
        cm = cortex_m_table(names, gdir, Path(a.mps2_build).resolve(),
                            Path(a.mps2_notrap_build).resolve(), Path(a.mps2_m0_build).resolve())
        if cm:
            have_wisp = cm["runner"] is not None
            have_notrap = have_wisp and cm["notrap"] is not None
            have_m0 = have_wisp and cm["m0"] is not None
            header = ["guest", "SMALL checksum", "wasm3 M3 instr"]
            if have_wisp:
                header += ["wisp M3 instr", "wisp/wasm3", "wisp arena B", "wisp stack B"]
            if have_notrap:
                header += ["no backtraces instr", "backtraces cost"]
            if have_m0:
                header += ["wisp M0 instr"]
            rows, rs, costs = [], [], []
            for g in names:
                r = cm["rows"][g]
                row = [g, r["expect"], r["wasm3_err"] or f"{r['wasm3']:,}"]
                csvrows.append(("cortex-m3", g, "wasm3_instructions", r["wasm3"] or r["wasm3_err"] or ""))
                if have_wisp:
                    x = r["wisp"] / r["wasm3"] if r["wisp"] and r["wasm3"] else None
                    rs.append(x)
                    st = r["wisp_stats"]
                    row += [r["wisp_err"] or f"{r['wisp']:,}", fmt_ratio(x),
                            f"{st['arena']:,}" if "arena" in st else "-",
                            st.get("stack", "-")]
                    csvrows.append(("cortex-m3", g, "wisp_instructions", r["wisp"] or r["wisp_err"] or ""))
                    for k, v in st.items():
                        csvrows.append(("cortex-m3", g, f"wisp_{k}", v))
                    if r["wisp_err"]:
                        failed.append(f"{g}: Cortex-M wisp runner: {r['wisp_err']}")
                if have_notrap:
                    c = r["wisp"] / r["notrap"] - 1 if r["wisp"] and r["notrap"] else None
                    costs.append(c)
                    row += [r["notrap_err"] or f"{r['notrap']:,}",
                            "-" if c is None else f"{100 * c:+.2f}%"]
                    csvrows.append(("cortex-m3", g, "notrap_instructions", r["notrap"] or r["notrap_err"] or ""))
                    if r["notrap_err"]:
                        failed.append(f"{g}: Cortex-M runner without backtraces: {r['notrap_err']}")
                if have_m0:
                    row.append(r["m0_err"] or f"{r['m0']:,}")
                    csvrows.append(("cortex-m0", g, "wisp_instructions", r["m0"] or r["m0_err"] or ""))
                    if r["m0_err"]:
                        failed.append(f"{g}: Cortex-M0 runner: {r['m0_err']}")
                rows.append(row)
            if have_wisp:
                g_cm = geomean(rs)
                rows.append(["geomean", "", "", "", fmt_ratio(g_cm), "", ""]
                            + (["", ""] if have_notrap else []) + ([""] if have_m0 else []))
                csvrows.append(("cortex-m3", "geomean", "wisp/wasm3", "" if g_cm is None else f"{g_cm:.4f}"))
            title = ("Cortex-M3" + (" and M0" if have_m0 else "") + " (QEMU mps2-an385, -icount), "
                     "guest instructions of `run`, SMALL builds")
            print(f"\n{title}\n" + text_table(header, rows))
            if have_wisp:
                age = datetime.datetime.fromtimestamp(os.path.getmtime(cm["runner"])).strftime("%Y-%m-%d %H:%M")
                hook = (f"wisp: {os.path.relpath(cm['runner'], ROOT)} (built {age}); arena = arena "
                        "high-water + module bytes, stack = deepest C stack (runner's `stats`)")
            else:
                hook = ("wisp column: pending the runner firmware (issue 9: `make mps2` builds "
                        "build-mps2/boards/mps2-an385/wisp-runner.elf)")
            if have_notrap:
                known = [c for c in costs if c is not None]
                hook += (f"; backtraces cost = wisp instructions / those of the same runner built "
                         f"with -Dtrap_info=false ({os.path.relpath(cm['notrap'], ROOT)}) - 1"
                         + (f", at most {100 * max(known):+.2f}%" if known else ""))
            if have_m0:
                hook += (f"; wisp M0 instr: the runner compiled for the Cortex-M0 instruction set "
                         f"(ARMv6-M, {os.path.relpath(cm['m0'], ROOT)}, boards/mps2-an385/m0.ini) on "
                         "the same model: QEMU has no M0 board with the RAM these guests need "
                         "(the microbit has 16 KB), and there is no wasm3 M0 image to compare with")
            print("  " + hook)
            md.append(f"### {title}\n\n" + md_table(header, rows) +
                      f"\n\nwasm3: ../shared/peers/wasm3/wasm3-mps2.elf (-O2). {hook}.")

    # 3. memory
    if "memory" not in skip:
        mem = memory_table(names, gdir, exe)
        header = ["guest", "wasm KB", "load us", "code KB", "load peak KB", "instance KB",
                  "lin. mem KB", "arena KB", "arena peak KB", "C stack B",
                  "SMALL wasm B", "SMALL code KB", "SMALL arena KB", "SMALL peak KB"]
        rows = []
        for g in names:
            r = mem[g]
            f, s = r["full"], r["small"]
            if r["err"] or not f or not s:
                rows.append([g, "ERR"] + [""] * (len(header) - 2))
                failed.append(f"{g}: arena_stats: {r['err']}")
                continue
            if f["result"] != expect[g]:
                failed.append(f"{g}: arena_stats run() result {f['result']} != {expect[g]}")
            rows.append([g, kb(f["bytes"]), f"{f['load_ns'] / 1000:.0f}", kb(f["load_used"]),
                         kb(f["load_peak"]), kb(f["inst_used"] - f["load_used"] - f["memory_bytes"]),
                         kb(f["memory_bytes_end"]), kb(f["run_used"]), kb(f["peak"]),
                         max(f["stack_load"], f["stack_inst"], f["stack_run"]),
                         s["bytes"], kb(s["load_used"]), kb(s["run_used"]), kb(s["peak"])])
            for k, v in f.items():
                csvrows.append(("memory", g, k, v))
            for k, v in s.items():
                csvrows.append(("memory", g, "small_" + k, v))
        st = mem[names[0]]["full"] if mem[names[0]]["full"] else None
        title = "Memory: arena and C stack per guest (host build of the core)"
        print(f"\n{title}\n" + text_table(header, rows))
        expl = ("code = arena used after wisp_module_load (the translated module); load peak = "
                "arena high-water during the load (with its scratch); instance = what "
                "wisp_instance_create adds besides linear memory (instance, value stack and frames "
                "at the default wisp_config, tables, globals); lin. mem = linear memory after `run`; "
                "arena = arena used after `run`; arena peak = high-water of the whole "
                "(the arena an embedder must give); C stack = deepest host (x86-64) C stack of load, "
                "instantiate or `run` (painted-stack high-water, tests/bench/arena_stats.c). "
                "SMALL: the Cortex-M build of the guest, same measures")
        if st:
            expl += (f"; e.g. {names[0]}: load {st['stack_load']} B, instantiate {st['stack_inst']} B, "
                     f"run {st['stack_run']} B")
        print("  " + expl)
        md.append(f"### {title}\n\n" + md_table(header, rows) + "\n\n" + expl + ".")

    # 4. load speed
    if "load" not in skip:
        w = build_large(out)
        d = load_speed(exe, w, max(3, n))
        title = "Load speed (decode + validate + translate)"
        if "err" in d:
            line = f"load of {w.name} failed: {d['err']}"
            failed.append(line)
        else:
            line = (f"{d['bytes'] / 1e6:.2f} MB module ({LARGE_FUNCS} generated functions, "
                    f"tests/bench/gen_large.py): best {d['load_ns'] / 1e6:.1f} ms = "
                    f"{d['mb_s']:.0f} MB/s; translated code {d['load_used'] / 1e6:.2f} MB "
                    f"({d['load_used'] / d['bytes']:.2f}x the module), load peak "
                    f"{d['load_peak'] / 1e6:.2f} MB, C stack {d['stack_load']} B")
            for k in ("bytes", "load_ns", "load_used", "load_peak", "stack_load"):
                csvrows.append(("load", "large.wasm", k, d[k]))
            csvrows.append(("load", "large.wasm", "mb_per_s", f"{d['mb_s']:.1f}"))
        print(f"\n{title}\n  {line}")
        md.append(f"### {title}\n\n{line}.")

    # 5. sizes
    if "size" not in skip:
        sz = size_table(out)
        if sz:
            header = ["core build", ".text", ".rodata", ".data", ".bss",
                      "stack load", "stack instantiate", "stack call", "needs from libc"]
            rows = []
            for (cpu, opt), r in sz.items():
                st = r["stack"]

                def s(k):
                    v, fl = st[k]
                    return f"{v}" + (f" ({', '.join(sorted(fl))})" if fl else "")
                rows.append([f"{cpu} {opt}", f"{r['text']:,}", f"{r['rodata']:,}", r["data"], r["bss"],
                             s("wisp_module_load"), s("wisp_instance_create"), s("wisp_func_call"),
                             ", ".join(r["undefined"]) or "-"])
                if r["undefined"]:
                    csvrows.append(("size", f"{cpu}{opt}", "undefined", " ".join(r["undefined"])))
                for k in ("text", "rodata", "data", "bss"):
                    csvrows.append(("size", f"{cpu}{opt}", k, r[k]))
                for k, (v, fl) in st.items():
                    csvrows.append(("size", f"{cpu}{opt}", f"stack_{k}", v))
            title = "Core size, Thumb (arm-none-eabi-gcc, -nostdlib + libgcc), bytes"
            print(f"\n{title}\n" + text_table(header, rows))
            expl = ("Core sources as core/meson.build lists them, its flags (fuel on), "
                    "-ffunction-sections; all objects linked (whole archive). Stack: static "
                    "worst case from gcc -fcallgraph-info=su over the call graph from that entry "
                    "point (host-function calls and libgcc helpers not counted). needs from libc: "
                    "symbols the -nostdlib link against libgcc could not resolve (measured "
                    "without them)")
            print("  " + expl)
            md.append(f"### {title}\n\n" + md_table(header, rows) + "\n\n" + expl + ".")

    (out / "results.md").write_text("\n\n".join(md) + "\n")
    with open(out / "results.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["section", "row", "column", "value"])
        wr.writerow(["info", "machine", "cpu", info["cpu"]])
        wr.writerow(["info", "machine", "date", info["date"]])
        wr.writerow(["info", "machine", "commit", info["commit"]])
        wr.writerow(["info", "machine", "n", n])
        wr.writerows(csvrows)
    show = lambda p: os.path.relpath(p, ROOT) if Path(p).is_relative_to(ROOT) else str(p)
    print(f"\nwrote {show(out / 'results.md')} and {show(out / 'results.csv')}")
    if failed:
        print("\nFAILED:\n" + "\n".join("  " + x for x in failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

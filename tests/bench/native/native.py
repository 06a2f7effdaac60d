#!/usr/bin/env python3
"""The native ceiling of the WASM-4 carts on a Cortex-M0 (README.md).

Each cart is compiled ahead of time: wasm2c (wabt) to C, arm-none-eabi-gcc
-O2 -mcpu=cortex-m0 -mthumb to Thumb-1, linked with the harness
(w4native.c: the frame loop, the API on wisp's console drawing and text
code), a minimal runtime (rt.c: explicit bounds checks) and picolibc, and
run on QEMU mps2-an385 under -icount shift=0, where SysTick counts
instructions (40 a tick) as wisp-w4 counts them. Every frame's hash is
compared with ../shared/carts/ref/NAME.txt; the table gives the median and
largest instructions a frame, and the summary how many carts are within
2,200,000 (60 fps on a 133 MHz RP2040).

    python3 tests/bench/native/native.py [--carts a,b,c] [--frames 60]
        [--jobs 1] [--timeout 1800] [--build /tmp/native/build]
        [--out /tmp/native/results.md] [--wisp carts.md] [--extra-ref DIR]
        [--fixed-memory | --unchecked | --wabt-memcpy] [--profile]

--wisp takes a table written by tests/bench/carts.py (carts.md) and adds
its "wisp M0 median" column. --extra-ref DIR: ref files (same format) for
carts that have none in ../shared/carts/ref, e.g. made with wisp; a cart
checked against one is marked so. Python 3 stdlib only; nothing is
downloaded.
"""
import argparse
import bisect
import concurrent.futures
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

FRAME_BUDGET = 2_200_000  # instructions: 133 MHz / 60 at one instruction a cycle
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# The WASM-4 API: name -> (i32 parameters, has an i32 result)
API = {
    "blit": (6, False), "blitSub": (9, False), "line": (4, False), "hline": (3, False),
    "vline": (3, False), "oval": (4, False), "rect": (4, False), "text": (3, False),
    "textUtf8": (4, False), "textUtf16": (4, False), "tone": (4, False),
    "diskr": (2, True), "diskw": (2, True), "trace": (1, False), "traceUtf8": (2, False),
    "traceUtf16": (2, False), "tracef": (2, False),
}
ENTRIES = {"start": "start", "update": "update", "_start": "start_",
           "_initialize": "initialize"}

CC = "arm-none-eabi-gcc"
ARCH = ["-mcpu=cortex-m0", "-mthumb"]
# the harness, the runtime and wisp's console code: path, relative to ROOT
COMMON_SRC = ["tests/bench/native/w4native.c", "tests/bench/native/rt.c",
              "console/w4_draw.c", "console/w4_text.c", "console/w4_font.c",
              "boards/common/icount.c", "boards/common/mps2/hostfile.c"]
INCLUDES = ["tests/bench/native", "console", "core/include", "boards/common",
            "boards/common/mps2"]


class BuildError(Exception):
    pass


def cflags(a):
    """The compiler's flags for every C file: the harness's directory first,
    so that "wasm-rt.h" is its wrapper of wabt's header (wasm-rt.h there)."""
    f = [a.opt, *ARCH, "-ffunction-sections", "-fdata-sections", "--specs=picolibc.specs",
         f'-DWASM_RT_H="{a.wasm_rt_h}"']
    if a.wabt_memcpy:
        f.append("-DW4N_WABT_MEMCPY")
    if a.profile:
        f.append("-DW4N_PROFILE")
    if a.fixed_memory:
        f.append("-DW4N_FIXED_MEMORY")
    if a.unchecked:
        # no bounds checks (wasm-rt.h's signal-handler mode, with no handler:
        # an access out of bounds is not caught) and no call-depth counting
        f += ["-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=1", "-DWASM_RT_SKIP_SIGNAL_RECOVERY=1",
              "-DW4N_UNCHECKED"]
    return f + [x for d in INCLUDES for x in ("-I", os.path.join(ROOT, d))]


def run(cmd, what, timeout=3600, cwd=None):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                           errors="replace")
    except subprocess.TimeoutExpired:
        raise BuildError(f"{what} took more than {timeout} s")
    if r.returncode != 0:
        msg = (r.stderr or r.stdout).strip().splitlines()
        first = next((l for l in msg if "error" in l.lower()), msg[0] if msg else "")
        raise BuildError(f"{what}: {first.strip()[:200]}")
    return r


def newer(out, *ins):
    """out exists and is newer than every input."""
    if not os.path.exists(out):
        return False
    t = os.path.getmtime(out)
    return all(os.path.getmtime(i) <= t for i in ins)


def flags_file(a, d):
    """d/flags.txt, rewritten (so newer than what was built before) when
    the flags differ from the last build's."""
    f = os.path.join(d, "flags.txt")
    text = " ".join(cflags(a)) + "\n"
    if not os.path.exists(f) or open(f).read() != text:
        open(f, "w").write(text)
    return f


def setup(a):
    """The objects every cart shares."""
    objs = []
    srcs = COMMON_SRC
    if a.profile:  # SysTick samples the PC instead of counting
        srcs = [x if x != "boards/common/icount.c" else "tests/bench/native/prof.c"
                for x in srcs]
    odir = os.path.join(a.build, "common")
    os.makedirs(odir, exist_ok=True)
    headers = [os.path.join(HERE, "w4native.h"), os.path.join(HERE, "wasm-rt.h"),
               a.wasm_rt_h, flags_file(a, odir)]
    for src in srcs:
        s = os.path.join(ROOT, src)
        o = os.path.join(odir, os.path.basename(src)[:-2] + ".o")
        if not newer(o, s, *headers):
            run([CC, *cflags(a), "-Wall", "-c", s, "-o", o], f"compiling {src}")
        objs.append(o)
    return objs


PROTO = re.compile(r"^(\w+) (\w+)\(([^)]*)\);$")


def parse_header(h):
    """wasm2c's cart.h: the imports [(module, name, result, symbol, [params])]
    and exports {name: (result, symbol, [params])}."""
    imports, exports = [], {}
    lines = open(h).read().splitlines()
    for i, l in enumerate(lines[:-1]):
        m = re.match(r"^/\* (import|export): (.*) \*/$", l)
        if not m:
            continue
        p = PROTO.match(lines[i + 1])
        if not p:
            continue  # the memory's field in the instance struct
        result, sym, params = p.groups()
        params = [x.strip() for x in params.split(",")][1:]  # after the instance
        names = re.findall(r"'((?:[^'\\]|\\.)*)'", m.group(2))
        if m.group(1) == "import":
            imports.append((names[0], names[1], result, sym, params))
        else:
            exports[names[0]] = (result, sym, params)
    return imports, exports


def glue(imports, exports):
    """glue.c: the cart's env imports (as it declared them) on the harness's
    API, and its entry points."""
    out = ['/* generated by native.py */', '#include "cart.h"', '#include "w4native.h"', '',
           'static Z_cart_instance_t instance;', '',
           'wasm_rt_memory_t *Z_envZ_memory(struct Z_env_instance_t *env)',
           '{', '    (void)env;', '    return &w4n_memory;', '}', '']
    for module, name, result, sym, params in imports:
        if module != "env" or name not in API:
            raise BuildError(f"the cart imports {module}.{name}, which WASM-4 does not have")
        if any(p != "u32" for p in params) or result not in ("void", "u32"):
            raise BuildError(f"env.{name} declared with non-i32 types")
        np, has_result = API[name]
        decl = ", ".join(["struct Z_env_instance_t *env"] +
                         [f"u32 a{i}" for i in range(len(params))])
        args = ", ".join(f"a{i}" if i < len(params) else "0" for i in range(np))
        call = f"w4n_{name}({args})"
        out += [f"{result} {sym}({decl})", "{", "    (void)env;"]
        if result == "u32":
            out.append(f"    return {call};" if has_result else f"    {call};\n    return 0;")
        else:
            out.append(f"    {call};")
        out += ["}", ""]
    fields = []
    for export, field in ENTRIES.items():
        if export not in exports:
            fields.append(f"    .{field} = 0,")
            continue
        result, sym, params = exports[export]
        if params:
            raise BuildError(f"export {export} takes parameters")
        out += [f"static void call_{field}(void)", "{",
                f"    {'(void)' if result != 'void' else ''}{sym}(&instance);", "}", ""]
        fields.append(f"    .{field} = call_{field},")
    out += ["static void instantiate(void)", "{", "    Z_cart_init_module();",
            "    Z_cart_instantiate(&instance, 0);", "}", "",
            "const w4n_cart w4n_cart_fns = {", "    .instantiate = instantiate,", *fields,
            "};", ""]
    return "\n".join(out)


FIXED = """#include "cart.h"
/* native.py --fixed-memory: env.memory is the harness's one page
 * (WASM-4's: min = max = 1), its base and size constants */
extern uint8_t w4n_ram[65536];
static const wasm_rt_memory_t w4n_fixed = {w4n_ram, 1, 1, 65536};
#define W4N_MEM ((wasm_rt_memory_t *)&w4n_fixed)
"""


def fix_memory(c):
    """The generated code with the cart's memory as a constant object
    instead of the instance's pointer: the same checks (address + offset +
    size against 65,536) and the same traps, with gcc folding the size and
    the base into the code. Only for a module that imports env.memory."""
    text = open(c).read()
    if '#include "cart.h"\n' not in text or "instance->Z_envZ_memory" not in text:
        raise BuildError("--fixed-memory: not the code it expects from wasm2c")
    text = text.replace('#include "cart.h"\n', FIXED, 1)
    text = re.sub(r"instance->Z_envZ_memory(?!\s*=)", "W4N_MEM", text)
    open(c, "w").write(text)


def build(a, name, objs):
    """The cart's ELF: wasm2c, glue, gcc."""
    cart = os.path.join(a.cart_dir, name + ".wasm")
    d = os.path.join(a.build, name)
    os.makedirs(d, exist_ok=True)
    c, h = os.path.join(d, "cart.c"), os.path.join(d, "cart.h")
    ff = flags_file(a, d)
    if not newer(c, cart, a.wasm2c_bin, ff):
        run([a.wasm2c, "-n", "cart", cart, "-o", c], "wasm2c")
        if a.fixed_memory:
            fix_memory(c)
    g = os.path.join(d, "glue.c")
    text = glue(*parse_header(h))
    if not os.path.exists(g) or open(g).read() != text:
        open(g, "w").write(text)
    flags = cflags(a)
    deps = [h, os.path.join(HERE, "wasm-rt.h"), os.path.join(HERE, "w4native.h"),
            a.wasm_rt_h, ff]
    o_cart, o_glue = os.path.join(d, "cart.o"), os.path.join(d, "glue.o")
    if not newer(o_cart, c, *deps):
        run([CC, *flags, "-w", "-c", c, "-o", o_cart], "gcc (cart.c)", timeout=a.build_timeout)
    if not newer(o_glue, g, *deps):
        run([CC, *flags, "-Wall", "-c", g, "-o", o_glue], "gcc (glue.c)")
    elf = os.path.join(d, "native.elf")
    ld = os.path.join(HERE, "native.ld")
    if not newer(elf, o_cart, o_glue, ld, *objs):
        run([CC, *ARCH, "--specs=picolibc.specs", "--oslib=semihost", "--crt0=semihost",
             "-T", ld, "-Wl,--gc-sections", "-Wl,-Map=" + os.path.join(d, "native.map"),
             o_cart, o_glue, *objs, "-lm", "-o", elf], "link")
    return elf


def qemu(a, elf, out_path):
    """Runs the ELF; its output (into out_path) and whether it timed out."""
    tape = os.path.join(a.cart_dir, "tape.bin")
    cmd = ["qemu-system-arm", "-M", "mps2-an385", "-nographic", "-monitor", "none",
           "-icount", "shift=0", "-semihosting-config",
           f"enable=on,target=native,arg={a.frames},arg={tape}",
           "-kernel", elf]
    with open(out_path, "w") as f:
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            p.wait(timeout=a.timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            timed_out = True
    return open(out_path, errors="replace").read(), timed_out


def frames_and_traces(text):
    """[(hash, count or None)], and the trace lines before each frame line."""
    frames, traces, cur = [], [], []
    for l in text.splitlines():
        m = re.match(r"^frame (\d+) ([0-9a-f]{8})(?: (\d+))?$", l)
        if m:
            frames.append((m.group(2), int(m.group(3)) if m.group(3) else None))
            traces.append(cur)
            cur = []
        elif not re.match(r"^(load \d+|tones \d+|trap: .*)$", l):
            cur.append(l)
    return frames, traces


def one(a, name, objs):
    row = {"name": name, "counts": [], "status": None, "ok": False}
    t0 = time.monotonic()
    try:
        elf = build(a, name, objs)
    except BuildError as e:
        row["status"] = f"build failed: {e}"
        return row
    row["build_s"] = time.monotonic() - t0
    t0 = time.monotonic()
    out_path = os.path.join(a.build, name, "run.txt")
    text, timed_out = qemu(a, elf, out_path)
    row["run_s"] = time.monotonic() - t0
    frames, traces = frames_and_traces(text)
    row["counts"] = [n for _, n in frames]
    trap = re.search(r"^trap: (.*)$", text, re.M)
    ref_path = os.path.join(a.cart_dir, "ref", name + ".txt")
    via = ""
    if not os.path.exists(ref_path) and a.extra_ref:
        ref_path = os.path.join(a.extra_ref, name + ".txt")
        via = " (vs wisp)"
    ref, ref_traces = [], []
    if os.path.exists(ref_path):
        rf, ref_traces = frames_and_traces(open(ref_path, errors="replace").read())
        ref = [h for h, _ in rf][:a.frames]
    hashes = [h for h, _ in frames]
    bad = next((i for i, (x, y) in enumerate(zip(hashes, ref)) if x != y), None)
    if bad is not None:
        row["status"] = f"differs at frame {bad}"
    elif timed_out:
        row["status"] = f"timeout ({a.timeout} s) after {len(frames)} frames"
    elif trap and len(frames) < len(ref):
        row["status"] = f"trapped: {trap.group(1)}"
    elif trap and ref and len(ref) < a.frames and len(frames) == len(ref):
        row["status"] = f"ok{via} (traps in frame {len(frames)} as the reference: " \
                        f"{trap.group(1)})"
        row["ok"] = True
    elif trap:
        row["status"] = f"trapped: {trap.group(1)}"
    elif len(frames) < a.frames:
        row["status"] = f"stopped after {len(frames)} frames"
    elif not ref:
        row["status"] = "no reference to compare"
        row["unchecked"] = True
    else:
        row["status"] = "ok" + via
        row["ok"] = True
    if a.profile:
        row["profile"] = profile(elf, text)
    if row["ok"]:
        n = min(len(traces), len(ref_traces))
        tb = next((i for i in range(n) if traces[i] != ref_traces[i]), None)
        if tb is not None:
            row["status"] += f"; trace lines differ at frame {tb}"
    return row


CATEGORIES = ["cart", "soft float", "int helpers", "libm", "console", "mem*", "other"]


def category(obj):
    """Where code from the object obj (as the link map names it) belongs."""
    base = os.path.basename(obj)
    if base == "cart.o":
        return "cart"  # wasm2c's code
    if base in ("glue.o", "w4native.o", "w4_draw.o", "w4_text.o", "w4_font.o"):
        return "console"  # wisp's drawing and text, the API and the glue
    m = re.match(r"^lib(\w+)\.a\((.*)\)$", base)
    if not m:
        return "other"
    lib, member = m.groups()
    if lib == "gcc":
        if re.search(r"[sdt]f\d?\.o$|float|fix|unord|ieee754|_arm_.*[sd]f", member):
            return "soft float"
        return "int helpers"  # division, 64-bit multiply and shifts, clz
    if re.search(r"mem(cpy|set|move)", member):
        return "mem*"
    if lib == "m" or "libm_" in member:
        return "libm"
    return "other"


def profile(elf, text):
    """The profile's samples: {(function, category): samples}, the
    function from the ELF's symbols, its category from the object the link
    map says its code came from."""
    syms = []
    nm = subprocess.run(["arm-none-eabi-nm", "-n", "--defined-only", elf], capture_output=True,
                        text=True).stdout
    for l in nm.splitlines():
        parts = l.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16) & ~1, parts[2]))
    syms.sort()
    starts = [x for x, _ in syms]
    mapped = open(os.path.join(os.path.dirname(elf), "native.map"), errors="replace").read()
    ranges = sorted((int(a, 16), int(a, 16) + int(n, 16), obj) for a, n, obj in re.findall(
        r"^ \.text\S*\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)$", mapped, re.M) if int(n, 16))
    rstarts = [r[0] for r in ranges]
    out = {}
    for m in re.finditer(r"^prof ([0-9a-f]{8}) (\d+)$", text, re.M):
        addr, n = int(m.group(1), 16), int(m.group(2))
        i = bisect.bisect_right(starts, addr) - 1
        fn = syms[i][1] if i >= 0 and addr != 0xffffffff else "?"
        j = bisect.bisect_right(rstarts, addr) - 1
        cat = category(ranges[j][2]) if j >= 0 and addr < ranges[j][1] else "other"
        out[(fn, cat)] = out.get((fn, cat), 0) + n
    return out


def profile_table(rows):
    lines = ["", "Where the native instructions go (samples of the PC every 24,000-56,000 "
             "instructions, all frames):", "",
             "| cart | samples | " + " | ".join(CATEGORIES) + " | top functions |",
             "| --- | ---: | " + " | ".join("---:" for _ in CATEGORIES) + " | --- |"]
    for r in rows:
        p = r.get("profile")
        if not p:
            continue
        total = sum(p.values())
        cat = {c: 0 for c in CATEGORIES}
        for (fn, c), n in p.items():
            cat[c] += n
        top = sorted(p.items(), key=lambda x: -x[1])[:4]
        lines.append(f"| {r['name']} | {total:,} | " +
                     " | ".join(f"{100 * cat[c] / total:.0f}%" for c in CATEGORIES) + " | " +
                     ", ".join(f"{fn} {100 * n / total:.0f}%" for (fn, _), n in top) + " |")
    return lines


def wisp_medians(path):
    """cart -> wisp M0 median, from a carts.md table."""
    med, col = {}, None
    for l in open(path):
        cells = [c.strip() for c in l.strip().strip("|").split("|")]
        if "wisp M0 median" in cells:
            col = cells.index("wisp M0 median")
        elif col is not None and len(cells) > col and re.match(r"^[\d,]+$", cells[col]):
            med[cells[0]] = int(cells[col].replace(",", ""))
    return med


def fmt(v):
    return "-" if v is None else f"{v:,.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--carts", default="", help="comma-separated cart names (default: all)")
    ap.add_argument("--cart-dir", default=os.path.join(ROOT, "..", "shared", "carts"))
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=1800, help="QEMU seconds a cart")
    ap.add_argument("--build-timeout", type=int, default=3600, help="gcc seconds a cart")
    ap.add_argument("--build", default="", help="default /tmp/native/build[-VARIANT]")
    ap.add_argument("--out", default="", help="also write the table here")
    ap.add_argument("--opt", default="-O2")
    ap.add_argument("--wisp", default="", help="carts.md with wisp's M0 medians")
    ap.add_argument("--extra-ref", default="", help="ref files for carts without one")
    ap.add_argument("--wasm2c", default="wasm2c")
    ap.add_argument("--wabt-memcpy", action="store_true",
                    help="loads and stores with wasm-rt.h's own memcpy (a call on the M0)")
    ap.add_argument("--unchecked", action="store_true",
                    help="no bounds checks and no call-depth counting (unsafe)")
    ap.add_argument("--fixed-memory", action="store_true",
                    help="the memory's base and size as constants (still checked)")
    ap.add_argument("--profile", action="store_true",
                    help="sample the PC (prof.c) and tell where the instructions go; "
                         "the counts are then approximate")
    ap.add_argument("--wasm-rt-h", dest="wasm_rt_h", default="/usr/include/wasm-rt.h")
    a = ap.parse_args()
    a.cart_dir = os.path.normpath(a.cart_dir)
    if not a.build:
        a.build = "/tmp/native/build" + "".join(
            f"-{v}" for v, on in (("unchecked", a.unchecked), ("memcpy", a.wabt_memcpy),
                                  ("fixed", a.fixed_memory), ("profile", a.profile)) if on)
    if not os.path.isdir(a.cart_dir):
        print(f"skipped: no carts at {a.cart_dir}")
        return 77
    for tool in (a.wasm2c, CC, "qemu-system-arm"):
        if not shutil.which(tool):
            print(f"native.py: {tool} not found (Debian: wabt, gcc-arm-none-eabi, "
                  f"picolibc-arm-none-eabi, qemu-system-arm)")
            return 2
    a.wasm2c_bin = shutil.which(a.wasm2c)
    version = subprocess.run([a.wasm2c, "--version"], capture_output=True,
                             text=True).stdout.strip()
    gcc_version = subprocess.run([CC, "-dumpversion"], capture_output=True,
                                 text=True).stdout.strip()
    names = sorted(f[:-5] for f in os.listdir(a.cart_dir) if f.endswith(".wasm"))
    if a.carts:
        want = a.carts.split(",")
        missing = [n for n in want if n not in names]
        if missing:
            print(f"native.py: no such carts: {', '.join(missing)}")
            return 2
        names = [n for n in names if n in want]
    wisp = wisp_medians(a.wisp) if a.wisp else {}
    try:
        objs = setup(a)
    except BuildError as e:
        print(f"native.py: {e}")
        return 2
    t0 = time.monotonic()
    rows = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = {ex.submit(one, a, n, objs): n for n in names}
        for f in concurrent.futures.as_completed(futs):
            r = f.result()
            m = statistics.median(r["counts"]) if r["counts"] else None
            print(f"{r['name']}: median {fmt(m)}, {len(r['counts'])} frames, {r['status']}",
                  file=sys.stderr, flush=True)
            rows.append(r)
    rows.sort(key=lambda r: r["name"])
    secs = time.monotonic() - t0

    variant = ("NO bounds checks, no call-depth counting" if a.unchecked else
               "explicit bounds checks, call-depth counting")
    if a.fixed_memory:
        variant += ", the memory's base and size constants"
    variant += (", loads and stores by memcpy calls (wasm-rt.h as is)" if a.wabt_memcpy else
                ", loads and stores inline (aligned: one instruction)")
    if a.profile:
        variant += "; PROFILE build: the counts include the sampling and are approximate"
    head = ["| cart | native M0 median | max | frames |" + (" wisp M0 median | wisp/native |"
                                                           if wisp else "") + " hashes |",
            "| --- | ---: | ---: | ---: |" + (" ---: | ---: |" if wisp else "") + " --- |"]
    lines = [f"Native ceiling: each cart through wasm2c ({version}) and arm-none-eabi-gcc "
             f"{gcc_version} {a.opt} -mcpu=cortex-m0 -mthumb ({variant}), "
             f"on QEMU mps2-an385 with -icount shift=0; {a.frames} "
             f"frames a cart with ../shared/carts/tape.bin; "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {secs:.0f} s.", ""] + head
    fit, over, notok = [], [], []
    for r in rows:
        c = r["counts"]
        m = statistics.median(c) if c else None
        wm = wisp.get(r["name"])
        extra = ""
        if wisp:
            ratio = f"{wm / m:.1f}" if wm and m else "-"
            extra = f" {fmt(wm)} | {ratio} |"
        lines.append(f"| {r['name']} | {fmt(m)} | {fmt(max(c) if c else None)} | {len(c)} |"
                     f"{extra} {r['status']} |")
        if not r["ok"]:
            notok.append(r)
        elif m <= FRAME_BUDGET:
            fit.append(r)
        else:
            over.append((r["name"], m))
    summary = ["",
               f"- **natively within {FRAME_BUDGET:,} Cortex-M0 instructions a frame "
               f"(median; 60 fps on a 133 MHz RP2040): {len(fit)} of {len(rows)}**",
               f"- over it ({len(over)}, median): " +
               (", ".join(f"{n} {fmt(v)}" for n, v in sorted(over, key=lambda x: -x[1]))
                or "none")]
    every = sum(1 for r in fit if max(r["counts"]) <= FRAME_BUDGET)
    summary.append(f"- of those, with every frame within it (the largest too): {every}")
    if notok:
        summary.append(f"- not counted ({len(notok)}): " +
                       "; ".join(f"{r['name']}: {r['status']}" for r in notok))
    if wisp:
        wfit = sum(1 for r in rows if wisp.get(r["name"]) is not None
                   and wisp[r["name"]] <= FRAME_BUDGET)
        summary.append(f"- wisp's M0 build (from {a.wisp}): {wfit} of {len(rows)} within")
        ratios = [wisp[r["name"]] / statistics.median(r["counts"]) for r in rows
                  if r["counts"] and wisp.get(r["name"]) and statistics.median(r["counts"])]
        if ratios:
            geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
            summary.append(f"- wisp M0 median / native median: geometric mean {geo:.2f} over "
                           f"{len(ratios)} carts (median {statistics.median(ratios):.2f})")
    if a.profile:
        summary += profile_table(rows)
    text = "\n".join(lines + summary) + "\n"
    print(text)
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        open(a.out, "w").write(text)
    # not an error: a cart without a reference (it is only not counted)
    return 0 if all(r["ok"] or r.get("unchecked") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Coredump tests: run a guest until it traps (cd_dump), then check the dump.

  check.py CASE --driver cd_dump --traps traps.wasm --big big.wasm
           --wat2wasm W --objdump O --validate V --outdir DIR

Each dump must (a) be read by `wasm-objdump -x` and `wasm-validate` without a
complaint, showing its custom sections and names; (b) decode, with the small
parser below, to the frames, locals, globals, memory and names the guest
implies: function indices and names from the module's own name section, code
offsets from `wasm-objdump -d` of the module (body start = first byte after
the body-size LEB), values written out in traps.wat; and agree with the
core's backtrace API entry for entry; (c) have gone through the sink in
pieces no larger than the writer's stated buffer (memory aside, which goes
straight from guest memory), with the C stack depth reported. The `big` case
is 16 MiB of memory through the same sink."""
import argparse
import os
import pathlib
import re
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
import wasmbin  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


# ---- a small Wasm / coredump reader -------------------------------------------


class Reader:
    def __init__(self, data, pos=0, end=None):
        self.b, self.p, self.end = data, pos, len(data) if end is None else end

    def done(self):
        return self.p == self.end

    def u8(self):
        assert self.p < self.end, "read past end"
        self.p += 1
        return self.b[self.p - 1]

    def take(self, n):
        assert self.p + n <= self.end, "read past end"
        self.p += n
        return bytes(self.b[self.p - n:self.p])

    def leb(self, read):
        try:
            v, p = read(self.b, self.p)
        except IndexError:  # ran off the data: past this reader's end too?
            if self.end <= len(self.b):
                raise AssertionError("read past end") from None
            raise
        assert p <= self.end, "read past end"
        self.p = p
        return v

    def uleb(self):
        return self.leb(wasmbin.read_uleb)

    def sleb(self):
        return self.leb(wasmbin.read_sleb)

    def name(self):
        return self.take(self.uleb()).decode("utf-8")

    def vec(self, item):
        return [item() for _ in range(self.uleb())]


def sections(data):
    assert data[:8] == b"\0asm\1\0\0\0", "bad header"
    r, out = Reader(data, 8), []
    while not r.done():
        sid = r.u8()
        size = r.uleb()
        start = r.p
        sub = Reader(data, start, start + size)
        r.p += size
        cname = sub.name() if sid == 0 else None
        out.append((sid, cname, sub))
    return out


def value(r, gdb):
    t = r.u8()
    if t == 0x01:
        return ("unknown", None)
    if t == 0x7F:
        return ("i32", (struct.unpack("<i", r.take(4))[0] if gdb else r.sleb()) & 0xFFFFFFFF)
    if t == 0x7E:
        return ("i64", (struct.unpack("<q", r.take(8))[0] if gdb else r.sleb()) & (2**64 - 1))
    if t == 0x7D:
        return ("f32", struct.unpack("<I", r.take(4))[0])
    if t == 0x7C:
        return ("f64", struct.unpack("<Q", r.take(8))[0])
    raise AssertionError(f"bad value tag {t:#x}")


def const_expr(r):
    op = r.u8()
    if op == 0x41:
        v = ("i32", r.sleb() & 0xFFFFFFFF)
    elif op == 0x42:
        v = ("i64", r.sleb() & (2**64 - 1))
    elif op == 0x43:
        v = ("f32", struct.unpack("<I", r.take(4))[0])
    elif op == 0x44:
        v = ("f64", struct.unpack("<Q", r.take(8))[0])
    elif op == 0xD0:
        v = ("null", r.u8())
    else:
        raise AssertionError(f"unexpected const op {op:#x}")
    assert r.u8() == 0x0B
    return v


def namemap(r):
    return dict(r.vec(lambda: (r.uleb(), r.name())))


def parse_names(r):
    names = {}
    last = -1
    while not r.done():
        sid = r.u8()
        size = r.uleb()
        sub = Reader(r.b, r.p, r.p + size)
        r.p += size
        assert sid > last, "name subsections out of order"
        last = sid
        if sid == 0:
            names["module"] = sub.name()
        elif sid in (1, 7):
            entries = sub.vec(lambda: (sub.uleb(), sub.name()))
            idx = [i for i, _ in entries]
            assert idx == sorted(set(idx)), "names not sorted and unique"
            names["funcs" if sid == 1 else "globals"] = dict(entries)
        elif sid == 2:
            names["locals"] = dict(sub.vec(lambda: (sub.uleb(), namemap(sub))))
        else:
            continue
        assert sub.done(), f"name subsection {sid} has trailing bytes"
    return names


def parse_module(data, gdb=False):
    """Everything the tests look at, from a module or a coredump."""
    m = {"custom": [], "types": [], "funcs": [], "imports": 0, "memories": [], "globals": [],
         "bodies": [], "data": [], "names": {}, "code_payload": None, "func_exports": {}}
    for sid, cname, r in sections(data):
        if sid == 0:
            m["custom"].append(cname)
            if cname == "core":
                assert r.u8() == 0
                m["core"] = r.name()
            elif cname == "coremodules":
                m["coremodules"] = r.vec(lambda: (r.u8(), r.name())[1])
            elif cname == "coreinstances":
                def inst():
                    assert r.u8() == 0
                    return (r.uleb(), r.vec(r.uleb), r.vec(r.uleb))
                m["coreinstances"] = r.vec(inst)
            elif cname == "corestack":
                assert r.u8() == 0
                thread = r.name()

                def frame():
                    assert r.u8() == 0
                    f = {"inst": r.uleb(), "func": r.uleb(), "off": r.uleb()}
                    if gdb:
                        nl, ns = r.uleb(), r.uleb()
                        f["locals"] = [value(r, True) for _ in range(nl)]
                        f["nstack"] = ns
                        f["stack"] = []
                    else:
                        f["locals"] = r.vec(lambda: value(r, False))
                        f["stack"] = r.vec(lambda: value(r, False))
                    return f
                m["corestack"] = (thread, r.vec(frame))
            elif cname == "name":
                m["names"] = parse_names(r)
            elif cname == "wisp.trap":  # 0x00 message, then records id size payload
                assert r.u8() == 0
                m["trap"] = r.name()
                m["trap_records"] = {}
                while not r.done():
                    rid, size = r.u8(), r.uleb()
                    rec = Reader(r.b, r.p, r.p + size)
                    r.p += size
                    if rid == 1:  # kind memory address length memory-size
                        m["trap_records"][1] = (rec.u8(), rec.uleb(), rec.uleb(), rec.uleb(),
                                                rec.uleb())
                        assert rec.done(), "access record has trailing bytes"
            elif cname == "wisp.modules":  # vec(0x00 code-length crc32:4 bytes LE)
                def ident():
                    assert r.u8() == 0
                    return (r.uleb(), struct.unpack("<I", r.take(4))[0])
                m["wisp_modules"] = r.vec(ident)
            else:
                continue
            assert r.done(), f"custom section {cname} has trailing bytes"
            continue
        if sid == 1:
            def functype():
                assert r.u8() == 0x60
                return (bytes(r.vec(r.u8)), bytes(r.vec(r.u8)))
            m["types"] = r.vec(functype)
        elif sid == 2:
            def imp():
                r.name(), r.name()
                kind = r.u8()
                if kind == 0:
                    r.uleb()
                    m["imports"] += 1
                elif kind == 1:
                    r.u8(), limits(r)
                elif kind == 2:
                    limits(r)
                else:
                    r.u8(), r.u8()
            r.vec(imp)
        elif sid == 3:
            m["funcs"] = r.vec(r.uleb)
        elif sid == 7:
            def export():
                name, kind, index = r.name(), r.u8(), r.uleb()
                if kind == 0:
                    m["func_exports"].setdefault(index, name)
            r.vec(export)
        elif sid == 5:
            m["memories"] = r.vec(lambda: limits(r))
        elif sid == 6:
            m["globals"] = r.vec(lambda: (r.u8(), r.u8(), const_expr(r)))
        elif sid == 10:
            m["code_payload"] = r.p
            m["code_bytes"] = bytes(r.b[r.p:r.end])

            def body():
                size = r.uleb()
                b = Reader(r.b, r.p, r.p + size)
                r.p += size
                decls = b.vec(lambda: (b.uleb(), b.u8()))
                return ([t for n, t in decls for _ in range(n)], b.take(b.end - b.p))
            m["bodies"] = r.vec(body)
        elif sid == 11:
            def seg():
                flag = r.u8()
                mem = r.uleb() if flag == 2 else 0
                assert flag in (0, 2), "passive data segment in a dump"
                off = const_expr(r)
                assert off[0] == "i32"
                return (mem, off[1], r.take(r.uleb()))
            m["data"] = r.vec(seg)
        else:
            continue
        assert r.done(), f"section {sid} has trailing bytes"
    return m


def limits(r):
    """(min, max), or (min, max, page size log2) with custom page sizes."""
    flags = r.u8()
    mn = r.uleb()
    mx = r.uleb() if flags & 1 else None
    return (mn, mx, r.uleb()) if flags & 8 else (mn, mx)


# ---- wabt ------------------------------------------------------------------------


def disassembly(objdump, wasm):
    """func index -> (name, body start, [(offset, text)]) from wasm-objdump -d."""
    out = subprocess.run([objdump, "-d", wasm], check=True, capture_output=True, text=True).stdout
    funcs, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) func\[(\d+)\] <(.*)>:$", line)
        if m:
            cur = int(m.group(2))
            funcs[cur] = (m.group(3), int(m.group(1), 16), [])
            continue
        m = re.match(r"^ ([0-9a-f]+): [0-9a-f ]+\|\s*(\S.*)$", line)
        if m and cur is not None:
            funcs[cur][2].append((int(m.group(1), 16), m.group(2)))
    return funcs


def code_offset(dis, func, pattern):
    """Offset of the first instruction of `func` matching `pattern`, from the body start."""
    name, start, instrs = dis[func]
    hits = [off for off, text in instrs if re.match(pattern, text)]
    assert hits, f"no {pattern!r} in {name}"
    return hits[0] - start


def run_driver(args, wasm, export, out, *extra):
    p = subprocess.run([args.driver, wasm, export, out, *extra], capture_output=True, text=True)
    if p.returncode:
        print(p.stdout, p.stderr)
        raise SystemExit(f"cd_dump failed ({p.returncode})")
    kv, bt, bt_vals = {}, [], {}
    for line in p.stdout.splitlines():
        if line.startswith("bt "):
            f = dict(x.split("=") for x in line.split()[2:])
            bt.append({k: int(v) for k, v in f.items()})
        elif line.startswith(("bt_local ", "bt_stack ")):
            w = line.split()
            key = (w[0][3:], int(w[1]), int(w[2]))
            bt_vals[key] = ("unknown", None) if w[3] == "unknown" else (w[3], int(w[4], 16))
        elif "=" in line:
            k, v = line.split("=", 1)
            kv[k] = v
    return kv, bt, bt_vals


def wabt_reads(args, dump, must_show, features=()):
    p = subprocess.run([args.objdump, "-x", dump], capture_output=True, text=True)
    check(p.returncode == 0, f"wasm-objdump -x failed: {p.stderr}")
    check("warning" not in p.stderr and "error" not in p.stderr,
          f"wasm-objdump complained: {p.stderr.strip()}")
    for s in must_show:
        check(s in p.stdout, f"wasm-objdump -x does not show {s!r}")
    v = subprocess.run([args.validate, *features, dump], capture_output=True, text=True)
    check(v.returncode == 0, f"wasm-validate rejects the dump: {v.stderr.strip()}")
    return p.stdout


# ---- the checks ------------------------------------------------------------------


def memory_image(dump, mem, pages):
    img = bytearray(pages * 65536)
    for m, off, data in dump["data"]:
        if m == mem:
            check(off + len(data) <= len(img), f"data segment at {off} past the memory's end")
            img[off:off + len(data)] = data
    return img


def expect_value(v, t, bits, what):
    check(v == (t, bits), f"{what}: {v} != {(t, bits)}")


def common(args, case, wasm, dump_path, kv, bt, bt_vals, gdb=False, exe=None, thread="main",
           features=(), wabt=True):
    """What every dump must satisfy; returns (module, dump) as parsed."""
    mod = parse_module(pathlib.Path(wasm).read_bytes())
    data = pathlib.Path(dump_path).read_bytes()
    check(len(data) == int(kv["dump_bytes"]), "file size != bytes through the sink")
    dump = parse_module(data, gdb)
    # the writer's own report
    check(kv["result"] == "ok", f"wisp_coredump_write: {kv['result']}")
    check(kv["repeat_identical"] == "1", "a second dump differs")
    check(kv["abort_ok"] == "1", "a sink error did not abort the dump")
    check(kv["bad_args_ok"] == "1", "bad arguments not refused")
    if "mutate_detected" in kv:
        check(kv["mutate_detected"] == "1", "memory changed mid-dump went unnoticed")
    buf = int(kv["buffer"])
    check(buf <= 512, "buffer over 512 bytes")
    check(int(kv["max_write_outside_mem"]) <= buf, "a write larger than the buffer")
    check(int(kv["buf_span"]) <= buf, "writes from outside guest memory span more than the buffer")
    print(f"{case}: {kv['dump_bytes']} bytes in {kv['sink_calls']} sink calls "
          f"({kv['mem_writes']} straight from guest memory), largest buffered write "
          f"{kv['max_write_outside_mem']} of {buf}, stack {kv['stack_bytes']} bytes, "
          f"{kv['dump_ms']} ms")

    # the coredump sections
    modname = mod["names"].get("module")
    check(dump.get("core") == (exe or modname or "wasm"), f"core name {dump.get('core')}")
    check(dump.get("coremodules") == [modname or exe or "wasm"],
          f"coremodules {dump.get('coremodules')}")
    ninst_globals = len(dump["globals"])
    check(dump.get("coreinstances") == [(0, list(range(len(dump["memories"]))),
                                         list(range(ninst_globals)))],
          f"coreinstances {dump.get('coreinstances')}")
    check(dump["custom"].count("corestack") == 1, "one corestack")
    # wisp.modules: the module's code section payload, its length and zlib's CRC-32
    code = mod.get("code_bytes", b"")
    check(dump.get("wisp_modules") == [(len(code), zlib.crc32(code))],
          f"wisp.modules {dump.get('wisp_modules')}, want {[(len(code), zlib.crc32(code))]}")
    if not kv.get("trap", "").startswith("out of bounds memory"):
        check(not dump.get("trap_records"), f"an access record for {kv.get('trap')!r}")
    thread_name, frames = dump["corestack"]
    check(thread_name == thread, f"thread name {thread_name}")

    # frames: the API's Wasm frames, in order, entry for entry
    wasm_bt = [(i, f) for i, f in enumerate(bt) if not f["host"]]
    check(len(frames) == len(wasm_bt), f"{len(frames)} frames, API has {len(wasm_bt)} Wasm frames")
    for (i, b), f in zip(wasm_bt, frames):
        check(f["inst"] == 0, "instance index")
        check(f["func"] == b["func"], f"frame {i}: func {f['func']} != {b['func']}")
        off = b["modoff"] - mod["code_payload"] if gdb and b["modoff"] else b["codeoff"]
        check(f["off"] == off, f"frame {i}: offset {f['off']} != {off}")
        check(f["locals"] == [bt_vals[("local", i, j)] for j in range(b["nlocals"])],
              f"frame {i}: locals {f['locals']}")
        want_stack = [] if gdb else [bt_vals[("stack", i, j)] for j in range(b["nstack"])]
        check(f["stack"] == want_stack, f"frame {i}: stack {f['stack']} != {want_stack}")

    # the skeleton: one function per index up to the largest on the stack; the
    # stack's functions have the module's types and local declarations
    on_stack = sorted({f["func"] for f in frames})
    nfuncs = on_stack[-1] + 1 if on_stack else 0
    check(len(dump["funcs"]) == nfuncs and len(dump["bodies"]) == nfuncs,
          f"skeleton of {len(dump['funcs'])} functions, want {nfuncs}")
    for fi in on_stack:
        def_i = fi - mod["imports"]
        want_type = mod["types"][mod["funcs"][def_i]]
        check(dump["types"][dump["funcs"][fi]] == want_type, f"func {fi}: type in the skeleton")
        check(dump["bodies"][fi][0] == mod["bodies"][def_i][0], f"func {fi}: local declarations")
        check(dump["bodies"][fi][1] == b"\x00\x0b", f"func {fi}: body is unreachable")

    # names: the module's, for the stack's functions and locals, and every global
    names = dump["names"]
    check(names.get("module") == modname, f"module name {names.get('module')}")
    # a function without a name-section entry is named by its export
    fn_names = dict(mod["func_exports"])
    fn_names.update(mod["names"].get("funcs", {}))
    want_fn = {i: n for i, n in fn_names.items() if i in on_stack}
    check(names.get("funcs", {}) == want_fn, f"function names {names.get('funcs')}")
    want_loc = {i: n for i, n in mod["names"].get("locals", {}).items() if i in on_stack and n}
    check(names.get("locals", {}) == want_loc, f"local names {names.get('locals')}")
    check(names.get("globals", {}) == mod["names"].get("globals", {}), "global names")

    shown = ['- name: "core"', '- name: "coremodules"', '- name: "coreinstances"',
             '- name: "corestack"', '- name: "name"']
    shown += [f"func[{i}] <{n}>" for i, n in want_fn.items()]
    shown += [f"func[{i}] local[{j}] <{n}>" for i, ls in want_loc.items() for j, n in ls.items()]
    if wabt:
        wabt_reads(args, dump_path, shown, features)
    return mod, dump


def traps_globals(dump, counter):
    g = dump["globals"]
    check([(t, mut) for t, mut, _ in g] == [(0x7F, 0), (0x7E, 0), (0x7D, 0), (0x7C, 0),
                                            (0x70, 0), (0x6F, 0)], f"global types {g}")
    check([v for _, _, v in g] == [("i32", counter), ("i64", 0xFEDCBA9876543210),
                                   ("f32", 0x3FC00000), ("f64", 0x400921FB54442D18),
                                   ("null", 0x70), ("null", 0x6F)], f"global values {g}")


def named(dis):
    return {name: i for i, (name, _, _) in dis.items()}


def case_traps(args, case):
    gdb = case == "wasmgdb"
    export = {"div3": "div3", "unreach": "unreach", "oob": "oob", "recurse": "recurse",
              "host": "host", "ok": "ok", "options": "unreach", "wasmgdb": "oob",
              "recurse_deep": "recurse"}[case]
    extra, exe, thread = [], None, "main"
    if gdb:
        extra = ["--format", "wasmgdb"]
    if case == "options":
        extra, exe, thread = ["--exe", "game.wasm", "--thread", "ui"], "game.wasm", "ui"
    if case == "recurse":
        extra = ["--depth", "100"]
    dump_path = str(pathlib.Path(args.outdir) / f"{case}.core")
    kv, bt, vals = run_driver(args, args.traps, export, dump_path, *extra)
    mod, dump = common(args, case, args.traps, dump_path, kv, bt, vals, gdb, exe, thread)
    dis = disassembly(args.objdump, args.traps)
    fn = named(dis)
    frames = dump["corestack"][1]
    funcs = [f["func"] for f in frames]
    offs = [f["off"] for f in frames]

    def at(func, pattern):
        off = code_offset(dis, fn[func], pattern)
        if gdb:  # wasmgdb: code-section relative (DWARF)
            off += dis[fn[func]][1] - mod["code_payload"]
        return off

    mem = dump["memories"]
    if case in ("div3", "unreach", "options", "recurse", "recurse_deep", "host", "ok"):
        check(mem == [(1, 4)], f"memory limits {mem}")
        img = memory_image(dump, 0, 1)
        check(img[1024:1038] == b"hello coredump", "data at 1024")
        check(sum(1 for b in img if b) == len(b"hello coredump".replace(b"\0", b"")),
              "nonzero bytes elsewhere")
    if case == "div3":
        check(kv["trap"] == "integer divide by zero", f"trap {kv['trap']}")
        check(funcs == [fn["level3"], fn["level2"], fn["level1"], fn["div3"]], f"frames {funcs}")
        check(offs == [at("level3", r"i32\.div_s"), at("level2", r"call \d+ <level3>"),
                       at("level1", r"call \d+ <level2>"), at("div3", r"call \d+ <level1>")],
              f"offsets {offs}")
        l3, l2, l1, top = (f["locals"] for f in frames)
        check(l3 == [("f32", 0x40200000), ("f64", 0xBFC0000000000000), ("i32", 0),
                     ("i32", 0xFFFFFFFB)], f"level3 locals {l3}")
        check(l2 == [("i64", (-9000000000) & (2**64 - 1)), ("i64", 0x0123456789ABCDEF)],
              f"level2 locals {l2}")
        check(l1 == [("i32", 0xFFFFFFC0), ("i32", 64)], f"level1 locals {l1}")
        check(top == [], "div3 has no locals")
        # level2 stands at its call with the 1000 it will add already pushed
        check(frames[1]["stack"][:1] == [("i32", 1000)], f"level2 stack {frames[1]['stack']}")
        traps_globals(dump, 3)
    elif case in ("unreach", "options"):
        check(funcs == [fn["stuck"], fn["unreach"]], f"frames {funcs}")
        check(offs == [at("stuck", r"unreachable"), at("unreach", r"call \d+ <stuck>")],
              f"offsets {offs}")
        check(frames[0]["locals"] == [("i32", 7)], "stuck's local")
        traps_globals(dump, 0)
    elif case in ("oob", "wasmgdb"):
        check(kv["trap"].startswith("out of bounds"), f"trap {kv['trap']}")
        check(funcs == [fn["poke"], fn["oob"]], f"frames {funcs}")
        check(offs == [at("poke", r"i64\.store"), at("oob", r"call \d+ <poke>")],
              f"offsets {offs}")
        check(frames[0]["locals"] == [("i32", 131070)], "poke's local")
        check(mem == [(2, 4)], f"memory limits: min must be the current size: {mem}")
        # the i64.store of 8 bytes at 131070 into two pages: kind 2 (store), memory 0
        check(dump.get("trap_records", {}).get(1) == (2, 0, 131070, 8, 2 * 65536),
              f"wisp.trap access record {dump.get('trap_records')}")
        img = memory_image(dump, 0, 2)
        check(img[1024:1038] == b"hello coredump", "data at 1024")
        check(img[2048:2052] == bytes.fromhex("efbeadde"), "store at 2048")
        check(img[70000:70004] == bytes.fromhex("04030201"), "store in the grown page")
        check(sum(1 for b in img if b) == 14 + 4 + 4, "nonzero bytes elsewhere")
        if gdb:
            check(len(dump["data"]) == 1 and dump["data"][0][1] == 0 and
                  len(dump["data"][0][2]) == 2 * 65536, "wasmgdb: one segment, all of memory")
            check(all(f["nstack"] == 0 for f in frames), "wasmgdb: no stack values")
        else:
            # 1024..2051 share the first 4 KiB chunk; 70000 is alone in its own
            check([(o, len(d)) for _, o, d in dump["data"]] == [(1024, 1028), (70000, 4)],
                  f"2 trimmed segments: {[(o, len(d)) for _, o, d in dump['data']]}")
        traps_globals(dump, 77)
    elif case in ("recurse", "recurse_deep"):
        check(kv["trap"] == "call stack exhausted", f"trap {kv['trap']}")
        check(funcs[-1] == fn["recurse"] and set(funcs[:-1]) == {fn["rec"]}, "frames: rec... recurse")
        n = len(frames) - 1
        check(n >= (90 if case == "recurse" else 1000), f"only {n} rec frames")
        ns = [f["locals"][0] for f in frames[:-1]]
        check(ns == [("i32", n - 1 - i) for i in range(n)], "rec frames' n count down to 0")
        call = at("rec", r"call \d+ <rec>")
        check(set(offs[1:-1]) == {call}, f"rec callers stand at the call ({call})")
        check(offs[0] in (call, 0), f"youngest rec frame offset {offs[0]}")
        check(len(dump["funcs"]) == fn["recurse"] + 1, "skeleton up to the export")
    elif case == "host":
        check(kv["trap"] == "sprite id out of range", f"trap {kv['trap']}")
        check(bt[0]["host"] == 1, "the API's frame 0 is the host function")
        check(funcs == [fn["call_host"], fn["host"]], f"frames {funcs} (host frame left out)")
        check(offs == [at("call_host", r"call 0 <host_fail>"), at("host", r"call \d+ <call_host>")],
              f"offsets {offs}")
        check(frames[0]["locals"] == [("i32", 5)], "call_host's local")
    elif case == "ok":
        check(kv["call"] == "ok" and frames == [], "no trap, no frames")
        check(dump["funcs"] == [] and dump["types"] == [], "no skeleton without frames")
        traps_globals(dump, 0)


def case_chain(args):
    """40 functions called in a scrambled order, so the name section and the
    skeleton need more than one batch of distinct functions."""
    n = 40
    order = [(i * 17) % n for i in range(n)]
    nxt = {order[i]: order[i + 1] for i in range(n - 1)}
    lines = ["(module $chain", "  (memory 1)"]
    for j in range(n):
        tail = (f"(call $f{nxt[j]} (i32.add (local.get $x) (i32.const 1)))" if j in nxt
                else "unreachable")
        lines.append(f"  (func $f{j} (param $x i32) (local $y{j} i64) "
                     f"(local.set $y{j} (i64.const {j * 1000 + 7})) {tail})")
    lines.append(f'  (func (export "chain") (call $f{order[0]} (i32.const 0))))')
    out = pathlib.Path(args.outdir)
    (out / "chain.wat").write_text("\n".join(lines) + "\n")
    wasm = str(out / "chain.wasm")
    subprocess.run([args.wat2wasm, "--debug-names", str(out / "chain.wat"), "-o", wasm], check=True)
    dump_path = str(out / "chain.core")
    kv, bt, vals = run_driver(args, wasm, "chain", dump_path)
    mod, dump = common(args, "chain", wasm, dump_path, kv, bt, vals)
    frames = dump["corestack"][1]
    check([f["func"] for f in frames] == order[::-1] + [n], "frames in call order, youngest first")
    for k, f in enumerate(frames[:-1]):
        j = order[n - 1 - k]
        check(f["locals"] == [("i32", n - 1 - k), ("i64", j * 1000 + 7)], f"f{j} locals")
    check(sorted(dump["names"]["funcs"]) == list(range(n + 1)),
          "all 40 $f functions named, and the exported entry by its export")
    check(all(len(dump["names"]["locals"][j]) == 2 for j in range(n)), "their 2 locals named")


def case_nonames(args):
    """A module without a name section: the dump falls back to "wasm" and
    its name section is empty, still valid."""
    out = pathlib.Path(args.outdir)
    wasm = str(out / "nonames.wasm")
    subprocess.run([args.wat2wasm, str(pathlib.Path(args.srcdir, "tests/coredump/traps.wat")),
                    "-o", wasm], check=True)
    dump_path = str(out / "nonames.core")
    kv, bt, vals = run_driver(args, wasm, "div3", dump_path)
    mod, dump = common(args, "nonames", wasm, dump_path, kv, bt, vals)
    check(dump["core"] == "wasm" and dump["coremodules"] == ["wasm"], "fallback names")
    # no name section: only the exported function on the stack has a name
    want = {"funcs": {f: n for f, n in mod["func_exports"].items()
                      if f in {fr["func"] for fr in dump["corestack"][1]}}}
    check(dump["names"] == want, f"only export names to give: {dump['names']}, want {want}")
    check(len(dump["corestack"][1]) == 4, "four frames")


def case_multimem(args):
    """Two memories: both in the memory section and coreinstances, the second
    one's data in segments with an explicit memory index."""
    out = pathlib.Path(args.outdir)
    (out / "multimem.wat").write_text("""(module $mm
  (memory $a 1)
  (memory $b 2 3)
  (data (memory $b) (i32.const 70000) "in b")
  (data (memory $a) (i32.const 10) "in a")
  (func $boom (param $x i32) (i32.store $b (i32.const 100) (local.get $x)) unreachable)
  (func (export "go") (call $boom (i32.const 0x11223344))))
""")
    wasm = str(out / "multimem.wasm")
    subprocess.run([args.wat2wasm, "--enable-multi-memory", "--debug-names",
                    str(out / "multimem.wat"), "-o", wasm], check=True)
    dump_path = str(out / "multimem.core")
    kv, bt, vals = run_driver(args, wasm, "go", dump_path)
    mod, dump = common(args, "multimem", wasm, dump_path, kv, bt, vals,
                       features=["--enable-multi-memory"])
    check(dump["memories"] == [(1, None), (2, 3)], f"memories {dump['memories']}")
    check(dump["coreinstances"][0][1] == [0, 1], "both memories in the instance")
    a, b = memory_image(dump, 0, 1), memory_image(dump, 1, 2)
    check(a[10:14] == b"in a" and sum(map(bool, a)) == 4, "memory 0")
    check(b[100:104] == bytes.fromhex("44332211") and b[70000:70004] == b"in b" and
          sum(map(bool, b)) == 8, "memory 1")


def case_pagesize(args):
    """Custom page sizes (1-byte pages): the memory keeps its page size (flag
    0x08, log2 0). Assembled by hand: wabt 1.0.32 knows neither the text nor
    the binary form, so this dump is checked by the parser here only."""
    uleb, sec = wasmbin.uleb, wasmbin.section
    body = bytes([0, 0x41, 5, 0x41, 0xFA, 0x00, 0x3A, 0, 0, 0x00, 0x0B])  # store8 5 'z'; unreachable
    wasm_bytes = (b"\0asm\1\0\0\0" + sec(1, b"\x01\x60\x00\x00") + sec(3, b"\x01\x00") +
                  sec(5, b"\x01\x09" + uleb(100) + uleb(200) + uleb(0)) +
                  sec(7, b"\x01\x02go\x00\x00") + sec(10, b"\x01" + uleb(len(body)) + body))
    out = pathlib.Path(args.outdir)
    wasm = str(out / "pagesize.wasm")
    pathlib.Path(wasm).write_bytes(wasm_bytes)
    dump_path = str(out / "pagesize.core")
    kv, bt, vals = run_driver(args, wasm, "go", dump_path)
    mod, dump = common(args, "pagesize", wasm, dump_path, kv, bt, vals, wabt=False)
    check(dump["memories"] == [(100, 200, 0)], f"memory {dump['memories']}")
    check(dump["data"] == [(0, 5, b"z")], f"data {dump['data']}")


def case_big(args):
    dump_path = str(pathlib.Path(args.outdir) / "big.core")
    kv, bt, vals = run_driver(args, args.big, "crash", dump_path, "--arena-mib", "24")
    mod, dump = common(args, "big", args.big, dump_path, kv, bt, vals)
    check(dump["memories"] == [(256, 256)], f"memory {dump['memories']}")
    want = bytearray(256 * 65536)
    want[100:115] = b"start of memory"
    for i in range(16):
        a = i * 1048576 + i * 4099
        want[a:a + 4] = struct.pack("<I", i | 0xA5000000)
    want[5000000:5010000] = b"\x5a" * 10000
    want[-3:] = b"\x77" * 3
    check(memory_image(dump, 0, 256) == want, "16 MiB of memory restored from the dump")
    check(int(kv["dump_bytes"]) < 20000, f"sparse memory makes a small dump ({kv['dump_bytes']})")
    check(float(kv["dump_ms"]) < 2000, f"16 MiB dumped in {kv['dump_ms']} ms")


def case_includes(args):
    """The writer is freestanding like the core: only these headers (and the
    public ones of core/include)."""
    public = {f'"{p.name}"' for p in pathlib.Path(args.srcdir, "core", "include").glob("*.h")}
    allowed = {"<stdint.h>", "<stddef.h>", "<stdbool.h>", "<limits.h>", "<float.h>",
               "<stdarg.h>"} | public
    for path in sorted(pathlib.Path(args.srcdir, "coredump").glob("*.[ch]")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = re.match(r"\s*#\s*include\s*([<\"][^>\"]+[>\"])", line)
            check(not m or m.group(1) in allowed, f"{path.name}:{n}: {line.strip()}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    for opt in ("driver", "traps", "big", "wat2wasm", "objdump", "validate", "outdir", "srcdir"):
        ap.add_argument("--" + opt, required=True)
    args = ap.parse_args()
    pathlib.Path(args.outdir).mkdir(parents=True, exist_ok=True)
    if args.case == "includes":
        case_includes(args)
    elif args.case == "chain":
        case_chain(args)
    elif args.case == "big":
        case_big(args)
    elif args.case == "nonames":
        case_nonames(args)
    elif args.case == "multimem":
        case_multimem(args)
    elif args.case == "pagesize":
        case_pagesize(args)
    else:
        case_traps(args, args.case)
    print(f"{args.case}: {'FAILED' if failures else 'passed'} ({len(failures)} failures)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

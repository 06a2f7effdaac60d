"""Worst-case C stack of wisp_coredump_write on the target, from the
compiler's own numbers: every source is compiled with -fcallgraph-info=su
(per-function frame sizes and call edges), and the deepest path from
wisp_coredump_write is summed. The writer's emitter calls through a function
pointer (measure/sized -> s_*), so those indirect edges go to every emitter;
the sink, the one other indirect call, is the embedder's and is left out.
Fails on recursion or a dynamically sized frame, which the writer promises
not to have.

  arm_stack.py CC REPORT SOURCE... -- CFLAGS...
writes the numbers to stdout and REPORT, the objects to REPORT.d/."""
import pathlib
import re
import subprocess
import sys

cc, report = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
outdir = report.with_name(report.name + ".d")
split = sys.argv.index("--")
sources, cflags = sys.argv[3:split], sys.argv[split + 1:]
outdir.mkdir(parents=True, exist_ok=True)

# Nodes are "file:function" (static functions of different files may share
# a name); calls to another file's function name it bare.
frames, edges, dynamic, home = {}, {}, set(), {}
for src in sources:
    stem = pathlib.Path(src).stem
    obj = outdir / f"{stem}.o"
    subprocess.run([cc, *cflags, "-fcallgraph-info=su", "-c", str(pathlib.Path(src).resolve()),
                    "-o", str(obj.resolve())], check=True, cwd=outdir)
    text = (outdir / f"{stem}.ci").read_text()
    for m in re.finditer(r'node: \{ title: "([^"]+)" label: "[^"]*?\\n(\d+) bytes \(([^)]*)\)', text):
        frames[m.group(1)] = int(m.group(2))
        home[m.group(1)] = stem
        if "dynamic" in m.group(3) and "bounded" not in m.group(3):
            dynamic.add(m.group(1))
    for m in re.finditer(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', text):
        edges.setdefault(m.group(1), set()).add(m.group(2))


def short(t):
    return t.rsplit(":", 1)[-1]


def resolve(t):
    """A bare name to its definition (the largest frame if several match)."""
    if t in frames or t == "__indirect_call":
        return t
    defs = [n for n in frames if short(n) == t]
    return max(defs, key=frames.get) if defs else None


# The emitter pointers: sections (s_*, segments) are run by measure and
# sized, leaf items (l_*) by measure_leaf; sized_leaf calls its emitter directly.
mine = [n for n in frames if home[n] == "coredump"]
sections = {n for n in mine if short(n).startswith("s_") or short(n) == "segments"}
leaves = {n for n in mine if short(n).startswith("l_")}
for via in mine:
    targets = {"measure": sections, "sized": sections, "measure_leaf": leaves,
               "sized_leaf": leaves}.get(short(via))
    if targets is not None and "__indirect_call" in edges.get(via, ()):
        edges[via] = (edges[via] - {"__indirect_call"}) | targets

def deepest(fn, path, best, only_writer):
    """(bytes, chain) of the deepest call chain from fn."""
    if fn in path:
        raise SystemExit(f"recursion: {' -> '.join(map(short, path + [fn]))}")
    if fn in best:
        return best[fn]
    if fn in dynamic:
        raise SystemExit(f"unbounded dynamic frame in {fn}")
    below = (0, [])
    for callee in map(resolve, edges.get(fn, ())):
        if callee is None or callee == "__indirect_call":
            continue  # libgcc, or the sink
        if only_writer and home[callee] != "coredump":
            continue
        below = max(below, deepest(callee, path + [fn], best, only_writer))
    best[fn] = (frames[fn] + below[0], [fn] + below[1])
    return best[fn]


top = resolve("wisp_coredump_write")
total, chain = deepest(top, [], {}, False)
own, own_chain = deepest(top, [], {}, True)
text = (f"arm coredump stack: {total} bytes worst case with the core calls it makes, "
        f"{own} bytes in the writer's own frames; plus the sink\n"
        "  worst: " + " -> ".join(f"{short(f)}({frames[f]})" for f in chain) + "\n"
        "  writer: " + " -> ".join(f"{short(f)}({frames[f]})" for f in own_chain) + "\n")
print(text, end="")
report.write_text(text)

#!/usr/bin/env python3
"""Where the bytes of wisp-runner.elf go, from its linker map.

    size.py wisp-runner.elf|wisp-runner.map [OUT.txt]

(given the .elf, reads the .map beside it)

Prints code (.text*), read-only data (.rodata*) and RAM (.data*/.bss*) per
part: the wisp core (libwisp.a), the runner (runner.c, its arena array
shown apart), picolibc (crt0, libc, libsemihost) and libgcc (soft float,
64-bit division). picolibc.ld puts .rodata inside the .text output section,
so `size` counts it as text; this splits them.
"""
import re
import sys


def part_of(path):
    if "libwisp.a" in path:
        return "core"
    if "runner.c" in path:
        return "runner"
    if "libgcc" in path:
        return "libgcc"
    if "picolibc" in path or "crt0" in path:
        return "picolibc"
    return "other"


def kind_of(section):
    # .data.rel.ro (e.g. a dispatch table of label addresses) stays in flash.
    for prefix, kind in ((".text", "text"), (".rodata", "rodata"), (".data.rel.ro", "rodata"),
                         (".data", "data"), (".bss", "bss"), (".sbss", "bss"), ("COMMON", "bss"),
                         (".tbss", "bss"), (".tdata", "data")):
        if section.startswith(prefix):
            return kind
    return None


def main():
    path = sys.argv[1]
    if path.endswith(".elf"):
        path = path[:-4] + ".map"
    lines = open(path).read().splitlines()
    # Input sections: " .text.name  0xADDR  0xSIZE file", the name sometimes
    # alone on its line with the rest on the next.
    row = re.compile(r"^ (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
    cont = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
    start = next((i for i, l in enumerate(lines) if l.startswith("Linker script and memory map")), 0)
    sizes = {}
    arena = 0
    pending = None
    for line in lines[start:]:
        if line.startswith("/DISCARD/") or line.startswith(".comment") or line.startswith(".debug"):
            pending = None
            continue
        m = row.match(line)
        if m:
            sec, size, path = m.group(1), int(m.group(3), 16), m.group(4)
        else:
            m2 = cont.match(line) if pending else None
            if not m2:
                pending = line.strip() if re.match(r"^ [.A-Z]\S*$", line) else None
                continue
            sec, size, path = pending, int(m2.group(2), 16), m2.group(3)
        pending = None
        kind = kind_of(sec)
        if not kind or not size or path.startswith("load address"):
            continue
        part = part_of(path)
        if part == "runner" and kind == "bss" and sec == ".bss.mem":
            arena += size
            continue
        sizes[(part, kind)] = sizes.get((part, kind), 0) + size
    out = []
    for part in ("core", "runner", "picolibc", "libgcc", "other"):
        vals = [sizes.get((part, k), 0) for k in ("text", "rodata", "data", "bss")]
        if any(vals):
            out.append("mps2 %-8s .text %6d .rodata %5d .data %4d .bss %5d bytes" % (part, *vals))
    total = [sum(v for (p, k), v in sizes.items() if k == kind) for kind in ("text", "rodata")]
    out.append("mps2 %-8s .text %6d .rodata %5d (flash)" % ("total", *total))
    out.append("mps2 arena array %d bytes (static, .bss)" % arena)
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

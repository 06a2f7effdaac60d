#!/usr/bin/env python3
"""Where a board firmware's bytes go, from its linker map.

    size.py BOARD IMAGE.elf|IMAGE.map [OUT.txt]

(given the .elf, reads the .map beside it). Flash (.text, .rodata) and RAM
(.data, .bss) per part: the wisp core (libwisp.a), the coredump writer
(libwisp_coredump.a), the console layer (libwisp_console.a), wisp-runner's
runner.c, the board's own code (boards/, the port), the guest module's
bytes, picolibc and libgcc; then the static arena and the stack reserve. picolibc.ld puts .rodata inside .text, so `size` counts it as text;
this splits them.
"""
import re
import sys


def part_of(path, sec):
    if "guest_wasm" in path:
        return "guest"
    if "libwisp_coredump.a" in path:
        return "coredump"
    if "libwisp.a" in path:
        return "core"
    if "libwisp_console.a" in path:
        return "console"
    if "runner.c" in path:
        return "runner"
    if "libgcc" in path:
        return "libgcc"
    if "picolibc" in path or "crt0" in path:
        return "picolibc"
    return "board"


def kind_of(section):
    for prefix, kind in ((".text", "text"), (".rodata", "rodata"), (".data.rel.ro", "rodata"),
                         (".boot2", "text"), (".init", "rodata"),
                         (".data", "data"), (".bss", "bss"), (".sbss", "bss"), ("COMMON", "bss"),
                         (".tbss", "bss"), (".tdata", "data")):
        if section.startswith(prefix):
            return kind
    return None


def main():
    board, path = sys.argv[1], sys.argv[2]
    if path.endswith(".elf"):
        path = path[:-4] + ".map"
    lines = open(path).read().splitlines()
    row = re.compile(r"^ (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
    cont = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
    start = next((i for i, l in enumerate(lines) if l.startswith("Linker script and memory map")), 0)
    sizes, arena, stack = {}, 0, 0
    pending = None
    for line in lines[start:]:
        m = re.match(r"^\s+0x[0-9a-f]+\s+__stack_size = (0x[0-9a-f]+)", line)
        if m:
            stack = int(m.group(1), 16)
        if line.startswith(("/DISCARD/", ".comment", ".debug", ".ARM.attributes")):
            pending = None
            continue
        m = row.match(line)
        if m:
            sec, size, src = m.group(1), int(m.group(3), 16), m.group(4)
        else:
            m2 = cont.match(line) if pending else None
            if not m2:
                pending = line.strip() if re.match(r"^ [.A-Z]\S*$", line) else None
                continue
            sec, size, src = pending, int(m2.group(2), 16), m2.group(3)
        pending = None
        kind = kind_of(sec)
        if not kind or not size or src.startswith("load address"):
            continue
        # The static arena: wisp-demo's arena_mem, wisp-runner's mem
        # (arena + module bytes).
        if sec in (".bss.arena_mem", ".bss.mem"):
            arena += size
            continue
        part = part_of(src, sec)
        sizes[(part, kind)] = sizes.get((part, kind), 0) + size
    out = []
    for part in ("core", "coredump", "console", "runner", "board", "guest", "picolibc", "libgcc"):
        vals = [sizes.get((part, k), 0) for k in ("text", "rodata", "data", "bss")]
        if any(vals):
            out.append("%s %-8s .text %6d .rodata %5d .data %4d .bss %5d bytes" % (board, part, *vals))
    flash = sum(v for (p, k), v in sizes.items() if k in ("text", "rodata", "data"))
    ram = sum(v for (p, k), v in sizes.items() if k in ("data", "bss"))
    out.append("%s flash %d bytes; RAM %d bytes + arena %d + stack reserve %d = %d"
               % (board, flash, ram, arena, stack, ram + arena + stack))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Give a module's memories one-byte pages (the custom-page-sizes proposal).

    pagesize.py IN.wasm OUT.wasm PAGES

Every memory defined in IN's memory section (wat2wasm writes `(memory 1)`
as limits flags 0x00, min 1) is rewritten as flags 0x08 (0x09 with a
maximum), min PAGES, the maximum kept as is, and page_size_log2 0: a memory
of PAGES bytes. Everything else is copied unchanged; the sections after the
memory section move, which no offset inside a module refers to. wabt 1.0.32
has no text syntax for page sizes, hence this step.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
from wasmbin import read_uleb, section, sections, uleb  # noqa: E402


def rewrite_memories(payload, pages):
    count, i = read_uleb(payload, 0)
    out = bytearray(uleb(count))
    for _ in range(count):
        flags = payload[i]
        i += 1
        if flags not in (0, 1):
            sys.exit(f"pagesize.py: memory limits flags 0x{flags:02x} not handled")
        _, i = read_uleb(payload, i)  # the old minimum
        out += bytes([flags | 0x08]) + uleb(pages)
        if flags & 1:
            mx, i = read_uleb(payload, i)
            out += uleb(max(mx, pages))
        out += uleb(0)  # page_size_log2: 1-byte pages
    return bytes(out) + payload[i:]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    data = open(sys.argv[1], "rb").read()
    pages = int(sys.argv[3], 0)
    if data[:8] != b"\0asm\1\0\0\0":
        sys.exit(f"pagesize.py: {sys.argv[1]} is not a wasm module")
    out = bytearray(data[:8])
    found = False
    for sid, start, end in sections(data):
        payload = data[start:end]
        if sid == 5:
            payload = rewrite_memories(payload, pages)
            found = True
        out += section(sid, payload)
    if not found:
        sys.exit(f"pagesize.py: {sys.argv[1]} has no memory section")
    open(sys.argv[2], "wb").write(out)


if __name__ == "__main__":
    main()

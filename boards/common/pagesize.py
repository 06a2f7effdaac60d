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
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_uleb(b, i):
    n = shift = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return n, i


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
    i = 8
    found = False
    while i < len(data):
        sid = data[i]
        size, j = read_uleb(data, i + 1)
        payload = data[j:j + size]
        if sid == 5:
            payload = rewrite_memories(payload, pages)
            found = True
        out += bytes([sid]) + uleb(len(payload)) + payload
        i = j + size
    if not found:
        sys.exit(f"pagesize.py: {sys.argv[1]} has no memory section")
    open(sys.argv[2], "wb").write(out)


if __name__ == "__main__":
    main()

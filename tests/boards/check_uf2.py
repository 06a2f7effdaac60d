#!/usr/bin/env python3
"""The rp2040 image's UF2 file, block by block, and its boot2 block.

    check_uf2.py [--board rp2040] --source ROOT --build DIR

Builds boards/rp2040 (as check_demo.py does, in DIR) and checks
wisp-demo.uf2 against the flash image wisp-demo.bin and the ELF:
  - every 512-byte block: magics 0x0A324655 0x9E5D5157 .. 0x0AB16F30, flags
    0x00002000 (family ID present), family 0xe48bff56 (RP2040), payload 256
    bytes, block numbers 0..N-1 with N in every block, target addresses
    0x10000000 + 256 * i (256-aligned, contiguous, inside the 2 MiB flash),
    zeros after the payload; the payloads together are the flash image;
  - boot2: the first 256 bytes, its code (boot2.bin) no longer than 252
    bytes, bytes 252..255 the CRC-32/MPEG-2 (poly 0x04c11db7, init
    0xffffffff, unreflected, no final XOR) of bytes 0..251 (computed here
    with a table, independently of boards/rp2040/boot2crc.py; checked
    against the catalogue value for "123456789", 0x0376e6e7);
  - the vector table at 0x10000100 that boot2 jumps to: initial SP at the
    top of SRAM, reset vector = the ELF's _start with the Thumb bit;
  - mkuf2.py pads a last partial block with zeros;
  - where rp2040js is installed, rp2040_run.mjs refuses an image whose boot2
    CRC is wrong (as the boot ROM would).
Exits 77 (skipped) without arm-none-eabi-gcc + picolibc, meson or wat2wasm.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import check_demo  # noqa: E402  (build())
from wisptest import check, finish, have_picolibc, skip  # noqa: E402

FLASH, FLASH_SIZE = 0x10000000, 2 * 1024 * 1024


def crc_table():
    table = []
    for i in range(256):
        c = i << 24
        for _ in range(8):
            c = ((c << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if c & 0x80000000 else (c << 1) & 0xFFFFFFFF
        table.append(c)
    return table


TABLE = crc_table()


def crc32_mpeg2(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ TABLE[((crc >> 24) ^ b) & 0xFF]
    return crc


def elf_symbol(elf, name):
    out = subprocess.run(["arm-none-eabi-nm", elf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    return None


def check_blocks(data, image):
    check(len(data) % 512 == 0 and len(data) > 0, f"UF2 size {len(data)} is a multiple of 512")
    n = len(data) // 512
    check(n == (len(image) + 255) // 256, f"{n} blocks for a {len(image)}-byte image")
    payloads = bytearray()
    bad = []
    for i in range(n):
        blk = data[i * 512:(i + 1) * 512]
        m0, m1, flags, addr, size, blockno, nblocks, family = struct.unpack_from("<8I", blk, 0)
        (mend,) = struct.unpack_from("<I", blk, 508)
        why = []
        if (m0, m1, mend) != (0x0A324655, 0x9E5D5157, 0x0AB16F30):
            why.append("magic")
        if flags != 0x00002000:
            why.append(f"flags 0x{flags:x}")
        if family != 0xE48BFF56:
            why.append(f"family 0x{family:x}")
        if size != 256:
            why.append(f"size {size}")
        if blockno != i or nblocks != n:
            why.append(f"block {blockno}/{nblocks}")
        if addr != FLASH + 256 * i or addr % 256 or addr + size > FLASH + FLASH_SIZE:
            why.append(f"address 0x{addr:x}")
        if any(blk[32 + size:508]):
            why.append("non-zero padding")
        if why:
            bad.append(f"block {i}: " + ", ".join(why))
        payloads += blk[32:32 + size]
    check(not bad, "every block well-formed" + (f": {bad[:3]}" if bad else ""))
    padded = image + bytes(len(payloads) - len(image))
    check(bytes(payloads) == padded, "the payloads, in order, are the flash image")
    return bytes(payloads)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--board", default="rp2040")
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--fuel", default="true")
    a = ap.parse_args()
    source = os.path.abspath(a.source)
    for tool, pkg in {"arm-none-eabi-gcc": "gcc-arm-none-eabi", "meson": "meson",
                      "ninja": "ninja-build", "wat2wasm": "wabt"}.items():
        if not shutil.which(tool):
            skip(f"{tool} not found (apt-get install {pkg})")
    if not have_picolibc(check_demo.boards.board(source, a.board)["cpu"]):
        skip("arm-none-eabi-gcc cannot link with picolibc "
                        "(apt-get install picolibc-arm-none-eabi)")
    out_dir = check_demo.build(source, os.path.abspath(a.build), a.board, a.fuel)
    uf2 = open(os.path.join(out_dir, "wisp-demo.uf2"), "rb").read()
    image = open(os.path.join(out_dir, "wisp-demo.bin"), "rb").read()
    flash = check_blocks(uf2, image)

    check(crc32_mpeg2(b"123456789") == 0x0376E6E7, "CRC-32/MPEG-2 check value 0x0376e6e7")
    boot2_code = open(os.path.join(out_dir, "boot2.bin"), "rb").read()
    check(0 < len(boot2_code) <= 252, f"boot2's code is {len(boot2_code)} bytes (<= 252)")
    check(flash[:len(boot2_code)] == boot2_code and not any(flash[len(boot2_code):252]),
          "flash starts with boot2's code, zero-padded to 252 bytes")
    (stored,) = struct.unpack_from("<I", flash, 252)
    check(stored == crc32_mpeg2(flash[:252]),
          f"boot2 CRC32 0x{stored:08x} = CRC-32/MPEG-2 of bytes 0..251")

    sp, reset = struct.unpack_from("<II", flash, 0x100)
    start = elf_symbol(os.path.join(out_dir, "wisp-demo.elf"), "_start")
    check(sp == 0x20042000, f"vector table at 0x10000100: initial SP 0x{sp:08x} = top of SRAM")
    check(start is not None and reset == start | 1 and FLASH + 0x100 < reset < FLASH + len(image),
          f"reset vector 0x{reset:08x} = _start | 1 (Thumb), inside the image")

    # mkuf2.py on a 300-byte image: two blocks, the second padded with zeros.
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "x.bin"), os.path.join(d, "x.uf2")
        with open(src, "wb") as f:
            f.write(bytes(range(256)) + b"\xab" * 44)
        subprocess.run([sys.executable, os.path.join(source, "boards", a.board, "mkuf2.py"),
                        src, dst], check=True)
        small = open(dst, "rb").read()
        check(len(small) == 1024 and small[512 + 32:512 + 32 + 44] == b"\xab" * 44 and
              not any(small[512 + 32 + 44:512 + 508]),
              "mkuf2.py: a 300-byte image is two blocks, the last zero-padded")

        # The harness refuses a bad boot2 CRC, as the boot ROM would.
        node_pkg = os.path.join(source, "node_modules", "rp2040js", "package.json")
        if shutil.which("node") and os.path.exists(node_pkg):
            bad = bytearray(uf2)
            bad[32 + 10] ^= 0x01  # a byte of boot2's code
            path = os.path.join(d, "bad.uf2")
            with open(path, "wb") as f:
                f.write(bad)
            r = subprocess.run(["node", os.path.join(source, "tests", "boards", "rp2040_run.mjs"),
                                path, "--max-ms", "100"], capture_output=True, text=True)
            check(r.returncode == 2 and "CRC32" in r.stderr,
                  f"rp2040_run.mjs refuses a bad boot2 CRC (exit {r.returncode})")
        else:
            print("(rp2040js not installed: the bad-CRC run is skipped)")

    return finish()


if __name__ == "__main__":
    sys.exit(main())

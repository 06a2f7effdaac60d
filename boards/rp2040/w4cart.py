#!/usr/bin/env python3
"""Write a WASM-4 cart (and a tape) into wisp-w4's cart region of the
RP2040's flash, 0x10100000 (boards/rp2040/w4map.h): a flash image or UF2
to copy onto the Pico. Python stdlib only.

    w4cart.py CART.wasm -o OUT.uf2 [--firmware wisp-w4.uf2|.bin]
              [--tape TAPE] [--frames N] [--name NAME]

  --firmware  also put the firmware in OUT (a UF2 or the flash image from
              0x10000000, e.g. build-rp2040/boards/rp2040/wisp-w4.bin);
              without it OUT holds the cart region alone: copied onto a
              Pico that already runs wisp-w4, it changes only the cart
  --tape      one byte a frame for gamepad 1 (WASM-4's GAMEPAD bits),
              cycled; without it the buttons play
  --frames    frames to run, then stop and print `wisp-w4: done` (default
              0: for ever)
  --name      the cart's name in the banner and its coredump (default: the
              file's name)
OUT ending in .uf2 is UF2 (family 0xe48bff56), anything else a flat image:
from 0x10000000 with --firmware, else from 0x10100000.

The region: a 64-byte header, all integers little-endian,
    0 magic "W4CT"   4 version 1   8 cart length   12 tape length
    16 frames        20 CRC-32 (zlib's) of bytes 4..19, the name, cart, tape
    24 zero (8 bytes)                32 name, NUL-padded (32 bytes)
then the cart's bytes, then the tape's. The firmware refuses a region whose
magic, lengths or CRC are wrong, and reads the cart in place (XIP).
"""
import argparse
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkuf2 import RP2040_FAMILY, uf2_payloads, uf2_regions  # noqa: E402

FLASH = 0x10000000
CART_OFFSET = 0x100000           # w4map.h: W4_CART_OFFSET
CART_REGION = 0x1FA000 - CART_OFFSET
HEADER = 64
MAGIC, VERSION = 0x54433457, 1


def region(cart, tape, frames, name):
    """The cart region's bytes: header, cart, tape."""
    if cart[:4] != b"\0asm":
        raise ValueError("not a WebAssembly module (no \\0asm magic)")
    if HEADER + len(cart) + len(tape) > CART_REGION:
        raise ValueError(f"cart and tape are {len(cart) + len(tape)} bytes; the region holds "
                         f"{CART_REGION - HEADER}")
    raw = name.encode("utf-8")[:31]
    name_field = raw + bytes(32 - len(raw))
    fields = struct.pack("<4I", VERSION, len(cart), len(tape), frames)
    crc = zlib.crc32(fields + name_field + cart + tape)
    head = struct.pack("<I", MAGIC) + fields + struct.pack("<I", crc) + bytes(8) + name_field
    return head + cart + tape


def firmware_image(path):
    """The flash image from 0x10000000 in a .bin or .uf2 file."""
    data = open(path, "rb").read()
    if not path.endswith(".uf2"):
        return data
    image = bytearray()
    for addr, payload in uf2_payloads(data):
        off = addr - FLASH
        if off < 0 or off + len(payload) > CART_OFFSET:
            raise ValueError(f"{path}: a block at 0x{addr:x} is not the firmware's")
        if len(image) < off + len(payload):
            image += b"\xff" * (off + len(payload) - len(image))
        image[off:off + len(payload)] = payload
    return bytes(image)


def main():
    ap = argparse.ArgumentParser(description="a WASM-4 cart into wisp-w4's flash region")
    ap.add_argument("cart")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--firmware")
    ap.add_argument("--tape")
    ap.add_argument("--frames", type=int, default=0)
    ap.add_argument("--name")
    a = ap.parse_args()
    try:
        cart = open(a.cart, "rb").read()
        tape = open(a.tape, "rb").read() if a.tape else b""
        if not 0 <= a.frames < 2 ** 32:
            raise ValueError("--frames must fit 32 bits")
        cart_region = region(cart, tape, a.frames, a.name or os.path.basename(a.cart))
        firmware = firmware_image(a.firmware) if a.firmware else None
        if firmware is not None and len(firmware) > CART_OFFSET:
            raise ValueError(f"the firmware is {len(firmware)} bytes: past the cart region")
    except (OSError, ValueError) as e:
        sys.exit(f"w4cart.py: {e}")
    regions = ([(FLASH, firmware)] if firmware else []) + [(FLASH + CART_OFFSET, cart_region)]
    if a.out.endswith(".uf2"):
        out = uf2_regions(regions, RP2040_FAMILY)
    elif firmware:
        out = firmware + b"\xff" * (CART_OFFSET - len(firmware)) + cart_region
    else:
        out = cart_region
    with open(a.out, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()

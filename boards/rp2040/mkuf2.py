#!/usr/bin/env python3
"""A flash image as a UF2 file, the format the RP2040 boot ROM's USB drive
(RPI-RP2) takes by drag and drop (Microsoft's UF2 spec).

    mkuf2.py IMAGE.bin OUT.uf2 [--base 0x10000000] [--family 0xe48bff56]

IMAGE.bin is the flash contents from BASE on (arm-none-eabi-objcopy -O
binary of the ELF, boot2 first). Each 512-byte block carries 256 bytes:

    0   magic 0x0A324655 ("UF2\\n")    4  magic 0x9E5D5157
    8   flags 0x00002000 (family ID present)
    12  target address                16 payload size (256)
    20  block number                  24 number of blocks
    28  family ID (RP2040: 0xe48bff56)
    32  payload (256 bytes, then zeros to 476)
    508 magic 0x0AB16F30

The last block is padded with zeros to 256 bytes. Python stdlib only.
"""
import argparse
import struct
import sys

MAGIC0, MAGIC1, MAGIC_END = 0x0A324655, 0x9E5D5157, 0x0AB16F30
FLAG_FAMILY = 0x00002000
RP2040_FAMILY = 0xE48BFF56
PAYLOAD = 256


def uf2_blocks(image, base, family):
    return uf2_regions([(base, image)], family)


def uf2_regions(regions, family=RP2040_FAMILY):
    """UF2 blocks for several (base, bytes) regions, numbered through all
    of them (each base 256-aligned; a region's last block zero-padded)."""
    chunks = [(base + k, data[k:k + PAYLOAD]) for base, data in regions
              for k in range(0, len(data), PAYLOAD)]
    out = bytearray()
    for i, (addr, chunk) in enumerate(chunks):
        chunk = chunk + bytes(PAYLOAD - len(chunk))
        head = struct.pack("<8I", MAGIC0, MAGIC1, FLAG_FAMILY, addr, PAYLOAD,
                           i, len(chunks), family)
        out += head + chunk + bytes(476 - PAYLOAD) + struct.pack("<I", MAGIC_END)
    return bytes(out)


def uf2_payloads(data):
    """(address, payload) of every block of a UF2 file; ValueError if it is not one."""
    if len(data) % 512 or not data:
        raise ValueError("not a UF2 file (size not a multiple of 512)")
    out = []
    for off in range(0, len(data), 512):
        m0, m1, _flags, addr, size = struct.unpack_from("<5I", data, off)
        if m0 != MAGIC0 or m1 != MAGIC1 or struct.unpack_from("<I", data, off + 508)[0] != MAGIC_END \
                or size > 476:
            raise ValueError(f"UF2 block at {off}: bad magic or size")
        out.append((addr, data[off + 32:off + 32 + size]))
    return out


def main():
    ap = argparse.ArgumentParser(description="flash image -> UF2")
    ap.add_argument("image")
    ap.add_argument("out")
    ap.add_argument("--base", type=lambda s: int(s, 0), default=0x10000000)
    ap.add_argument("--family", type=lambda s: int(s, 0), default=RP2040_FAMILY)
    a = ap.parse_args()
    image = open(a.image, "rb").read()
    if not image:
        sys.exit(f"mkuf2.py: {a.image} is empty")
    if a.base % PAYLOAD:
        sys.exit("mkuf2.py: the base address must be 256-aligned")
    with open(a.out, "wb") as f:
        f.write(uf2_blocks(image, a.base, a.family))


if __name__ == "__main__":
    main()

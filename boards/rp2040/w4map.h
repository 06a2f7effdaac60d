/* wisp-w4's flash map on the Pico's 2 MiB (offsets from 0x10000000, where
 * the flash reads through XIP):
 *
 *   0x000000  256 B      boot2
 *   0x000100  < 1 MiB    the firmware (w4.ld keeps it below the cart)
 *   0x100000  1000 KiB   the cart region, written by boards/rp2040/w4cart.py:
 *                        a 64-byte header, the cart's bytes, then the tape's
 *   0x1FA000  8 KiB      the WASM-4 disk: two copies (console/w4_disk.c)
 *   0x1FC000  16 KiB     the coredump slot (flash.c)
 *
 * The cart header, all integers little-endian:
 *   0   magic     "W4CT" (0x54433457)
 *   4   version   1
 *   8   cart_len  bytes of the cart (a .wasm), from offset 64
 *   12  tape_len  bytes of the tape, right after the cart (0: no tape, the
 *                 buttons play); one byte a frame for gamepad 1, cycled
 *   16  frames    frames to run, then stop (0: play for ever)
 *   20  crc       CRC-32 (zlib's) of bytes 4..19, the name, the cart and
 *                 the tape: a torn or stale write is refused
 *   24  reserved  zero
 *   32  name      the cart's file name, NUL-padded (32 bytes): the coredump
 *                 names it
 * The cart is read in place (XIP): wisp_module_load borrows its bytes. */
#ifndef WISP_RP2040_W4MAP_H
#define WISP_RP2040_W4MAP_H

#include <stdint.h>

#define W4_FLASH_BASE 0x10000000u
#define W4_CART_OFFSET 0x00100000u
#define W4_CART_REGION (0x001FA000u - W4_CART_OFFSET)
#define W4_DISK_OFFSET 0x001FA000u
#define W4_DISK_SIZE 0x2000u

#define W4_CART_MAGIC 0x54433457u
#define W4_CART_VERSION 1u
#define W4_CART_HEADER 64u

typedef struct w4_cart_header {
    uint32_t magic, version, cart_len, tape_len, frames, crc, reserved[2];
    char name[32];
} w4_cart_header;

#endif

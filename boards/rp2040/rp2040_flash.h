/* Erasing and programming the RP2040's flash through the boot ROM
 * (flash.c), beyond the coredump slot that flash.h describes: any 4 KiB
 * sector and 256-byte pages from RP2040_FLASH_WRITABLE up to the end of the
 * 2 MiB, so a bad offset cannot reach the program. Offsets count from the
 * start of flash (0x10000000 reads offset 0). 0 = done, -1 = refused. */
#ifndef WISP_RP2040_FLASH_H
#define WISP_RP2040_FLASH_H

#include <stddef.h>
#include <stdint.h>

#define RP2040_FLASH_WRITABLE 0x001FA000u /* wisp-w4's disk, then the slot */

int rp2040_flash_erase(uint32_t off);
int rp2040_flash_prog(uint32_t off, const void *bytes, size_t len);

#endif

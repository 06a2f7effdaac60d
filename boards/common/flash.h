/* A board's coredump slot in its own flash: NOR semantics (erase sets a
 * block to 0xff, programming only clears bits), memory-mapped for reading.
 * Implemented per board on the real flash controller: the nRF51's NVMC
 * (microbit), the RP2040 boot ROM's flash routines (rp2040). Boards without
 * flash (the QEMU mps2 machines) leave BOARD_HAS_FLASH undefined. */
#ifndef WISP_BOARD_FLASH_H
#define WISP_BOARD_FLASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct board_flash_slot {
    uintptr_t addr;      /* where the slot reads, memory-mapped */
    uint32_t size;       /* bytes, a multiple of erase_size */
    uint32_t erase_size; /* bytes one erase clears */
    uint32_t prog_size;  /* programming granule: offsets and lengths are multiples */
} board_flash_slot;

extern const board_flash_slot board_slot;

/* Erase the block at slot offset `off` (a multiple of erase_size). 0 = ok. */
int board_flash_erase(uint32_t off);
/* Program len bytes (multiples of prog_size, at such an offset). 0 = ok. */
int board_flash_prog(uint32_t off, const void *bytes, size_t len);

#endif

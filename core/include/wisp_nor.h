/* wisp: NOR flash emulated in RAM (port/nor_ram.c), for boards that keep
 * the coredump slot in RAM and for the host's tests. */
#ifndef WISP_NOR_H
#define WISP_NOR_H

#include "wisp_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* NOR flash emulated in RAM, with NOR's rules enforced: erase sets a block
 * to 0xFF, programming ANDs (only clears bits) and must be aligned to the
 * program size. For boards that keep the slot in RAM (QEMU mps2) and for
 * the host port. `budget` simulates a power cut: each programmed or erased
 * byte costs one; when it runs out the operation stops part-way (the byte
 * at the cut half done) and every later one fails. */
typedef struct wisp_nor_ram {
    uint8_t *mem;        /* `size` bytes standing for flash [base, base + size) */
    uint32_t base, size;
    uint32_t block_size, prog_size;
    uint32_t budget;     /* WISP_NOR_NO_CUT: never */
    uint32_t scatter;    /* nonzero: a cut operation leaves a random subset done (seed) */
    bool cut;            /* the power is off: everything fails */
    uint32_t reprogs;    /* prog units programmed while not fully erased (ECC flash forbids) */
    uint32_t progs, erases;
} wisp_nor_ram;

#define WISP_NOR_NO_CUT 0xffffffffu

/* Does not touch `mem` (RAM that survives a reset keeps its dump). */
void wisp_nor_ram_init(wisp_nor_ram *nor, void *mem, uint32_t base, uint32_t size,
                       uint32_t block_size, uint32_t prog_size);
/* Sets port's flash callbacks and sizes and ctx = nor (a board with more
 * state can make the wisp_nor_ram the first member of its ctx struct). */
void wisp_nor_ram_attach(wisp_nor_ram *nor, wisp_port *port);
int wisp_nor_ram_read(const wisp_port *port, uint32_t off, void *buf, uint32_t len);
int wisp_nor_ram_prog(const wisp_port *port, uint32_t off, const void *buf, uint32_t len);
int wisp_nor_ram_erase(const wisp_port *port, uint32_t block);

#ifdef __cplusplus
}
#endif
#endif

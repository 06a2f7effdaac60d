/* NOR flash emulated in RAM (see wisp.h, wisp_nor_ram).
 *
 * The rules are those of real NOR, enforced so that code passing here
 * passes on a chip: erase sets a whole block to 0xFF; programming can only
 * clear bits (the cell becomes old & new), so writing over data without an
 * erase gives a mix, never the new bytes; prog offsets and lengths must be
 * multiples of the program size. `reprogs` counts prog units programmed
 * while not fully erased: legal on NOR, fatal on flash with ECC, so the
 * slot code keeps it at zero and the tests check that.
 *
 * Power cuts: every byte erased or programmed costs one unit of `budget`.
 * The operation during which it runs out stops there and fails, and every
 * later operation fails too (the power is off until the test "reboots" by
 * resetting `cut` and `budget`). What a cut leaves:
 *   - in order (scatter == 0): the bytes before the cut done, the byte at
 *     the cut half done (half its bits programmed, or half erased), the
 *     rest untouched: a chip that works front to back;
 *   - scattered (scatter = seed): a pseudo-random subset of the operation's
 *     bytes done, some half done, but never all of them: a chip that works
 *     in any order. */
#include "wisp.h"
#include "wisp_nor.h"

static uint32_t next_random(wisp_nor_ram *n)
{
    uint32_t x = n->scatter; /* xorshift32; never 0 once seeded */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    n->scatter = x;
    return x;
}

/* One byte's fate in an operation cut short. */
enum { BYTE_DONE, BYTE_HALF, BYTE_UNTOUCHED };

static int cut_fate(wisp_nor_ram *n, uint32_t i, uint32_t len)
{
    if (!n->scatter)
        return i < n->budget ? BYTE_DONE : i == n->budget ? BYTE_HALF : BYTE_UNTOUCHED;
    if (i == len - 1 && n->budget < len)
        return BYTE_HALF; /* so the operation is never quite complete */
    uint32_t r = next_random(n) % 3u;
    return r == 0 ? BYTE_DONE : r == 1 ? BYTE_HALF : BYTE_UNTOUCHED;
}

/* Charges `len` bytes; false when the power goes during them. */
static bool charge(wisp_nor_ram *n, uint32_t len)
{
    if (n->budget == WISP_NOR_NO_CUT)
        return true;
    if (n->budget >= len) {
        n->budget -= len;
        return true;
    }
    n->cut = true;
    return false;
}

static wisp_nor_ram *nor_of(const wisp_port *port)
{
    return (wisp_nor_ram *)port->ctx;
}

static bool in_range(const wisp_nor_ram *n, uint32_t off, uint32_t len)
{
    return off >= n->base && off - n->base <= n->size && len <= n->size - (off - n->base);
}

void wisp_nor_ram_init(wisp_nor_ram *nor, void *mem, uint32_t base, uint32_t size,
                       uint32_t block_size, uint32_t prog_size)
{
    nor->mem = (uint8_t *)mem;
    nor->base = base;
    nor->size = size;
    nor->block_size = block_size;
    nor->prog_size = prog_size;
    nor->budget = WISP_NOR_NO_CUT;
    nor->scatter = 0;
    nor->cut = false;
    nor->reprogs = nor->progs = nor->erases = 0;
}

void wisp_nor_ram_attach(wisp_nor_ram *nor, wisp_port *port)
{
    port->ctx = nor;
    port->flash_read = wisp_nor_ram_read;
    port->flash_prog = wisp_nor_ram_prog;
    port->flash_erase = wisp_nor_ram_erase;
    port->flash_block_size = nor->block_size;
    port->flash_prog_size = nor->prog_size;
}

int wisp_nor_ram_read(const wisp_port *port, uint32_t off, void *buf, uint32_t len)
{
    wisp_nor_ram *n = nor_of(port);
    if (n->cut)
        return -1;
    if (!in_range(n, off, len))
        return -2;
    const uint8_t *src = n->mem + (off - n->base);
    uint8_t *dst = (uint8_t *)buf;
    for (uint32_t i = 0; i < len; i++)
        dst[i] = src[i];
    return 0;
}

int wisp_nor_ram_prog(const wisp_port *port, uint32_t off, const void *buf, uint32_t len)
{
    wisp_nor_ram *n = nor_of(port);
    if (n->cut)
        return -1;
    if (!in_range(n, off, len))
        return -2;
    if (n->prog_size == 0 || (off - n->base) % n->prog_size || len % n->prog_size)
        return -3; /* misaligned: a real chip would corrupt or refuse */
    uint8_t *dst = n->mem + (off - n->base);
    const uint8_t *src = (const uint8_t *)buf;
    for (uint32_t u = 0; u < len; u += n->prog_size) {
        for (uint32_t i = u; i < u + n->prog_size; i++) {
            if (dst[i] != 0xff) {
                n->reprogs++;
                break;
            }
        }
    }
    n->progs++;
    uint32_t budget = n->budget;
    if (charge(n, len)) {
        for (uint32_t i = 0; i < len; i++)
            dst[i] &= src[i];
        return 0;
    }
    n->budget = budget; /* cut_fate reads how far it got */
    for (uint32_t i = 0; i < len; i++) {
        int fate = cut_fate(n, i, len);
        if (fate == BYTE_DONE)
            dst[i] &= src[i];
        else if (fate == BYTE_HALF)
            dst[i] &= (uint8_t)(src[i] | 0xf0u); /* only the low bits got cleared */
    }
    n->budget = 0;
    return -4;
}

int wisp_nor_ram_erase(const wisp_port *port, uint32_t block)
{
    wisp_nor_ram *n = nor_of(port);
    if (n->cut)
        return -1;
    if (n->block_size == 0 || block > UINT32_MAX / n->block_size)
        return -2;
    uint32_t off = block * n->block_size;
    if (!in_range(n, off, n->block_size) || (off - n->base) % n->block_size)
        return -2;
    uint8_t *dst = n->mem + (off - n->base);
    n->erases++;
    uint32_t budget = n->budget;
    if (charge(n, n->block_size)) {
        for (uint32_t i = 0; i < n->block_size; i++)
            dst[i] = 0xff;
        return 0;
    }
    n->budget = budget;
    for (uint32_t i = 0; i < n->block_size; i++) {
        int fate = cut_fate(n, i, n->block_size);
        if (fate == BYTE_DONE)
            dst[i] = 0xff;
        else if (fate == BYTE_HALF)
            dst[i] |= 0x0fu; /* only the low bits got set */
    }
    n->budget = 0;
    return -4;
}

/* wisp: what a board gives wisp (flash, serial line, clock) in one struct,
 * and the error codes of doing IO through it (port/README.md). */
#ifndef WISP_PORT_H
#define WISP_PORT_H

#include "wisp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- port: the board's flash, serial line and clock (port/) -------------
 * Everything wisp needs from a board, in one struct of callbacks and sizes
 * (littlefs's lfs_config style). The board fills it once; wisp never keeps
 * a pointer to anything else. Flash callbacks take absolute byte offsets
 * (erase: an absolute block number) and return 0 on success, anything else
 * on failure: the board's own code, which wisp does not interpret (it
 * reports WISP_ERR_IO_READ/PROG/ERASE). Programming may only clear bits
 * (NOR); offsets and lengths given to flash_prog are multiples of
 * flash_prog_size. The coredump slot is [slot_offset, slot_offset +
 * slot_length), block-aligned. See port/README.md. */
typedef struct wisp_port wisp_port;
struct wisp_port {
    void *ctx; /* the board's state, for its callbacks */
    int (*flash_read)(const wisp_port *port, uint32_t off, void *buf, uint32_t len);
    int (*flash_prog)(const wisp_port *port, uint32_t off, const void *buf, uint32_t len);
    int (*flash_erase)(const wisp_port *port, uint32_t block); /* block: off / block size */
    uint32_t flash_block_size; /* erase unit, a multiple of flash_prog_size */
    uint32_t flash_prog_size;  /* program unit: a power of two, at most WISP_SLOT_BUFFER */
    uint32_t slot_offset;      /* the coredump slot, in whole blocks */
    uint32_t slot_length;
    /* All `len` bytes, or fail (a board whose USB drops bytes when nobody
     * listens may still return 0: the host's CRCs catch the loss). */
    int (*serial_write)(const wisp_port *port, const void *buf, uint32_t len);
    /* Up to `len` bytes: the count read, 0 when none came within
     * timeout_ms (0 = do not wait), negative on failure. */
    int (*serial_read)(const wisp_port *port, void *buf, uint32_t len, uint32_t timeout_ms);
    uint32_t (*millis)(const wisp_port *port); /* free-running, wraps */
};

/* Results beyond wisp_err's, SQLite-style: the low 5 bits are the primary
 * code, the top 3 bits the detail (WISP_ERR_PRIMARY(e) == WISP_ERR_IO for
 * every IO code). 8 bits in all: wisp_err is a one-byte enum on arm-none-eabi
 * (-fshort-enums). */
#define WISP_ERR_PRIMARY(e) ((wisp_err)((unsigned)(e) & 31u))
#define WISP_ERR_IO ((wisp_err)20)                      /* the port failed */
#define WISP_ERR_IO_READ ((wisp_err)(20 | 1 << 5))      /* flash_read */
#define WISP_ERR_IO_PROG ((wisp_err)(20 | 2 << 5))      /* flash_prog */
#define WISP_ERR_IO_ERASE ((wisp_err)(20 | 3 << 5))     /* flash_erase */
#define WISP_ERR_IO_VERIFY ((wisp_err)(20 | 4 << 5))    /* flash read back differs */
#define WISP_ERR_IO_SERIAL ((wisp_err)(20 | 5 << 5))    /* serial_write or serial_read */
#define WISP_ERR_FULL ((wisp_err)21) /* the dump does not fit the slot; the old one is kept */

/* wisp_err_str, knowing the codes above too. */
const char *wisp_port_err_str(wisp_err e);

/* CRC-32 (IEEE 802.3, zlib's crc32): pass 0 first, then the previous
 * result to continue. */
uint32_t wisp_crc32(uint32_t crc, const void *bytes, size_t len);

#ifdef __cplusplus
}
#endif
#endif

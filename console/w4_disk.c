/* WASM-4's disk in a board's flash (wisp_console.h): two copies in the two
 * halves of the region, each a header and up to 1,024 bytes. A save
 * erases and writes the half that does not hold the newest copy, the data
 * first and its header last; the header's CRC covers both. A power cut at
 * any moment therefore leaves the newest copy that was whole (the old one,
 * or the new one once its header is down), never a mixture: the same rule
 * as the coredump slot (coredump/sink_slot.c). */
#include "wisp_console.h"

#define DISK_MAGIC 0x4b443457u /* "W4DK" */
#define HEADER 16u             /* magic, sequence, length, crc */
#define CHUNK 256u             /* the largest program unit (WISP_SLOT_BUFFER) */

typedef struct copy {
    uint32_t at;    /* the half's offset */
    bool valid;
    uint32_t seq, len;
} copy;

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t round_up(uint32_t n, uint32_t unit) { return (n + unit - 1) / unit * unit; }

/* The geometry: each half, in whole blocks, must hold a copy. */
static wisp_err halves(const wisp_port *port, uint32_t offset, uint32_t length, uint32_t *half,
                       uint32_t *data_at)
{
    const uint32_t block = port->flash_block_size, prog = port->flash_prog_size;
    if (!block || !prog || prog > CHUNK || block % prog || offset % block)
        return WISP_ERR_ARG;
    *half = length / 2 / block * block;
    *data_at = round_up(HEADER, prog);
    if (*half < *data_at + round_up(WISP_W4_DISK_SIZE, prog))
        return WISP_ERR_ARG;
    return WISP_OK;
}

/* The copy in the half at `at`: whole when its header is and the CRC of
 * sequence, length and data matches. */
static wisp_err read_copy(const wisp_port *port, uint32_t at, uint32_t data_at, copy *c)
{
    uint8_t h[HEADER], buf[64];
    c->at = at;
    c->valid = false;
    if (port->flash_read(port, at, h, HEADER))
        return WISP_ERR_IO_READ;
    c->seq = get32(h + 4);
    c->len = get32(h + 8);
    if (get32(h) != DISK_MAGIC || c->len > WISP_W4_DISK_SIZE)
        return WISP_OK;
    uint32_t crc = wisp_crc32(0, h + 4, 8);
    for (uint32_t done = 0; done < c->len;) {
        const uint32_t n = c->len - done < sizeof buf ? c->len - done : (uint32_t)sizeof buf;
        if (port->flash_read(port, at + data_at + done, buf, n))
            return WISP_ERR_IO_READ;
        crc = wisp_crc32(crc, buf, n);
        done += n;
    }
    c->valid = crc == get32(h + 12);
    return WISP_OK;
}

/* Both copies; *newest the whole one with the later sequence, or NULL. */
static wisp_err read_both(const wisp_port *port, uint32_t offset, uint32_t half, uint32_t data_at,
                          copy c[2], const copy **newest)
{
    for (int i = 0; i < 2; i++) {
        wisp_err e = read_copy(port, offset + (uint32_t)i * half, data_at, &c[i]);
        if (e != WISP_OK)
            return e;
    }
    *newest = NULL;
    if (c[0].valid && c[1].valid)
        *newest = (int32_t)(c[1].seq - c[0].seq) > 0 ? &c[1] : &c[0];
    else if (c[0].valid || c[1].valid)
        *newest = c[0].valid ? &c[0] : &c[1];
    return WISP_OK;
}

wisp_err wisp_w4_disk_load(const wisp_port *port, uint32_t offset, uint32_t length,
                           uint8_t *data, uint32_t *len)
{
    uint32_t half, data_at;
    *len = 0;
    wisp_err e = halves(port, offset, length, &half, &data_at);
    copy c[2];
    const copy *newest;
    if (e == WISP_OK)
        e = read_both(port, offset, half, data_at, c, &newest);
    if (e != WISP_OK || !newest)
        return e; /* none: an empty disk */
    if (port->flash_read(port, newest->at + data_at, data, newest->len))
        return WISP_ERR_IO_READ;
    *len = newest->len;
    return WISP_OK;
}

/* Programs n bytes at off, the last unit padded with 0xff. */
static wisp_err prog(const wisp_port *port, uint32_t off, const uint8_t *p, uint32_t n)
{
    const uint32_t unit = port->flash_prog_size;
    const uint32_t whole = n / unit * unit;
    if (whole && port->flash_prog(port, off, p, whole))
        return WISP_ERR_IO_PROG;
    if (whole < n) {
        uint8_t last[CHUNK];
        for (uint32_t i = 0; i < unit; i++)
            last[i] = whole + i < n ? p[whole + i] : 0xff;
        if (port->flash_prog(port, off + whole, last, unit))
            return WISP_ERR_IO_PROG;
    }
    return WISP_OK;
}

wisp_err wisp_w4_disk_save(const wisp_port *port, uint32_t offset, uint32_t length,
                           const uint8_t *data, uint32_t len)
{
    uint32_t half, data_at;
    if (len > WISP_W4_DISK_SIZE)
        return WISP_ERR_ARG;
    wisp_err e = halves(port, offset, length, &half, &data_at);
    copy c[2];
    const copy *newest;
    if (e == WISP_OK)
        e = read_both(port, offset, half, data_at, c, &newest);
    if (e != WISP_OK)
        return e;
    /* into the half that does not hold the newest copy */
    const uint32_t at = newest == &c[0] ? offset + half : offset;
    const uint32_t seq = newest ? newest->seq + 1 : 1;
    for (uint32_t b = 0; b < half / port->flash_block_size; b++)
        if (port->flash_erase(port, at / port->flash_block_size + b))
            return WISP_ERR_IO_ERASE;
    if ((e = prog(port, at + data_at, data, len)) != WISP_OK)
        return e;
    uint8_t h[CHUNK];
    put32(h, DISK_MAGIC);
    put32(h + 4, seq);
    put32(h + 8, len);
    uint32_t crc = wisp_crc32(0, h + 4, 8);
    put32(h + 12, wisp_crc32(crc, data, len));
    if ((e = prog(port, at, h, HEADER)) != WISP_OK) /* the header last: the commit */
        return e;
    copy check;
    if ((e = read_copy(port, at, data_at, &check)) != WISP_OK)
        return e;
    return check.valid && check.seq == seq && check.len == len ? WISP_OK : WISP_ERR_IO_VERIFY;
}

/* The flash-slot sink: one coredump kept in the port's reserved flash
 * region across a reset, and what the firmware needs afterwards: find it,
 * send it over serial, erase it, and a one-line command handler.
 *
 * Layout (slot-relative; P = flash_prog_size, up() rounds up to P):
 *
 *   0         header, 32 bytes, then 0xFF up to up(32)
 *               0  "wispcore"
 *               8  u16 version (1)       10  u16 header size (32)
 *              12  u32 seq               16  u32 dump length
 *              20  u32 CRC-32 of the dump
 *              24  u32 data offset (D, below; a reader with another P refuses)
 *              28  u32 CRC-32 of bytes 0..27
 *   up(32)    commit mark "done", then 0xFF up to up(4)
 *   D = up(32) + up(4)   the dump, then 0xFF up to up(length)
 *   (all integers little-endian)
 *
 * Writing, in this order, each step only after the one before returned:
 *   1. erase the blocks holding header and commit mark (block 0 first);
 *   2. program the dump, erasing each further block just before it is
 *      first used (only as many blocks as the dump needs get erased);
 *   3. read the dump back and check its CRC (a worn cell fails here, not
 *      later), then program the header;
 *   4. program the commit mark, in a program operation of its own.
 *
 * Why a power cut cannot leave a damaged dump that looks valid: a dump is
 * valid only with the exact commit mark, a header whose CRC matches, and
 * dump bytes whose CRC matches the header's. The mark is programmed last,
 * alone, and only after the header and the whole dump were programmed and
 * read back; programming only clears bits, so a mark cut short is missing
 * at least one cleared bit and is not "done". Before step 4 completes there
 * is thus no valid dump, after it the new one. The old dump dies in step 1:
 * if that erase is cut, whatever of the old header, mark and data survived
 * must still pass all three checks, so a partly erased old dump is rejected
 * (its header or data no longer match their CRCs; a chip erasing in any
 * order makes that a CRC-32 certainty, 1 - 2^-32, the only check here that
 * is not absolute) and an untouched one is still the previous valid dump. So after a cut: the old dump, or none, or
 * (cut after step 4) the new one. tests/port/slot_power.c cuts at every byte
 * of every erase and program, in order and scattered, and checks exactly
 * this. We keep one slot, not A/B copies: a coredump wants the whole slot,
 * and losing the old dump to a cut during the next crash loses little.
 *
 * Every unit is programmed once per erase (ECC flash forbids programming
 * twice), so the old dump is never "revoked" by overwriting its mark.
 *
 * RAM: the writer is WISP_SLOT_BUFFER + 32 bytes (on the stack in
 * wisp_slot_coredump); find uses 64 bytes of stack for reading, send a
 * wisp_uart and 64 bytes, the command handler the caller's 35-byte
 * wisp_cmd. */
#include "wisp.h"
#include "wisp_sink.h"

#define HDR_SIZE 32u
#define SLOT_VERSION 1u
#define READ_CHUNK 64u

static const uint8_t hdr_magic[8] = {'w', 'i', 's', 'p', 'c', 'o', 'r', 'e'};
static const uint8_t commit_mark[4] = {'d', 'o', 'n', 'e'};

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t round_up(uint32_t n, uint32_t unit)
{
    return (n + unit - 1) & ~(unit - 1);
}

/* The port's geometry is usable; *data_off = D. */
static wisp_err geometry(const wisp_port *p, uint32_t *data_off)
{
    if (!p || !p->flash_read || !p->flash_prog || !p->flash_erase)
        return WISP_ERR_ARG;
    uint32_t ps = p->flash_prog_size, bs = p->flash_block_size;
    if (ps == 0 || ps > WISP_SLOT_BUFFER || (ps & (ps - 1)) || bs == 0 || bs % ps ||
        p->slot_offset % bs || p->slot_length % bs || p->slot_offset > UINT32_MAX - p->slot_length)
        return WISP_ERR_ARG;
    *data_off = round_up(HDR_SIZE, ps) + round_up(sizeof commit_mark, ps);
    if (p->slot_length <= *data_off)
        return WISP_ERR_ARG;
    return WISP_OK;
}

static wisp_err flash_read(const wisp_port *p, uint32_t rel, void *buf, uint32_t len)
{
    return p->flash_read(p, p->slot_offset + rel, buf, len) == 0 ? WISP_OK : WISP_ERR_IO_READ;
}

static wisp_err flash_prog(const wisp_port *p, uint32_t rel, const void *buf, uint32_t len)
{
    return p->flash_prog(p, p->slot_offset + rel, buf, len) == 0 ? WISP_OK : WISP_ERR_IO_PROG;
}

/* Erases slot blocks from `*erased` until `end` is covered. */
static wisp_err erase_to(const wisp_port *p, uint32_t *erased, uint32_t end)
{
    while (*erased < end) {
        uint32_t block = (p->slot_offset + *erased) / p->flash_block_size;
        if (p->flash_erase(p, block) != 0)
            return WISP_ERR_IO_ERASE;
        *erased += p->flash_block_size;
    }
    return WISP_OK;
}

/* CRC-32 of `len` slot bytes from `rel`. */
static wisp_err crc_of(const wisp_port *p, uint32_t rel, uint32_t len, uint32_t *crc)
{
    uint8_t buf[READ_CHUNK];
    uint32_t c = 0;
    while (len) {
        uint32_t n = len < READ_CHUNK ? len : READ_CHUNK;
        wisp_err e = flash_read(p, rel, buf, n);
        if (e != WISP_OK)
            return e;
        c = wisp_crc32(c, buf, n);
        rel += n;
        len -= n;
    }
    *crc = c;
    return WISP_OK;
}

/* The header at slot offset 0, if its magic, version, geometry and CRC are
 * right (the commit mark and the data are not checked here). */
static bool header_ok(const uint8_t *h, uint32_t data_off)
{
    for (uint32_t i = 0; i < sizeof hdr_magic; i++)
        if (h[i] != hdr_magic[i])
            return false;
    return h[8] == SLOT_VERSION && h[9] == 0 && h[10] == HDR_SIZE && h[11] == 0 &&
           get_le32(h + 24) == data_off && get_le32(h + 28) == wisp_crc32(0, h, 28);
}

/* ---- writing ------------------------------------------------------------ */

static void fail(wisp_slot_writer *w, wisp_err e)
{
    if (w->err == WISP_OK)
        w->err = e;
}

/* Programs dump bytes at dump position `at` (a multiple of P). */
static void prog_data(wisp_slot_writer *w, uint32_t at, const uint8_t *src, uint32_t n)
{
    uint32_t rel = w->data_off + at;
    wisp_err e = erase_to(w->port, &w->erased, rel + n);
    if (e == WISP_OK)
        e = flash_prog(w->port, rel, src, n);
    fail(w, e);
}

static wisp_err slot_write(void *ctx, const uint8_t *bytes, size_t len)
{
    wisp_slot_writer *w = (wisp_slot_writer *)ctx;
    if (w->err)
        return w->err;
    if (len > w->port->slot_length - w->data_off - w->pos) {
        fail(w, WISP_ERR_FULL);
        return w->err;
    }
    uint32_t ps = w->port->flash_prog_size;
    w->crc = wisp_crc32(w->crc, bytes, len);
    while (len && !w->err) {
        if (w->used == 0 && len >= ps) { /* whole units straight from the caller's bytes */
            uint32_t n = (uint32_t)len & ~(ps - 1);
            prog_data(w, w->pos, bytes, n);
            w->pos += n;
            bytes += n;
            len -= n;
            continue;
        }
        uint32_t n = WISP_SLOT_BUFFER - w->used;
        if (n > len)
            n = (uint32_t)len;
        for (uint32_t i = 0; i < n; i++)
            w->buf[w->used + i] = bytes[i];
        w->used += n;
        w->pos += n;
        bytes += n;
        len -= n;
        if (w->used == WISP_SLOT_BUFFER) {
            prog_data(w, w->pos - w->used, w->buf, w->used);
            w->used = 0;
        }
    }
    return w->err;
}

wisp_err wisp_slot_begin(wisp_slot_writer *w, const wisp_port *port)
{
    if (!w)
        return WISP_ERR_ARG;
    w->port = port;
    w->pos = w->crc = w->used = w->erased = 0;
    w->err = geometry(port, &w->data_off);
    if (w->err)
        return w->err;
    /* The sequence number continues the stored header's, valid or not
     * otherwise: it only tells dumps apart. */
    uint8_t *h = w->buf;
    fail(w, flash_read(port, 0, h, HDR_SIZE));
    w->seq = !w->err && header_ok(h, w->data_off) ? get_le32(h + 12) + 1 : 1;
    if (w->seq == 0)
        w->seq = 1;
    if (!w->err)
        fail(w, erase_to(port, &w->erased, w->data_off));
    return w->err;
}

wisp_sink wisp_slot_sink(wisp_slot_writer *w)
{
    wisp_sink s = {slot_write, w};
    return s;
}

wisp_err wisp_slot_finish(wisp_slot_writer *w)
{
    if (w->err)
        return w->err;
    const wisp_port *p = w->port;
    uint32_t ps = p->flash_prog_size;
    if (w->used) { /* the tail, padded with 0xFF (leaves erased bits alone) */
        uint32_t n = round_up(w->used, ps);
        for (uint32_t i = w->used; i < n; i++)
            w->buf[i] = 0xff;
        prog_data(w, w->pos - w->used, w->buf, n);
        w->used = 0;
        if (w->err)
            return w->err;
    }
    uint32_t crc;
    fail(w, crc_of(p, w->data_off, w->pos, &crc));
    if (!w->err && crc != w->crc)
        fail(w, WISP_ERR_IO_VERIFY);
    if (w->err)
        return w->err;

    uint8_t *h = w->buf;
    uint32_t hlen = round_up(HDR_SIZE, ps);
    for (uint32_t i = 0; i < hlen; i++)
        h[i] = i < sizeof hdr_magic ? hdr_magic[i] : 0xff;
    h[8] = SLOT_VERSION;
    h[9] = 0;
    h[10] = HDR_SIZE;
    h[11] = 0;
    put_le32(h + 12, w->seq);
    put_le32(h + 16, w->pos);
    put_le32(h + 20, w->crc);
    put_le32(h + 24, w->data_off);
    put_le32(h + 28, wisp_crc32(0, h, 28));
    fail(w, flash_prog(p, 0, h, hlen));
    if (w->err)
        return w->err;

    uint32_t clen = round_up(sizeof commit_mark, ps);
    for (uint32_t i = 0; i < clen; i++)
        h[i] = i < sizeof commit_mark ? commit_mark[i] : 0xff;
    fail(w, flash_prog(p, hlen, h, clen));
    if (w->err)
        return w->err;

    wisp_slot_info info; /* what the next boot will see */
    wisp_err e = wisp_slot_find(p, &info);
    if (e == WISP_ERR_NOT_FOUND || (e == WISP_OK && info.length != w->pos))
        e = WISP_ERR_IO_VERIFY;
    fail(w, e);
    return w->err;
}

static wisp_err count_write(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)bytes;
    *(uint64_t *)ctx += len;
    return WISP_OK;
}

wisp_err wisp_slot_coredump(const wisp_port *port, wisp_instance *inst,
                            const wisp_coredump_options *opt)
{
    uint32_t data_off;
    wisp_err e = geometry(port, &data_off);
    if (e != WISP_OK)
        return e;
    /* Measure first: a dump that cannot fit must not cost the stored one. */
    uint64_t total = 0;
    wisp_sink counter = {count_write, &total};
    e = wisp_coredump_write(inst, opt, &counter);
    if (e != WISP_OK)
        return e;
    if (total > port->slot_length - data_off)
        return WISP_ERR_FULL;
    wisp_slot_writer w;
    e = wisp_slot_begin(&w, port);
    if (e != WISP_OK)
        return e;
    wisp_sink sink = wisp_slot_sink(&w);
    e = wisp_coredump_write(inst, opt, &sink);
    if (e != WISP_OK)
        return e;
    return wisp_slot_finish(&w);
}

/* ---- after the reset ------------------------------------------------------ */

wisp_err wisp_slot_find(const wisp_port *port, wisp_slot_info *out)
{
    uint32_t data_off;
    wisp_err e = out ? geometry(port, &data_off) : WISP_ERR_ARG;
    if (e != WISP_OK)
        return e;
    uint8_t h[HDR_SIZE];
    e = flash_read(port, 0, h, HDR_SIZE);
    if (e != WISP_OK)
        return e;
    if (!header_ok(h, data_off))
        return WISP_ERR_NOT_FOUND;
    uint32_t len = get_le32(h + 16);
    if (len > port->slot_length - data_off)
        return WISP_ERR_NOT_FOUND;
    uint8_t mark[sizeof commit_mark];
    e = flash_read(port, round_up(HDR_SIZE, port->flash_prog_size), mark, sizeof mark);
    if (e != WISP_OK)
        return e;
    for (uint32_t i = 0; i < sizeof mark; i++)
        if (mark[i] != commit_mark[i])
            return WISP_ERR_NOT_FOUND;
    uint32_t crc;
    e = crc_of(port, data_off, len, &crc);
    if (e != WISP_OK)
        return e;
    if (crc != get_le32(h + 20))
        return WISP_ERR_NOT_FOUND;
    out->length = len;
    out->seq = get_le32(h + 12);
    out->data_offset = port->slot_offset + data_off;
    return WISP_OK;
}

wisp_err wisp_slot_send(const wisp_port *port)
{
    wisp_slot_info info;
    wisp_err e = wisp_slot_find(port, &info);
    if (e == WISP_ERR_NOT_FOUND) {
        e = wisp_uart_none(port);
        return e != WISP_OK ? e : WISP_ERR_NOT_FOUND;
    }
    if (e != WISP_OK)
        return e;
    wisp_uart u;
    e = wisp_uart_begin(&u, port, info.length, info.seq, 1);
    wisp_sink sink = wisp_uart_sink(&u);
    uint8_t buf[READ_CHUNK];
    uint32_t rel = info.data_offset - port->slot_offset;
    for (uint32_t at = 0; e == WISP_OK && at < info.length; at += READ_CHUNK) {
        uint32_t n = info.length - at < READ_CHUNK ? info.length - at : READ_CHUNK;
        e = flash_read(port, rel + at, buf, n);
        if (e == WISP_OK)
            e = sink.write(sink.ctx, buf, n);
    }
    /* A read failure ends the stream without an end packet: the host
     * reports it truncated rather than taking a short dump. */
    return e != WISP_OK ? e : wisp_uart_end(&u);
}

wisp_err wisp_slot_erase(const wisp_port *port)
{
    uint32_t data_off, erased = 0;
    wisp_err e = geometry(port, &data_off);
    return e != WISP_OK ? e : erase_to(port, &erased, port->slot_length);
}

/* ---- the command line ------------------------------------------------------ */

static bool line_is(const wisp_cmd *c, const char *s)
{
    uint32_t i = 0;
    for (; s[i]; i++)
        if (i >= c->len || c->line[i] != s[i])
            return false;
    return i == c->len;
}

static wisp_err run_line(const wisp_port *port, wisp_cmd *c)
{
    while (c->len && (c->line[c->len - 1] == '\r' || c->line[c->len - 1] == ' '))
        c->len--;
    if (line_is(c, "coredump?")) {
        c->last = WISP_CMD_SEND;
        wisp_err e = wisp_slot_send(port);
        return e == WISP_ERR_NOT_FOUND ? WISP_OK : e; /* "none" is an answer */
    }
    if (line_is(c, "coredump erase")) {
        c->last = WISP_CMD_ERASE;
        wisp_err e = wisp_slot_erase(port);
        return e != WISP_OK ? e : wisp_uart_none(port);
    }
    return WISP_OK; /* not ours: the line may be for another protocol */
}

wisp_err wisp_port_poll_command(const wisp_port *port, wisp_cmd *cmd, uint32_t timeout_ms)
{
    if (!port || !cmd || !port->serial_read)
        return WISP_ERR_ARG;
    cmd->last = WISP_CMD_NONE;
    uint32_t start = port->millis ? port->millis(port) : 0;
    /* Bounded: a stream of bytes without a newline must not hold the
     * caller's loop for ever. */
    for (uint32_t budget = 4 * sizeof cmd->line; budget; budget--) {
        uint32_t waited = port->millis ? port->millis(port) - start : 0; /* wraps fine */
        uint32_t left = waited < timeout_ms ? timeout_ms - waited : 0;
        uint8_t ch;
        int n = port->serial_read(port, &ch, 1, left);
        if (n < 0)
            return WISP_ERR_IO_SERIAL;
        if (n == 0)
            return WISP_OK; /* nothing more within the time: keep the partial line */
        if (ch == '\n') {
            wisp_err e = cmd->overflow ? WISP_OK : run_line(port, cmd);
            cmd->len = 0;
            cmd->overflow = false;
            return e; /* one command per call: the caller's loop gets its turn */
        }
        if (cmd->len < sizeof cmd->line)
            cmd->line[cmd->len++] = (char)ch;
        else
            cmd->overflow = true;
    }
    return WISP_OK;
}

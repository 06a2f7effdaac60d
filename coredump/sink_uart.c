/* The UART sink: a coredump as COBS-framed packets on the port's serial
 * line, findable by `wisp pull` in a stream full of log text.
 *
 * COBS (the framing Firefly Zero's serial protocol uses) turns a packet
 * into bytes without 0x00, so 0x00 can end it: a reader that joins a stream
 * midway, or sees text between packets, resynchronises at the next 0x00.
 * Each packet is also preceded by a 0x00, so text that arrived before it
 * (a log line without a 0x00 of its own) ends up in a fragment of its own
 * instead of being glued to the packet's front. Every packet carries a
 * CRC-32, so noise that happens to decode is ignored, and a damaged data
 * packet is told apart from noise by its offset (see tools/pull/pull_decode.c).
 *
 * Packets are at most 3 + 4 + 240 + 4 = 251 bytes, under COBS's 254-byte
 * block, so the encoder needs no buffer of its own: it writes each run of
 * non-zero bytes straight from the packet buffer, after its code byte.
 * RAM: the wisp_uart (WISP_UART_CHUNK + 35 bytes), wherever the caller puts
 * it; wisp_uart_coredump puts it on the stack. */
#include "wisp.h"
#include "wisp_sink.h"

#define PKT_HEAD 3u /* 'W' 'D' type */
#define PKT_CRC 4u
#define DATA_AT (PKT_HEAD + 4u) /* after the offset */

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static wisp_err serial_out(const wisp_port *port, const uint8_t *p, uint32_t len)
{
    return port->serial_write(port, p, len) == 0 ? WISP_OK : WISP_ERR_IO_SERIAL;
}

/* 0x00, COBS(pkt[0..len) + its CRC), 0x00. pkt must have PKT_CRC spare
 * bytes at the end for the CRC. */
static wisp_err send_packet(const wisp_port *port, uint8_t *pkt, uint32_t len)
{
    static const uint8_t zero = 0;
    put_le32(pkt + len, wisp_crc32(0, pkt, len));
    len += PKT_CRC;
    wisp_err e = serial_out(port, &zero, 1);
    uint32_t i = 0;
    while (e == WISP_OK) {
        uint32_t run = 0;
        while (i + run < len && pkt[i + run] != 0 && run < 254)
            run++;
        uint8_t code = (uint8_t)(run + 1);
        e = serial_out(port, &code, 1);
        if (e == WISP_OK && run)
            e = serial_out(port, pkt + i, run);
        i += run;
        if (i == len)
            break;       /* the frame's end stands for the last block's zero */
        if (run < 254)
            i++;         /* the zero this block's code stands for */
    }
    if (e == WISP_OK)
        e = serial_out(port, &zero, 1);
    return e;
}

static void packet_start(uint8_t *pkt, uint8_t type)
{
    pkt[0] = 'W';
    pkt[1] = 'D';
    pkt[2] = type;
}

static void fail(wisp_uart *u, wisp_err e)
{
    if (u->err == WISP_OK)
        u->err = e;
}

static void flush_data(wisp_uart *u)
{
    if (u->used == 0 || u->err)
        return;
    packet_start(u->pkt, 'D');
    put_le32(u->pkt + PKT_HEAD, u->pos - u->used);
    fail(u, send_packet(u->port, u->pkt, DATA_AT + u->used));
    u->used = 0;
}

static wisp_err uart_write(void *ctx, const uint8_t *bytes, size_t len)
{
    wisp_uart *u = (wisp_uart *)ctx;
    if (u->err)
        return u->err;
    if (len > u->total - u->pos) /* more than the header announced */
        fail(u, WISP_ERR_ARG);
    while (len && !u->err) {
        uint32_t n = WISP_UART_CHUNK - u->used;
        if (n > len)
            n = (uint32_t)len;
        uint8_t *dst = u->pkt + DATA_AT + u->used;
        for (uint32_t i = 0; i < n; i++)
            dst[i] = bytes[i];
        u->crc = wisp_crc32(u->crc, bytes, n);
        u->used += n;
        u->pos += n;
        bytes += n;
        len -= n;
        if (u->used == WISP_UART_CHUNK)
            flush_data(u);
    }
    return u->err;
}

wisp_err wisp_uart_begin(wisp_uart *u, const wisp_port *port, uint32_t total, uint32_t seq,
                         uint8_t flags)
{
    if (!u || !port || !port->serial_write)
        return WISP_ERR_ARG;
    u->port = port;
    u->total = total;
    u->pos = 0;
    u->crc = 0;
    u->err = WISP_OK;
    u->used = 0;
    uint8_t *p = u->pkt;
    packet_start(p, 'H');
    p[3] = 1; /* format version */
    p[4] = flags;
    p[5] = (uint8_t)WISP_UART_CHUNK;
    p[6] = (uint8_t)(WISP_UART_CHUNK >> 8);
    put_le32(p + 7, total);
    put_le32(p + 11, seq);
    fail(u, send_packet(port, p, 15));
    return u->err;
}

wisp_sink wisp_uart_sink(wisp_uart *u)
{
    wisp_sink s = {uart_write, u};
    return s;
}

wisp_err wisp_uart_end(wisp_uart *u)
{
    flush_data(u);
    if (u->err)
        return u->err;
    if (u->pos != u->total) { /* fewer bytes than announced: no end packet, the host sees it cut */
        fail(u, WISP_ERR_ARG);
        return u->err;
    }
    packet_start(u->pkt, 'E');
    put_le32(u->pkt + 3, u->total);
    put_le32(u->pkt + 7, u->crc);
    fail(u, send_packet(u->port, u->pkt, 11));
    return u->err;
}

wisp_err wisp_uart_none(const wisp_port *port)
{
    uint8_t pkt[PKT_HEAD + PKT_CRC];
    if (!port || !port->serial_write)
        return WISP_ERR_ARG;
    packet_start(pkt, 'N');
    return send_packet(port, pkt, PKT_HEAD);
}

static wisp_err count_write(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)bytes;
    *(uint64_t *)ctx += len;
    return WISP_OK;
}

wisp_err wisp_uart_coredump(const wisp_port *port, wisp_instance *inst,
                            const wisp_coredump_options *opt)
{
    /* The header announces the length (for the host's progress and its
     * truncation check), and the writer cannot seek: so a counting pass
     * first. It costs time, not memory; the instance is stopped, so both
     * passes see the same state (and uart_write/end catch it if not). */
    uint64_t total = 0;
    wisp_sink counter = {count_write, &total};
    wisp_err e = wisp_coredump_write(inst, opt, &counter);
    if (e != WISP_OK)
        return e;
    if (total > UINT32_MAX)
        return WISP_ERR_FULL;
    wisp_uart u;
    e = wisp_uart_begin(&u, port, (uint32_t)total, 0, 0);
    if (e != WISP_OK)
        return e;
    wisp_sink sink = wisp_uart_sink(&u);
    e = wisp_coredump_write(inst, opt, &sink);
    if (e != WISP_OK)
        return e;
    return wisp_uart_end(&u);
}

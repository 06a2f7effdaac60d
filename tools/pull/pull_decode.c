/* The framed-coredump decoder of `wisp pull` (see pull_decode.h). */
#include "pull_decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wisp.h"
#include "wisp_port.h"

#define PKT_MIN 7u /* 'W' 'D' type + CRC */
#define HDR_LEN 19u
#define END_LEN 15u
#define DATA_AT 7u /* after 'W' 'D' 'D' offset */
#define FORMAT_VERSION 1u

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void pd_init(pd_decoder *d)
{
    memset(d, 0, sizeof *d);
}

void pd_free(pd_decoder *d)
{
    free(d->data);
    d->data = NULL;
}

/* COBS-decodes seg into out (at most seg_len bytes); -1 if malformed. */
static long cobs_decode(const uint8_t *seg, size_t n, uint8_t *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t code = seg[i++];
        if (code == 0 || i + (size_t)(code - 1) > n)
            return -1;
        for (uint8_t k = 1; k < code; k++)
            out[o++] = seg[i++];
        if (code < 0xff && i < n)
            out[o++] = 0;
    }
    return (long)o;
}

/* The chunk at dump offset `at`, for messages: "chunk 3 (dump bytes 720-959)". */
static void chunk_text(const pd_decoder *d, uint32_t at, char *buf, size_t size)
{
    uint32_t idx = at / d->chunk, nchunks = (d->total + d->chunk - 1) / d->chunk;
    uint32_t end = d->total - at < d->chunk ? d->total : at + d->chunk;
    snprintf(buf, size, "chunk %u of %u (dump bytes %u-%u)", idx, nchunks, at,
             end ? end - 1 : 0);
}

/* The dump cannot continue at `got`: a damaged chunk or a missing one. */
static pd_status gap(pd_decoder *d, const char *next)
{
    char c[96];
    chunk_text(d, d->got, c, sizeof c);
    if (d->suspect)
        snprintf(d->error, sizeof d->error,
                 "CRC mismatch in %s: it arrived damaged, and no good copy followed", c);
    else
        snprintf(d->error, sizeof d->error, "%s is missing: %s", c, next);
    return PD_ERROR;
}

static pd_status header(pd_decoder *d, const uint8_t *p, size_t n)
{
    if (p[3] != FORMAT_VERSION) {
        snprintf(d->error, sizeof d->error,
                 "the device frames its coredump in format version %u; this wisp reads "
                 "version %u",
                 p[3], FORMAT_VERSION);
        return PD_ERROR;
    }
    uint32_t chunk = (uint32_t)p[5] | (uint32_t)p[6] << 8, total = le32(p + 7);
    if (n != HDR_LEN || chunk == 0 || chunk > PD_SEG_MAX) {
        d->damaged++;
        return PD_MORE;
    }
    if (total > PD_MAX_DUMP) {
        snprintf(d->error, sizeof d->error,
                 "the device announces a %u-byte coredump, more than the %u this wisp takes",
                 total, PD_MAX_DUMP);
        return PD_ERROR;
    }
    if (d->in_dump) { /* the device started over (reset?) */
        d->abandoned++;
        d->abandoned_got = d->got;
        d->abandoned_total = d->total;
    }
    uint8_t *data = realloc(d->data, total ? total : 1);
    if (!data) {
        snprintf(d->error, sizeof d->error, "out of memory for a %u-byte coredump", total);
        return PD_ERROR;
    }
    d->data = data;
    d->in_dump = true;
    d->version = p[3];
    d->flags = p[4];
    d->chunk = chunk;
    d->total = total;
    d->seq = le32(p + 11);
    d->got = d->crc = 0;
    d->suspect = d->skipped = false;
    return PD_MORE;
}

static pd_status data(pd_decoder *d, const uint8_t *p, size_t n)
{
    uint32_t off = le32(p + 3), len = (uint32_t)(n - DATA_AT - 4);
    if (!d->in_dump) {
        d->orphans++;
        return PD_MORE;
    }
    if (off < d->got) /* a repeat: the first copy counted */
        return PD_MORE;
    if (off > d->got) { /* a chunk missing, or a stray: the end packet decides */
        if (!d->skipped)
            d->skipped_at = off;
        d->skipped = true;
        return PD_MORE;
    }
    if (len > d->chunk || len > d->total - d->got) {
        char c[96];
        chunk_text(d, d->got, c, sizeof c);
        snprintf(d->error, sizeof d->error, "%s holds %u bytes, more than announced", c, len);
        return PD_ERROR;
    }
    memcpy(d->data + d->got, p + DATA_AT, len);
    d->crc = wisp_crc32(d->crc, p + DATA_AT, len);
    d->got += len;
    d->suspect = false;
    return PD_MORE;
}

static pd_status end(pd_decoder *d, const uint8_t *p, size_t n)
{
    if (n != END_LEN) {
        d->damaged++;
        return PD_MORE;
    }
    if (!d->in_dump) {
        d->orphans++;
        return PD_MORE;
    }
    if (d->got < d->total) {
        char next[80];
        if (d->skipped)
            snprintf(next, sizeof next, "the packets after it started at byte %u",
                     d->skipped_at);
        else
            snprintf(next, sizeof next, "the end packet came next");
        return gap(d, next);
    }
    if (le32(p + 3) != d->total) {
        snprintf(d->error, sizeof d->error,
                 "the end packet says %u bytes, the header said %u", le32(p + 3), d->total);
        return PD_ERROR;
    }
    if (le32(p + 7) != d->crc) {
        snprintf(d->error, sizeof d->error,
                 "CRC mismatch over the whole dump (the device says %08x, the chunks "
                 "give %08x) although every chunk's CRC matched",
                 le32(p + 7), d->crc);
        return PD_ERROR;
    }
    d->in_dump = false;
    return PD_DONE;
}

/* One piece between two 0x00s. */
static pd_status piece(pd_decoder *d)
{
    uint8_t p[PD_SEG_MAX];
    size_t seg_len = d->seg_len;
    bool too_long = d->seg_long;
    d->seg_len = 0;
    d->seg_long = false;
    if (seg_len == 0 && !too_long)
        return PD_MORE;
    long n = too_long ? -1 : cobs_decode(d->seg, seg_len, p);
    if (n < (long)PKT_MIN || p[0] != 'W' || p[1] != 'D') {
        d->noise += seg_len;
        return PD_MORE;
    }
    if (wisp_crc32(0, p, (size_t)n - 4) != le32(p + n - 4)) {
        d->damaged++;
        /* A damaged data packet for the offset we wait for: remember it, so
         * the error names this chunk if no good copy comes. */
        if (p[2] == 'D' && d->in_dump && n > (long)DATA_AT + 4 && le32(p + 3) == d->got)
            d->suspect = true;
        return PD_MORE;
    }
    d->packets++;
    switch (p[2]) {
    case 'H': return n >= (long)HDR_LEN ? header(d, p, (size_t)n) : PD_MORE;
    case 'D': return n > (long)DATA_AT + 4 ? data(d, p, (size_t)n) : PD_MORE;
    case 'E': return end(d, p, (size_t)n);
    case 'N': return d->in_dump ? PD_MORE : PD_NONE;
    default: return PD_MORE; /* a packet type from a newer device: skipped */
    }
}

pd_status pd_feed(pd_decoder *d, const uint8_t *buf, size_t len, size_t *used)
{
    for (size_t i = 0; i < len; i++) {
        d->bytes_in++;
        if (buf[i] != 0) {
            if (d->seg_len < sizeof d->seg)
                d->seg[d->seg_len++] = buf[i];
            else
                d->seg_long = true, d->noise++;
            continue;
        }
        pd_status s = piece(d);
        if (s != PD_MORE) {
            *used = i + 1;
            return s;
        }
    }
    *used = len;
    return PD_MORE;
}

void pd_describe_end(const pd_decoder *d, char *buf, size_t size)
{
    if (d->in_dump) {
        char c[96];
        chunk_text(d, d->got, c, sizeof c);
        if (d->suspect)
            snprintf(buf, size,
                     "CRC mismatch in %s, and the stream ends after it (%u of %u bytes "
                     "arrived intact)",
                     c, d->got, d->total);
        else if (d->got == d->total)
            snprintf(buf, size,
                     "truncated: all %u bytes arrived but not the end packet with the "
                     "dump's CRC",
                     d->total);
        else
            snprintf(buf, size, "truncated: the stream ends %u of %u bytes into the dump (%s "
                                "never came)",
                     d->got, d->total, c);
        return;
    }
    int k = snprintf(buf, size, "no coredump found in %llu bytes",
                     (unsigned long long)d->bytes_in);
    if (k > 0 && (size_t)k < size && (d->orphans || d->damaged))
        snprintf(buf + k, size - (size_t)k,
                 " (%u packets of a dump whose header was missing or damaged, %u damaged "
                 "packets)",
                 d->orphans, d->damaged);
}

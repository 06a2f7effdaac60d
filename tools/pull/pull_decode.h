/* Finding a framed coredump in a byte stream (`wisp pull`).
 *
 * The device sends 0x00 + COBS(packet) + 0x00 per packet (the format is in
 * wisp.h, "coredump sinks", and port/README.md). The stream may hold
 * anything else around and between packets: log text, binary noise, stray
 * 0x00s, pieces of packets from a dump that was cut off. The decoder splits
 * the stream at 0x00, decodes each piece, and keeps only pieces that decode
 * to a packet with the right magic and CRC; everything else is counted as
 * noise. It assembles the first dump that arrives complete, in order, with
 * every chunk's CRC and the whole dump's CRC right.
 *
 * Damage is not noise: a data packet that fails its CRC but names the offset
 * expected next marks that chunk as damaged; if no good copy of it follows,
 * the dump fails with "CRC mismatch in chunk N". Packets for later offsets
 * are set aside (they may be strays); if the expected chunk has not come by
 * the end packet, it is named as missing. A new header in the middle of a
 * dump (the device was reset and started over) abandons the partial dump. */
#ifndef WISP_TOOLS_PULL_DECODE_H
#define WISP_TOOLS_PULL_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PD_SEG_MAX 300             /* longest piece worth decoding; packets are <= 252 encoded */
#define PD_MAX_DUMP (1024u << 20)  /* a header announcing more is refused */

typedef enum pd_status {
    PD_MORE,  /* everything fed was used; nothing to report yet */
    PD_DONE,  /* a verified dump: data[0..total) */
    PD_NONE,  /* the device says it has no stored dump */
    PD_ERROR  /* the dump is damaged: see error */
} pd_status;

typedef struct pd_decoder {
    uint8_t seg[PD_SEG_MAX]; /* the piece since the last 0x00 */
    size_t seg_len;
    bool seg_long;           /* longer than seg: noise */
    bool in_dump;            /* a header was seen; data being gathered */
    uint8_t version, flags;  /* from the header */
    uint32_t chunk, total, seq;
    uint32_t got;            /* dump bytes gathered, in order */
    uint32_t crc;            /* of those */
    uint8_t *data;           /* malloc'd, total bytes */
    bool suspect;            /* a damaged packet claimed offset `got` */
    bool skipped;            /* a good packet for a later offset came (ignored) */
    uint32_t skipped_at;     /* the first such offset */
    uint64_t bytes_in;       /* everything fed */
    uint64_t noise;          /* bytes in pieces that were no packet */
    uint32_t packets;        /* good packets */
    uint32_t damaged;        /* packets with the magic but a bad CRC */
    uint32_t orphans;        /* good data/end packets outside a dump (its header lost) */
    uint32_t abandoned;      /* dumps cut off by a new header */
    uint32_t abandoned_got, abandoned_total; /* the last of those: how far it got */
    char error[256];
} pd_decoder;

void pd_init(pd_decoder *d);
void pd_free(pd_decoder *d);

/* Feeds bytes until the first result other than PD_MORE; *used says how
 * many were consumed (the rest may hold more). */
pd_status pd_feed(pd_decoder *d, const uint8_t *buf, size_t len, size_t *used);

/* When the input ends (end of file, timeout, closed port) without a result:
 * what was missing, e.g. "the stream ends 2400 of 5013 bytes into the dump
 * (chunk 10 of 21 missing)". */
void pd_describe_end(const pd_decoder *d, char *buf, size_t size);

#endif

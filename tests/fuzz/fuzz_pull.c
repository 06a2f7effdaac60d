/* Fuzz target: `wisp pull`'s frame decoder (tools/pull_decode.c), which
 * finds a COBS-framed coredump in a stream of anything.
 *
 * Checks beyond "no crash, no sanitizer report, no leak":
 *  - pd_feed never claims to use more than it was given, and a result
 *    other than PD_MORE comes with what it needs (the dump's bytes for
 *    PD_DONE, a reason for PD_ERROR, a description when the stream ends);
 *  - a PD_DONE dump is what it says: `total` bytes whose CRC-32 (computed
 *    here, independently) is the one the decoder checked;
 *  - chunking does not matter: the stream fed whole and fed in pieces
 *    (sizes taken from the input's first byte) gives the same result, the
 *    same bytes and the same message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pull_decode.h"

typedef struct outcome {
    pd_status st;
    uint32_t total;
    uint8_t *data;
    char msg[256];
} outcome;

static uint32_t crc32_ref(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = c >> 1 ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void decode(const uint8_t *buf, size_t len, size_t piece, outcome *o)
{
    pd_decoder d;
    pd_init(&d);
    memset(o, 0, sizeof *o);
    o->st = PD_MORE;
    size_t at = 0;
    while (at < len && o->st == PD_MORE) {
        size_t n = len - at < piece ? len - at : piece, used = (size_t)-1;
        o->st = pd_feed(&d, buf + at, n, &used);
        if (used > n || (o->st == PD_MORE && used != n))
            harness_fail("pd_feed used %zu of %zu bytes (status %d)", used, n, (int)o->st);
        at += used;
    }
    switch (o->st) {
    case PD_DONE:
        if (!d.data && d.total)
            harness_fail("PD_DONE without the dump");
        if (d.got != d.total || crc32_ref(d.data, d.total) != d.crc)
            harness_fail("PD_DONE with %u of %u bytes, CRC %08x (the bytes give %08x)", d.got,
                         d.total, d.crc, crc32_ref(d.data, d.total));
        o->total = d.total;
        o->data = malloc(d.total + 1);
        memcpy(o->data, d.data, d.total);
        break;
    case PD_ERROR:
        if (!memchr(d.error, 0, sizeof d.error) || !d.error[0])
            harness_fail("PD_ERROR without a reason");
        snprintf(o->msg, sizeof o->msg, "%s", d.error);
        break;
    case PD_MORE:
        memset(o->msg, 0x55, sizeof o->msg);
        pd_describe_end(&d, o->msg, sizeof o->msg);
        if (!memchr(o->msg, 0, sizeof o->msg))
            harness_fail("pd_describe_end left its text unterminated");
        break;
    case PD_NONE:
        break;
    default:
        harness_fail("pd_feed returned %d", (int)o->st);
    }
    pd_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const size_t pieces[8] = {1, 2, 3, 7, 64, 251, 253, 4096};
    size_t piece = pieces[data[0] & 7];
    outcome whole, parts;
    decode(data + 1, size - 1, size, &whole);
    decode(data + 1, size - 1, piece, &parts);
    if (whole.st != parts.st || whole.total != parts.total ||
        (whole.total && memcmp(whole.data, parts.data, whole.total)) ||
        strcmp(whole.msg, parts.msg))
        harness_fail("fed whole: status %d, %u bytes, \"%s\"; in %zu-byte pieces: status %d, "
                     "%u bytes, \"%s\"", (int)whole.st, whole.total, whole.msg, piece,
                     (int)parts.st, parts.total, parts.msg);
    free(whole.data);
    free(parts.data);
    return 0;
}

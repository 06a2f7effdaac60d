/* Fuzz target: `wisp pull`'s frame decoder (tools/pull/pull_decode.c), which
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
 *    same bytes and the same message;
 *  - what `wisp pull` prints (tools/pull/pull_report.h) for every state the
 *    decoder passes through and every way the pull can end: the progress
 *    line is one line with a 30-column bar filled from the left and at most
 *    100%; the summary and failure messages are whole "wisp: " lines
 *    without control characters. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pull_decode.h"
#include "pull_report.h"

typedef struct text {
    char *p;
    size_t len;
    FILE *f;
} text;

static void text_open(text *t)
{
    t->p = NULL;
    t->len = 0;
    t->f = open_memstream(&t->p, &t->len);
    if (!t->f)
        harness_fail("open_memstream failed");
}

static void text_close(text *t)
{
    fclose(t->f);
}

/* The progress line for the decoder's state. */
static void check_progress(const pd_decoder *d)
{
    text t;
    text_open(&t);
    pull_print_progress(t.f, d, "fuzz", 1.5, 0.25);
    text_close(&t);
    if (t.len < 4 || memcmp(t.p, "\r\033[K", 4) != 0 || memchr(t.p, '\n', t.len))
        harness_fail("progress line %.80s: not one line after \\r\\033[K", t.p);
    if (d->in_dump) {
        const char *bar = t.p + 4, *close = memchr(bar, ']', t.len - 4);
        size_t fill = 0;
        while (bar + 1 + fill < t.p + t.len && bar[1 + fill] == '#')
            fill++;
        if (bar[0] != '[' || !close || close - bar != 31 ||
            strspn(bar + 1 + fill, " ") != 30 - fill)
            harness_fail("progress bar of %u of %u bytes is not 30 columns filled from the "
                         "left: %.80s", d->got, d->total, t.p + 4);
        /* "] 12.0 KiB / 40.0 KiB   30%  8.1 KiB/s": the number before '%' */
        const char *pc = memchr(close, '%', (size_t)(t.p + t.len - close)), *num = pc;
        while (num && num > close && ((num[-1] >= '0' && num[-1] <= '9') || num[-1] == '.'))
            num--;
        if (!pc || num == pc || strtod(num, NULL) > 100.0)
            harness_fail("progress percentage missing or over 100%%: %.80s", t.p + 4);
    }
    free(t.p);
}

/* "wisp: " lines, each ending in a newline, no other control character. */
static void check_lines(const char *what, const char *s, size_t len)
{
    if (!len || s[len - 1] != '\n')
        harness_fail("%s: no message, or not ending with a newline: %.80s", what, s ? s : "");
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f)
            harness_fail("%s: control character 0x%02x at byte %zu", what, (unsigned char)s[i],
                         i);
    for (size_t i = 0; i < len; i = (size_t)((const char *)memchr(s + i, '\n', len - i) - s) + 1)
        if (len - i < 6 || memcmp(s + i, "wisp: ", 6) != 0)
            harness_fail("%s: a line does not start with \"wisp: \": %.80s", what, s + i);
}

/* What the CLI would print for the decoder's final state, every way the
 * pull could have ended. */
static void check_report(const pd_decoder *d, pd_status st)
{
    static const pull_end ends[] = {END_EOF, END_TIMEOUT, END_READ_ERROR};
    for (unsigned k = 0; k < 2 * 3 * 2; k++) {
        pull_outcome o = {.src = "fuzz.bin", .out = "fuzz.core", .from_port = k & 1,
                          .request = (k >> 1) & 1, .timeout = 2.5, .status = st,
                          .ended = ends[(k >> 1) % 3], .read_err = 5,
                          .skipped_live = (k >> 2) & 1};
        text t;
        text_open(&t);
        if (st == PD_DONE)
            pull_print_done(t.f, d, &o, 0.5, k & 1);
        else
            pull_print_failure(t.f, d, &o);
        text_close(&t);
        check_lines(st == PD_DONE ? "summary" : "failure", t.p, t.len);
        free(t.p);
    }
}

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

static void decode(const uint8_t *buf, size_t len, size_t piece, outcome *o, bool report)
{
    pd_decoder d;
    pd_init(&d);
    memset(o, 0, sizeof *o);
    o->st = PD_MORE;
    size_t at = 0;
    while (at < len && o->st == PD_MORE) {
        size_t n = len - at < piece ? len - at : piece, used = (size_t)-1;
        uint32_t packets = d.packets;
        o->st = pd_feed(&d, buf + at, n, &used);
        if (used > n || (o->st == PD_MORE && used != n))
            harness_fail("pd_feed used %zu of %zu bytes (status %d)", used, n, (int)o->st);
        at += used;
        if (report && (d.packets != packets || at == len)) /* not every byte: slow */
            check_progress(&d);
    }
    if (report)
        check_report(&d, o->st);
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
    decode(data + 1, size - 1, size, &whole, false);
    decode(data + 1, size - 1, piece, &parts, true);
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

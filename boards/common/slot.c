/* Coredump -> flash slot; see slot.h. The writer's pieces (at most
 * WISP_COREDUMP_BUFFER bytes each) are gathered into one programming page
 * in RAM, programmed when full and at the end (padded with 0xff). */
#include "slot.h"

#include <string.h>

#include "flash.h"
#include "out.h"

#define PAGE 256u /* >= every board's prog_size, and a multiple of it */

typedef struct slot_sink {
    uint8_t page[PAGE];
    uint32_t fill; /* bytes in page */
    uint32_t off;  /* slot offset of page[0] */
    int err;
} slot_sink;

static int flush_page(slot_sink *s)
{
    if (!s->fill)
        return 0;
    uint32_t n = (s->fill + board_slot.prog_size - 1) / board_slot.prog_size * board_slot.prog_size;
    if (n > PAGE)
        n = PAGE;
    memset(s->page + s->fill, 0xff, n - s->fill);
    if (board_flash_prog(s->off, s->page, n))
        return -1;
    s->off += n;
    s->fill = 0;
    return 0;
}

static wisp_err slot_write(void *ctx, const uint8_t *bytes, size_t len)
{
    slot_sink *s = ctx;
    while (len) {
        if (s->off + PAGE > board_slot.size)
            return WISP_ERR_NOMEM; /* the coredump does not fit */
        uint32_t n = PAGE - s->fill;
        if (n > len)
            n = (uint32_t)len;
        memcpy(s->page + s->fill, bytes, n);
        s->fill += n;
        bytes += n;
        len -= n;
        if (s->fill == PAGE && flush_page(s))
            return WISP_ERR_ARG;
    }
    return WISP_OK;
}

long slot_write_coredump(wisp_instance *inst, const char *executable_name)
{
    for (uint32_t off = 0; off < board_slot.size; off += board_slot.erase_size) {
        if (board_flash_erase(off)) {
            out_str("coredump error: flash erase failed\n");
            return -1;
        }
    }
    static slot_sink s; /* the page buffer must be in RAM, not on a huge stack */
    memset(&s, 0, sizeof s);
    wisp_sink sink = {slot_write, &s};
    wisp_coredump_options opt;
    memset(&opt, 0, sizeof opt);
    opt.executable_name = executable_name;
    opt.thread_name = "main";
    opt.format = WISP_COREDUMP_STANDARD;
    wisp_err e = wisp_coredump_write(inst, &opt, &sink);
    long len = (long)(s.off + s.fill);
    if (e == WISP_OK && flush_page(&s))
        e = WISP_ERR_ARG;
    if (e != WISP_OK) {
        out_str("coredump error: ");
        out_str(wisp_err_str(e));
        out_char('\n');
        return -1;
    }
    out_str("coredump ");
    out_u64((uint64_t)len);
    out_str(" bytes -> flash slot ");
    out_hex((uint32_t)board_slot.addr);
    out_char('\n');
    return len;
}

void slot_dump(long len)
{
    const volatile uint8_t *p = (const volatile uint8_t *)board_slot.addr;
    static const char hex[] = "0123456789abcdef";
    for (long i = 0; i < len; i += 32) {
        char line[5 + 64 + 1];
        size_t n = 0;
        memcpy(line, "slot ", 5);
        n = 5;
        for (long k = i; k < len && k < i + 32; k++) {
            uint8_t b = p[k];
            line[n++] = hex[b >> 4];
            line[n++] = hex[b & 15];
        }
        line[n++] = '\n';
        out_mem(line, n);
    }
    out_str("slot end\n");
}

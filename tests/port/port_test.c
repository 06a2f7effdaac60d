/* Unit tests of the port layer and the coredump sinks (suite 'port'):
 * CRC-32, the NOR rules and power cuts of wisp_nor_ram, the host port's
 * file-backed flash, the flash slot (write, find, read back, sequence
 * numbers, FULL keeping the old dump, verify failures, erase, bad
 * geometry), the UART framing decoded by `wisp pull`'s decoder, the slot
 * sent on request, and the one-line command handler over pipes.
 *
 * usage: port_test CRASH.wasm TMPDIR */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../port/host/host_port.h"
#include "pull_decode.h"
#include "guest.h"
#include "wisp.h"
#include "wisp_sink.h"
#include "wisp_nor.h"

static int failures, checks;
static const char *wasm_path, *tmpdir;

#define CHECK(cond)                                                                \
    do {                                                                           \
        checks++;                                                                  \
        if (!(cond)) {                                                             \
            failures++;                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                          \
    } while (0)

static char *tmp_path(const char *name)
{
    static char buf[4][512];
    static int k;
    char *p = buf[k++ & 3];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    return p;
}

/* ---- CRC ------------------------------------------------------------------ */

static void test_crc(void)
{
    CHECK(wisp_crc32(0, "123456789", 9) == 0xcbf43926u); /* the standard check value */
    CHECK(wisp_crc32(0, "", 0) == 0);
    CHECK(wisp_crc32(wisp_crc32(0, "1234", 4), "56789", 5) == 0xcbf43926u);
    CHECK(!strcmp(wisp_port_err_str(WISP_ERR_IO_PROG), "flash program failed"));
    CHECK(!strcmp(wisp_port_err_str(WISP_ERR_TRAP), "trap"));
    CHECK(WISP_ERR_PRIMARY(WISP_ERR_IO_SERIAL) == WISP_ERR_IO);
}

/* ---- NOR emulation ---------------------------------------------------------- */

static void test_nor(void)
{
    static uint8_t mem[1024];
    memset(mem, 0x5a, sizeof mem);
    wisp_nor_ram nor;
    wisp_port port;
    memset(&port, 0, sizeof port);
    wisp_nor_ram_init(&nor, mem, 0x10000, sizeof mem, 256, 16);
    wisp_nor_ram_attach(&nor, &port);
    CHECK(mem[0] == 0x5a); /* init leaves the contents: RAM kept over a reset */
    CHECK(port.flash_block_size == 256 && port.flash_prog_size == 16);
    CHECK(port.flash_erase(&port, 0x10000 / 256 + 1) == 0);
    CHECK(mem[255] == 0x5a && mem[256] == 0xff && mem[511] == 0xff && mem[512] == 0x5a);
    uint8_t a[16], b[16], r[16];
    for (int i = 0; i < 16; i++)
        a[i] = (uint8_t)(0xf0 | i), b[i] = 0x3c;
    CHECK(port.flash_prog(&port, 0x10100, a, 16) == 0);
    CHECK(nor.reprogs == 0);
    CHECK(port.flash_prog(&port, 0x10100, b, 16) == 0); /* over data: AND, not the new bytes */
    CHECK(nor.reprogs == 1);
    CHECK(port.flash_read(&port, 0x10100, r, 16) == 0);
    CHECK(r[5] == (0xf5 & 0x3c));
    CHECK(port.flash_prog(&port, 0x10108, a, 16) != 0); /* misaligned offset */
    CHECK(port.flash_prog(&port, 0x10110, a, 8) != 0);  /* partial unit */
    CHECK(port.flash_read(&port, 0x10000 + 1020, r, 8) != 0); /* past the end */
    CHECK(port.flash_read(&port, 0xff00, r, 4) != 0);          /* before the start */
    CHECK(port.flash_erase(&port, 0x10000 / 256 + 4) != 0);

    /* A cut in order: 5 bytes done, the 6th half (low bits only), the rest untouched. */
    CHECK(port.flash_erase(&port, 0x10000 / 256 + 2) == 0);
    nor.budget = 5;
    uint8_t z[16] = {0};
    CHECK(port.flash_prog(&port, 0x10200, z, 16) != 0);
    CHECK(nor.cut);
    CHECK(mem[0x200 + 4] == 0 && mem[0x200 + 5] == 0xf0 && mem[0x200 + 6] == 0xff);
    CHECK(port.flash_read(&port, 0x10200, r, 1) != 0); /* the power is off */
    CHECK(port.flash_erase(&port, 0x10000 / 256) != 0);
    nor.cut = false;
    memset(mem + 0x200, 0, 256); /* as if programmed to 0 */
    nor.budget = 100;            /* an erase cut at byte 100 */
    CHECK(port.flash_erase(&port, 0x10000 / 256 + 2) != 0);
    CHECK(mem[0x200 + 99] == 0xff && mem[0x200 + 100] == 0x0f && mem[0x200 + 101] == 0);
    CHECK(mem[0x200 + 0] == 0xff && mem[0x200 + 255] == 0);

    /* Scattered: never all of the operation, whatever the seed. */
    for (uint32_t seed = 1; seed < 200; seed++) {
        nor.cut = false;
        nor.budget = WISP_NOR_NO_CUT;
        port.flash_erase(&port, 0x10000 / 256 + 3);
        nor.budget = seed % 16;
        nor.scatter = seed;
        CHECK(port.flash_prog(&port, 0x10300, z, 16) != 0);
        int zeros = 0;
        for (int i = 0; i < 16; i++)
            zeros += mem[0x300 + i] == 0;
        CHECK(zeros < 16);
    }
    nor.scatter = 0;
}

/* ---- host port ------------------------------------------------------------------ */

static void test_host_flash(void)
{
    const char *path = tmp_path("flash-persist.bin");
    unlink(path);
    host_port h;
    CHECK(host_port_open(&h, path, 8192, 4096, 4, 0, 8192) == 0);
    uint8_t r[8];
    CHECK(h.port.flash_read(&h.port, 100, r, 8) == 0 && r[0] == 0xff && r[7] == 0xff);
    CHECK(h.port.flash_prog(&h.port, 4, "wisp", 4) == 0);
    host_port_close(&h);
    CHECK(host_port_open(&h, path, 8192, 4096, 4, 0, 8192) == 0); /* a "reboot" */
    CHECK(h.port.flash_read(&h.port, 4, r, 4) == 0 && !memcmp(r, "wisp", 4));
    host_port_close(&h);
    CHECK(host_port_open(&h, path, 16384, 4096, 4, 0, 8192) != 0); /* file too short */
    CHECK(host_port_open(&h, NULL, 4096, 4096, 4, 0, 4096) == 0);   /* anonymous */
    CHECK(h.port.flash_read(&h.port, 0, r, 1) == 0 && r[0] == 0xff);
    host_port_close(&h);
}

/* ---- flash slot ------------------------------------------------------------------ */

static wisp_err write_bytes(const wisp_port *port, const uint8_t *p, size_t len, size_t piece)
{
    wisp_slot_writer w;
    wisp_err e = wisp_slot_begin(&w, port);
    wisp_sink s = wisp_slot_sink(&w);
    for (size_t at = 0; e == WISP_OK && at < len; at += piece)
        e = s.write(s.ctx, p + at, len - at < piece ? len - at : piece);
    return e ? e : wisp_slot_finish(&w);
}

static bool slot_holds(const wisp_port *port, const uint8_t *p, size_t len, uint32_t seq)
{
    wisp_slot_info info;
    if (wisp_slot_find(port, &info) != WISP_OK || info.length != len || info.seq != seq)
        return false;
    uint8_t *back = malloc(len + 1);
    bool same = port->flash_read(port, info.data_offset, back, (uint32_t)len) == 0 &&
                !memcmp(back, p, len);
    free(back);
    return same;
}

static int corrupt_at; /* prog call (1-based) whose first byte lands wrong */
static int prog_calls;

static int bad_prog(const wisp_port *port, uint32_t off, const void *buf, uint32_t len)
{
    int r = wisp_nor_ram_prog(port, off, buf, len);
    if (++prog_calls == corrupt_at) {
        wisp_nor_ram *n = port->ctx;
        n->mem[off - n->base] ^= 0x01; /* a worn cell: NOR cannot set it, but it reads wrong */
    }
    return r;
}

static void test_slot(void)
{
    host_port h;
    CHECK(host_port_open(&h, NULL, 32768, 1024, 8, 8192, 16384) == 0);
    wisp_port *p = &h.port;
    wisp_slot_info info;
    CHECK(wisp_slot_find(p, &info) == WISP_ERR_NOT_FOUND);
    uint8_t data[5000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 31 + (i >> 8));
    for (size_t i = 0; i < sizeof data; i += 97)
        data[i] = 0xff; /* erased-looking bytes are data too */

    CHECK(write_bytes(p, data, 3001, 1) == WISP_OK);
    CHECK(slot_holds(p, data, 3001, 1));
    CHECK(write_bytes(p, data + 7, 4999 - 7, 333) == WISP_OK);
    CHECK(slot_holds(p, data + 7, 4999 - 7, 2));
    CHECK(write_bytes(p, data, 17, 4096) == WISP_OK);
    CHECK(slot_holds(p, data, 17, 3));
    CHECK(h.nor.reprogs == 0);
    CHECK(wisp_slot_find(p, &info) == WISP_OK && info.data_offset == 8192 + 40); /* up(32) + up(4), P = 8 */
    /* nothing outside the slot was touched */
    uint8_t outside[2];
    CHECK(p->flash_read(p, 8191, outside, 1) == 0 && outside[0] == 0xff);
    CHECK(p->flash_read(p, 8192 + 16384, outside, 1) == 0 && outside[0] == 0xff);

    /* too big for the low-level writer: fails, nothing valid is left */
    static uint8_t huge[20000];
    CHECK(write_bytes(p, huge, sizeof huge, 4096) == WISP_ERR_FULL);
    CHECK(wisp_slot_find(p, &info) == WISP_ERR_NOT_FOUND);

    /* wisp_slot_coredump measures first: too big keeps the stored dump */
    guest small, big;
    guest_trap(&small, wasm_path, "update", 3);
    size_t small_len;
    uint8_t *small_dump = guest_dump(&small, &small_len);
    CHECK(wisp_slot_coredump(p, small.inst, &small.opt) == WISP_OK);
    CHECK(slot_holds(p, small_dump, small_len, 1));
    guest_trap(&big, wasm_path, "big", 5);
    CHECK(wisp_slot_coredump(p, big.inst, &big.opt) == WISP_ERR_FULL);
    CHECK(slot_holds(p, small_dump, small_len, 1));
    guest_free(&big);

    /* a cell that reads back wrong: no commit, error */
    for (corrupt_at = 1; corrupt_at <= 3; corrupt_at++) {
        prog_calls = 0;
        p->flash_prog = bad_prog;
        wisp_err e = write_bytes(p, data, 2000, 2000);
        p->flash_prog = wisp_nor_ram_prog;
        CHECK(e == WISP_ERR_IO_VERIFY);
        CHECK(wisp_slot_find(p, &info) == WISP_ERR_NOT_FOUND);
    }

    CHECK(write_bytes(p, data, 100, 100) == WISP_OK);
    CHECK(wisp_slot_erase(p) == WISP_OK);
    CHECK(wisp_slot_find(p, &info) == WISP_ERR_NOT_FOUND);
    CHECK(write_bytes(p, data, 100, 100) == WISP_OK);
    CHECK(slot_holds(p, data, 100, 1)); /* after an erase the count starts over */

    /* geometry the slot refuses */
    wisp_port bad = *p;
    bad.flash_prog_size = 12;
    CHECK(wisp_slot_find(&bad, &info) == WISP_ERR_ARG);
    bad = *p;
    bad.flash_prog_size = 512;
    CHECK(wisp_slot_find(&bad, &info) == WISP_ERR_ARG);
    bad = *p;
    bad.slot_offset = 8192 + 8;
    CHECK(wisp_slot_erase(&bad) == WISP_ERR_ARG);
    bad = *p;
    bad.slot_length = 0;
    wisp_slot_writer w;
    CHECK(wisp_slot_begin(&w, &bad) == WISP_ERR_ARG);
    /* another prog size reads the stored header as foreign: no dump */
    bad = *p;
    bad.flash_prog_size = 16;
    CHECK(wisp_slot_find(&bad, &info) == WISP_ERR_NOT_FOUND);

    /* a failing read is an error, not "none" */
    h.nor.cut = true;
    CHECK(wisp_slot_find(p, &info) == WISP_ERR_IO_READ);
    h.nor.cut = false;

    free(small_dump);
    guest_free(&small);
    host_port_close(&h);
}

/* ---- UART framing ------------------------------------------------------------------ */

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    if (fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Decodes a capture; returns the status, the decoder left for inspection. */
static pd_status decode(const uint8_t *cap, size_t len, pd_decoder *d)
{
    pd_init(d);
    size_t used;
    return pd_feed(d, cap, len, &used);
}

static void test_uart(void)
{
    guest g;
    guest_trap(&g, wasm_path, "update", 7);
    size_t ref_len;
    uint8_t *ref = guest_dump(&g, &ref_len);

    const char *cap_path = tmp_path("uart.cap");
    int fd = open(cap_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    host_port h;
    CHECK(host_port_open(&h, NULL, 4096, 4096, 1, 0, 4096) == 0);
    host_port_serial(&h, -1, fd);
    CHECK(write(fd, "boot ok\n", 8) == 8);
    CHECK(wisp_uart_coredump(&h.port, g.inst, &g.opt) == WISP_OK);
    CHECK(wisp_uart_none(&h.port) == WISP_OK);
    close(fd);

    size_t cap_len;
    uint8_t *cap = read_all(cap_path, &cap_len);
    pd_decoder d;
    CHECK(cap && decode(cap, cap_len, &d) == PD_DONE);
    CHECK(d.total == ref_len && !memcmp(d.data, ref, ref_len));
    CHECK(d.flags == 0 && d.seq == 0 && d.chunk == WISP_UART_CHUNK);
    CHECK(d.packets == 2 + (ref_len + WISP_UART_CHUNK - 1) / WISP_UART_CHUNK);
    CHECK(d.damaged == 0 && d.noise == 8);
    /* every packet is 0x00 COBS 0x00: no zero inside, none longer than 253 */
    size_t run = 0, longest = 0;
    for (size_t i = 8; i < cap_len; i++) {
        run = cap[i] ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    CHECK(longest <= 252);
    /* the 'N' packet at the end, byte for byte as port/README.md gives it */
    static const uint8_t none[10] = {0x00, 0x08, 0x57, 0x44, 0x4e, 0xb1, 0x07, 0xc3, 0x93, 0x00};
    CHECK(cap_len > 10 && !memcmp(cap + cap_len - 10, none, 10));
    pd_free(&d);
    /* after the dump, the 'N' */
    size_t used;
    pd_init(&d);
    CHECK(pd_feed(&d, cap, cap_len, &used) == PD_DONE);
    CHECK(pd_feed(&d, cap + used, cap_len - used, &used) == PD_NONE);
    pd_free(&d);

    /* the sink refuses more or fewer bytes than announced */
    wisp_uart u;
    fd = open(tmp_path("uart2.cap"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    host_port_serial(&h, -1, fd);
    CHECK(wisp_uart_begin(&u, &h.port, 10, 0, 0) == WISP_OK);
    wisp_sink s = wisp_uart_sink(&u);
    CHECK(s.write(s.ctx, (const uint8_t *)"0123456789x", 11) == WISP_ERR_ARG);
    CHECK(wisp_uart_begin(&u, &h.port, 10, 0, 0) == WISP_OK);
    CHECK(s.write(s.ctx, (const uint8_t *)"01234", 5) == WISP_OK);
    CHECK(wisp_uart_end(&u) == WISP_ERR_ARG);
    close(fd);
    host_port_serial(&h, -1, -1);
    CHECK(wisp_uart_begin(&u, &h.port, 10, 0, 0) == WISP_ERR_IO_SERIAL);

    host_port_close(&h);
    free(cap);
    free(ref);
    guest_free(&g);
}

/* ---- stored dump on request ------------------------------------------------------------ */

static void test_commands(void)
{
    guest g;
    guest_trap(&g, wasm_path, "update", 9);
    size_t ref_len;
    uint8_t *ref = guest_dump(&g, &ref_len);
    host_port h;
    CHECK(host_port_open(&h, NULL, 65536, 4096, 16, 16384, 32768) == 0);
    CHECK(wisp_slot_coredump(&h.port, g.inst, &g.opt) == WISP_OK);

    int to_dev[2];
    CHECK(pipe(to_dev) == 0);
    const char *out_path = tmp_path("cmd.out");
    int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    host_port_serial(&h, to_dev[0], out);
    wisp_cmd cmd;
    memset(&cmd, 0, sizeof cmd);

    const char *noise = "hello\nthis line is much longer than the command buffer coredump?\n";
    CHECK(write(to_dev[1], noise, strlen(noise)) == (ssize_t)strlen(noise));
    for (int i = 0; i < 4; i++)
        CHECK(wisp_port_poll_command(&h.port, &cmd, 0) == WISP_OK && cmd.last == WISP_CMD_NONE);
    CHECK(write(to_dev[1], "core", 4) == 4); /* a line in two halves */
    CHECK(wisp_port_poll_command(&h.port, &cmd, 0) == WISP_OK && cmd.last == WISP_CMD_NONE);
    CHECK(write(to_dev[1], "dump?\r\n", 7) == 7);
    CHECK(wisp_port_poll_command(&h.port, &cmd, 50) == WISP_OK && cmd.last == WISP_CMD_SEND);
    CHECK(write(to_dev[1], "coredump erase\n", 15) == 15);
    CHECK(wisp_port_poll_command(&h.port, &cmd, 50) == WISP_OK && cmd.last == WISP_CMD_ERASE);
    CHECK(write(to_dev[1], "coredump?\n", 10) == 10);
    CHECK(wisp_port_poll_command(&h.port, &cmd, 50) == WISP_OK && cmd.last == WISP_CMD_SEND);
    close(out);

    size_t cap_len, used = 0;
    uint8_t *cap = read_all(out_path, &cap_len);
    pd_decoder d;
    pd_init(&d);
    CHECK(cap && pd_feed(&d, cap, cap_len, &used) == PD_DONE);
    CHECK(d.total == ref_len && !memcmp(d.data, ref, ref_len));
    CHECK(d.flags == 1 && d.seq == 1);
    size_t at = used;
    CHECK(pd_feed(&d, cap + at, cap_len - at, &used) == PD_NONE); /* erase answers "none" */
    at += used;
    CHECK(pd_feed(&d, cap + at, cap_len - at, &used) == PD_NONE); /* and so does the slot */
    at += used;
    CHECK(at == cap_len);
    pd_free(&d);

    /* a closed line is an error */
    close(to_dev[1]);
    CHECK(wisp_port_poll_command(&h.port, &cmd, 10) == WISP_ERR_IO_SERIAL);
    close(to_dev[0]);
    free(cap);
    free(ref);
    host_port_close(&h);
    guest_free(&g);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: port_test CRASH.wasm TMPDIR\n");
        return 2;
    }
    wasm_path = argv[1];
    tmpdir = argv[2];
    test_crc();
    test_nor();
    test_host_flash();
    test_slot();
    test_uart();
    test_commands();
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}

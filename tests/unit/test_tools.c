/* The tools library's shared pieces in process: the option parser every
 * command uses (tools/lib/opts.h) and the backtrace text every printer
 * uses (tools/lib/bt_text.h), with edge cases the CLI tests cannot reach
 * (a buffer that is too small, elision at every depth). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../lib/check.h"
#include "bt_text.h"
#include "opts.h"

enum { O_FLAG = 1, O_VALUE, O_OUT };
static const opt_spec specs[] = {
    {"--flag", NULL, false, O_FLAG},
    {"--value", NULL, true, O_VALUE},
    {"--output", "-o", true, O_OUT},
    {NULL, NULL, false, 0},
};

/* Parses argv (NULL-terminated) and writes what opt_next returned, one
 * "id[=value]" per call, comma-separated, into out. */
static void parse(const char **args, bool interleaved, char *out, size_t size, int *end_i)
{
    char *argv[16];
    int argc = 0;
    while (args[argc]) {
        argv[argc] = (char *)args[argc];
        argc++;
    }
    opt_parser p = opt_begin("test", argc, argv, 0, specs, interleaved);
    const char *v;
    size_t pos = 0;
    out[0] = '\0';
    for (int id; (id = opt_next(&p, &v)) != OPT_END;) {
        pos += (size_t)snprintf(out + pos, size - pos, "%s%d%s%s", pos ? "," : "", id,
                                v ? "=" : "", v ? v : "");
        if (id == OPT_BAD || id == OPT_HELP)
            break;
    }
    *end_i = p.i;
}

static void test_opts(void)
{
    char got[256];
    int end;
    /* both value forms, an alias, a flag */
    parse((const char *[]){"--value", "1", "--value=2", "-o", "x", "--output=y", "--flag", NULL},
          false, got, sizeof got, &end);
    CHECK(!strcmp(got, "2=1,2=2,3=x,3=y,1"), "values: %s", got);
    /* an empty value is still a value; a flag takes no '=' form */
    parse((const char *[]){"--value=", NULL}, false, got, sizeof got, &end);
    CHECK(!strcmp(got, "2="), "empty value: %s", got);
    parse((const char *[]){"--flag=1", NULL}, false, got, sizeof got, &end);
    CHECK(!strcmp(got, "-3"), "flag with value is unknown: %s", got);
    /* stop mode: the first operand ends the options, even before options */
    parse((const char *[]){"--flag", "m.wasm", "--flag", NULL}, false, got, sizeof got, &end);
    CHECK(!strcmp(got, "1") && end == 1, "stop at operand: %s, i=%d", got, end);
    parse((const char *[]){"--", "--flag", NULL}, false, got, sizeof got, &end);
    CHECK(!strcmp(got, "") && end == 1, "-- ends options: %s, i=%d", got, end);
    /* "-" alone is an operand (stdin, by convention) */
    parse((const char *[]){"-", NULL}, false, got, sizeof got, &end);
    CHECK(!strcmp(got, "") && end == 0, "- is an operand: %s, i=%d", got, end);
    /* interleaved: operands between options, and after -- even if they look like options */
    parse((const char *[]){"a", "--flag", "b", "--", "--value", NULL}, true, got, sizeof got,
          &end);
    CHECK(!strcmp(got, "-1=a,1,-1=b,-1=--value"), "interleaved: %s", got);
    /* errors and help */
    parse((const char *[]){"--value", NULL}, false, got, sizeof got, &end);
    CHECK(!strcmp(got, "-3"), "missing value: %s", got);
    parse((const char *[]){"--valu", "1", NULL}, false, got, sizeof got, &end);
    CHECK(!strcmp(got, "-3"), "a prefix is not the option: %s", got);
    parse((const char *[]){"--flag", "-h", "--flag", NULL}, true, got, sizeof got, &end);
    CHECK(!strcmp(got, "1,-2"), "help: %s", got);

    uint64_t n;
    CHECK(opt_uint("4294967295", UINT32_MAX, &n) && n == UINT32_MAX, "uint max");
    CHECK(!opt_uint("4294967296", UINT32_MAX, &n), "uint over max");
    CHECK(opt_uint("18446744073709551615", UINT64_MAX, &n) && n == UINT64_MAX, "uint64 max");
    CHECK(!opt_uint("18446744073709551616", UINT64_MAX, &n), "uint64 overflow");
    CHECK(!opt_uint("", 10, &n) && !opt_uint("-1", 10, &n) && !opt_uint("1x", 10, &n),
          "uint junk");
    CHECK(opt_uint("0", 0, &n) && n == 0 && !opt_uint("1", 0, &n), "uint max 0");
    const char *h = "0x1F:";
    CHECK(opt_uint_hex(h, h + 4, &n) && n == 31, "hex");
    CHECK(!opt_uint_hex(h, h + 2, &n), "0x alone");
    h = "0x10000000000000000";
    CHECK(!opt_uint_hex(h, h + strlen(h), &n), "hex overflow");
    CHECK(opt_size("64M", &n) && n == 64u << 20, "64M");
    CHECK(opt_size("3k", &n) && n == 3072 && opt_size("2G", &n) && n == UINT64_C(2) << 30,
          "k, G");
    CHECK(!opt_size("0", &n) && !opt_size("M", &n) && !opt_size("1T", &n) &&
              !opt_size("17179869184G", &n),
          "bad sizes");
    double d;
    CHECK(opt_seconds("0.5", 10, &d) && d == 0.5 && opt_seconds("0", 10, &d) && d == 0,
          "seconds");
    CHECK(!opt_seconds("-1", 10, &d) && !opt_seconds("nan", 10, &d) &&
              !opt_seconds("11", 10, &d) && !opt_seconds("1s", 10, &d),
          "bad seconds");
}

/* ---- the backtrace text ------------------------------------------------ */

static size_t frame_text(const bt_frame *f, char *buf, size_t size)
{
    bt_buffer b;
    bt_writer w = bt_buffer_writer(&b, buf, size);
    bt_frame_line(&w, f);
    return b.pos;
}

static void test_frames(void)
{
    bt_local locals[3] = {
        {"base", 4, WISP_I32, {.i32 = -12}},
        {NULL, 0, WISP_F32, {.f32 = 0x3fc00000}}, /* 1.5 */
        {"tmp", 3, 0, {.i64 = 0}},                /* value unknown */
    };
    bt_frame f = {.index = 2, .func_index = 7, .func_name = "hit\x01", .func_name_len = 4,
                  .offset_kind = BT_OFFSET_MODULE, .offset = 0x4a, .local_at = bt_local_array,
                  .locals = locals, .nlocals = 3, .nparams = 2, .file = "g.c", .file_len = 3,
                  .line = 41};
    char buf[256];
    size_t n = frame_text(&f, buf, sizeof buf);
    const char *want = "  #2 0x4a hit\\x01 (wasm-function[7]) base=-12 $1=1.5 tmp=? at g.c:41";
    CHECK(!strcmp(buf, want) && n == strlen(want), "frame: '%s'", buf);
    /* every smaller buffer: the same length reported, a terminated prefix */
    for (size_t size = 0; size < n + 1; size++) {
        char small[256];
        memset(small, 'Z', sizeof small);
        size_t m = frame_text(&f, small, size);
        CHECK(m == n, "size %zu: length %zu", size, m);
        if (size)
            CHECK(strlen(small) == size - 1 && !strncmp(small, want, size - 1) &&
                      small[size] == 'Z',
                  "size %zu: '%s'", size, small);
        else
            CHECK(small[0] == 'Z', "size 0 wrote");
    }
    /* offsets from the body, no name, parameters unknown and no local named */
    bt_local unnamed[2] = {{NULL, 0, WISP_I64, {.i64 = INT64_MIN}}, {NULL, 0, WISP_F64, {.f64 = 0x7ff0000000000001}}};
    bt_frame g = {.index = 0, .func_index = 3, .offset_kind = BT_OFFSET_FUNC, .offset = 0x12,
                  .local_at = bt_local_array, .locals = unnamed, .nlocals = 2,
                  .nparams = BT_NPARAMS_UNKNOWN};
    frame_text(&g, buf, sizeof buf);
    CHECK(!strcmp(buf, "  #0 wasm-function[3]+0x12 $0=-9223372036854775808 $1=nan:0x1"),
          "unnamed: '%s'", buf);
    /* an empty function name reads as none; a host frame */
    g.func_name = "";
    g.offset_kind = BT_OFFSET_NONE;
    g.nlocals = 0;
    frame_text(&g, buf, sizeof buf);
    CHECK(!strcmp(buf, "  #0 wasm-function[3]"), "empty name: '%s'", buf);
    bt_frame host = {.index = 5, .host_name = "env.draw"};
    frame_text(&host, buf, sizeof buf);
    CHECK(!strcmp(buf, "  #5 host env.draw"), "host: '%s'", buf);
}

static void test_values(void)
{
    static const struct {
        uint8_t type;
        wisp_value v;
        const char *text;
    } cases[] = {
        {WISP_I32, {.i32 = INT32_MIN}, "-2147483648"},
        {WISP_F32, {.f32 = 0x3dcccccd}, "0.1"},
        {WISP_F32, {.f32 = 0xff800000}, "-inf"},
        {WISP_F32, {.f32 = 0x7fc00000}, "nan"},
        {WISP_F64, {.f64 = 0x3fb999999999999a}, "0.1"},
        {WISP_F64, {.f64 = 0x0000000000000001}, "5e-324"}, /* shortest that reads back */
        {WISP_F64, {.f64 = 0x3ff0000000000001}, "1.0000000000000002"},
        {WISP_F64, {.f64 = 0xfff8000000000000}, "-nan"},
        {WISP_V128, {.v128 = {0x0000000200000001, 0xffffffff00000003}},
         "i32x4:0x00000001,0x00000002,0x00000003,0xffffffff"},
        {WISP_FUNCREF, {.ref = 0}, "null"},
        {WISP_EXTERNREF, {.ref = 0x2a}, "externref:0x2a"},
        {0x40, {.i32 = 0}, "<?>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[80];
        bt_buffer b;
        bt_writer w = bt_buffer_writer(&b, buf, sizeof buf);
        bt_value(&w, cases[i].type, cases[i].v);
        CHECK(!strcmp(buf, cases[i].text), "value %zu: '%s', want '%s'", i, buf, cases[i].text);
    }
    /* names: printable ASCII and valid UTF-8 pass, anything else is \xNN */
    char buf[80];
    bt_buffer b;
    bt_writer w = bt_buffer_writer(&b, buf, sizeof buf);
    const char name[] = "a\xc3\xa9\xed\xa0\x80\n\xf4\x90\x80\x80z";
    bt_name(&w, name, sizeof name - 1);
    CHECK(!strcmp(buf, "a\xc3\xa9\\xed\\xa0\\x80\\x0a\\xf4\\x90\\x80\\x80z"), "name: '%s'", buf);
}

/* bt_next_frame keeps the innermost frames and a quarter of max outermost. */
static void test_elision(void)
{
    for (uint32_t max = 1; max <= 40; max++) {
        for (uint32_t n = 0; n <= 90; n++) {
            char buf[64];
            bt_buffer b;
            uint32_t shown = 0, first_outer = n, elided_lines = 0;
            bool contiguous = true;
            uint32_t prev = UINT32_MAX;
            for (uint32_t i = 0;; i++) {
                bt_writer w = bt_buffer_writer(&b, buf, sizeof buf);
                uint32_t next = bt_next_frame(&w, i, n, max);
                if (b.pos) {
                    elided_lines++;
                    unsigned count;
                    CHECK(sscanf(buf, "  ... %u frames elided ...", &count) == 1 &&
                              count == next - i,
                          "n=%u max=%u: '%s'", n, max, buf);
                    first_outer = next;
                }
                if (next >= n)
                    break;
                if (prev != UINT32_MAX && next != prev + 1 && !b.pos)
                    contiguous = false;
                prev = i = next;
                shown++;
            }
            uint32_t keep_outer = max >= 8 ? max / 4 : 0;
            if (n <= max)
                CHECK(shown == n && !elided_lines && contiguous, "n=%u max=%u: all shown", n,
                      max);
            else
                CHECK(shown == max && elided_lines == 1 && first_outer == n - keep_outer,
                      "n=%u max=%u: %u shown, %u elisions", n, max, shown, elided_lines);
        }
    }
}

/* Operand k of a test stack: k * 10, except entry 3, which is unknown. */
static bool stack_at(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    (void)ctx;
    if (k == 3)
        return false;
    *type = WISP_I32;
    v->i32 = (int32_t)k * 10;
    return true;
}

static void test_operands(void)
{
    static const struct {
        uint32_t n;
        const char *want;
    } cases[] = {
        {0, ""},
        {2, "      operands: 0 10\n"},
        {5, "      operands: 0 10 20 ? 40\n"},
        {8, "      operands: 0 10 20 ? 40 50 60 70\n"},
        {11, "      operands: ... ? 40 50 60 70 80 90 100\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[128];
        bt_buffer b;
        bt_writer w = bt_buffer_writer(&b, buf, sizeof buf);
        bt_operands_line(&w, cases[i].n, stack_at, NULL);
        CHECK(!strcmp(buf, cases[i].want), "%u operands: '%s'", (unsigned)cases[i].n, buf);
    }
    /* which traps show them, and a coredump's message back to its kind */
    CHECK(bt_trap_shows_operands(WISP_TRAP_DIV_ZERO) &&
              bt_trap_shows_operands(WISP_TRAP_BAD_CONVERSION) &&
              bt_trap_shows_operands(WISP_TRAP_UNDEFINED_ELEMENT) &&
              !bt_trap_shows_operands(WISP_TRAP_MEMORY_OOB) &&
              !bt_trap_shows_operands(WISP_TRAP_UNREACHABLE) &&
              !bt_trap_shows_operands(WISP_TRAP_HOST),
          "the traps whose operands tell why");
    for (int k = WISP_TRAP_UNREACHABLE; k <= WISP_TRAP_CODE_CACHE; k++) {
        const char *m = wisp_trap_message((wisp_trap_kind)k);
        CHECK(m && bt_trap_kind_of(m, strlen(m)) == (wisp_trap_kind)k, "kind %d from '%s'", k,
              m ? m : "(null)");
    }
    CHECK(bt_trap_kind_of("integer divide by zer", 21) == WISP_TRAP_HOST &&
              bt_trap_kind_of("blit: sprite out of memory", 26) == WISP_TRAP_HOST,
          "a message of no kind");
}

int main(void)
{
    test_opts();
    test_frames();
    test_values();
    test_elision();
    test_operands();
    return CHECK_SUMMARY();
}

/* symbols/panic.c in process, on panics laid out by hand in a memory image
 * (the wasm32 layouts of rustc 1.63, panic.c's header), with the
 * formatting functions of fmt.wasm (gen_fmt_module.py) in the table.
 * Every expected text is what Rust's std::fmt prints for that value and
 * format spec (the std::fmt documentation; e.g. `{:08.3}` of -3.14159 is
 * "-003.142", `{:?}` of 1e16f64 is "1e16"), written down by hand. Also:
 * damaged memory and names (never a crash: run under ASan+UBSan), which
 * frames fold, and the comparison with std's own panic text.
 *   test_panic fmt.wasm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_module.h"
#include "panic.h"
#include "readlimit.h"

static int failures;

#define FAIL(...)                                                                            \
    do {                                                                                     \
        fprintf(stderr, "FAIL line %d: ", __LINE__);                                         \
        fprintf(stderr, __VA_ARGS__);                                                        \
        fputc('\n', stderr);                                                                 \
        failures++;                                                                          \
    } while (0)

/* ---- guest memory ------------------------------------------------------ */

#define MEM_SIZE 65536
static uint8_t mem[MEM_SIZE];
static uint32_t top;

static bool mem_read(void *ctx, uint64_t addr, void *buf, uint32_t len)
{
    (void)ctx;
    if (addr > MEM_SIZE || len > MEM_SIZE - addr)
        return false;
    memcpy(buf, mem + addr, len);
    return true;
}

/* n bytes at the next address aligned to `align`: consecutive puts of the
 * same alignment and size are contiguous, as a struct's fields are */
static uint32_t put_al(const void *p, uint32_t n, uint32_t align)
{
    top = (top + align - 1) & ~(align - 1);
    uint32_t at = top;
    if (n)
        memcpy(mem + at, p, n);
    top += n;
    return at;
}

static uint32_t put(const void *p, uint32_t n) { return put_al(p, n, 1); }

static uint32_t put_u32(uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return put_al(b, 4, 4);
}

static uint32_t put_u64(uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    return put_al(b, 8, 8);
}

static uint32_t put_u128(uint64_t hi, uint64_t lo)
{
    uint32_t at = put_u64(lo);
    put_u64(hi);
    return at;
}

static uint32_t put_f32(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return put_u32(b);
}

static uint32_t put_f64(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return put_u64(b);
}

static void st32(uint32_t at, uint32_t v)
{
    mem[at] = (uint8_t)v, mem[at + 1] = (uint8_t)(v >> 8);
    mem[at + 2] = (uint8_t)(v >> 16), mem[at + 3] = (uint8_t)(v >> 24);
}

/* a &str: (ptr, len) */
static uint32_t put_strref(const char *s)
{
    uint32_t bytes = put(s, (uint32_t)strlen(s));
    uint32_t at = put_u32(bytes);
    put_u32((uint32_t)strlen(s));
    return at;
}

/* a Location: file &str @0, line @8, col @12 */
static uint32_t put_location(const char *file, uint32_t line, uint32_t col)
{
    uint32_t bytes = put(file, (uint32_t)strlen(file));
    uint32_t at = put_u32(bytes);
    put_u32((uint32_t)strlen(file));
    put_u32(line);
    put_u32(col);
    return at;
}

/* ---- the formatting functions: table index = function index + 1 ------- */

static im_module mod;

static uint32_t fmt_index(const char *name)
{
    for (uint32_t i = 0; i < mod.names.nfuncs; i++) {
        const name_entry *e = &mod.names.funcs[i];
        if (e->len == strlen(name) && memcmp(e->p, name, e->len) == 0)
            return e->index + 1;
    }
    fprintf(stderr, "fmt.wasm has no function %s\n", name);
    exit(2);
}

#define DISPLAY(t) "core::fmt::num::imp::<impl core::fmt::Display for " t ">::fmt"
#define NUM(trait, t) "core::fmt::num::<impl core::fmt::" trait " for " t ">::fmt"
#define FLOAT(trait, t) "core::fmt::float::<impl core::fmt::" trait " for " t ">::fmt"
#define AMP_T_DISPLAY_STR "_ZN44_$LT$$RF$T$u20$as$u20$core..fmt..Display$GT$3fmt17h0123456789abcdefE"
#define AMP_T_DISPLAY_PAD "_ZN44_$LT$$RF$T$u20$as$u20$core..fmt..Display$GT$3fmt17h8d3f1a2b9c4e5f60E"
#define AMP_T_DISPLAY_U32 "_ZN44_$LT$$RF$T$u20$as$u20$core..fmt..Display$GT$3fmt17ha1b2c3d4e5f60718E"
#define AMP_T_DEBUG_STR "_ZN42_$LT$$RF$T$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE"
#define AMP_T_TWO_CALLS "_ZN44_$LT$$RF$T$u20$as$u20$core..fmt..Display$GT$3fmt17h0f1e2d3c4b5a6978E"
#define LEGACY_U16 \
    "_ZN4core3fmt3num3imp52_$LT$impl$u20$core..fmt..Display$u20$for$u20$u16$GT$3fmt17h0123456789abcdefE"

/* ---- frames ------------------------------------------------------------ */

typedef struct locals {
    uint32_t n;
    uint32_t v[4];
} locals;

static bool local_of(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    const locals *l = ctx;
    if (k >= l->n)
        return false;
    *type = WISP_I32;
    v->i32 = (int32_t)l->v[k];
    return true;
}

/* The machinery of a panic!() (std 1.63's chain), the user's frames, the
 * runtime's start; panic_fmt's locals are (args, location), begin_unwind's
 * (info). */
static locals fmt_locals, unwind_locals;
static sym_values fmt_values = {&fmt_locals, local_of, NULL, NULL, mem_read};
static sym_values unwind_values = {&unwind_locals, local_of, NULL, NULL, mem_read};
static sym_values memory = {NULL, NULL, NULL, NULL, mem_read};

static const panic_frame chain[] = {
    {"__rust_start_panic", false, &memory},
    {"rust_panic", false, &memory},
    {"_ZN3std9panicking20rust_panic_with_hook17h6ac9107c42850161E", false, &memory},
    {"std::panicking::begin_panic_handler::{{closure}}", false, &memory},
    {"std::sys_common::backtrace::__rust_end_short_backtrace", false, &memory},
    {"rust_begin_unwind", false, &unwind_values},
    {"core::panicking::panic_fmt", false, &fmt_values},
    {"game::level::Level::tile_at", true, &memory}, /* inlined into the next */
    {"game::update", false, &memory},
    {"main::main", false, &memory},
    {"core::ops::function::FnOnce::call_once", false, &memory},
    {"_ZN3std10sys_common9backtrace28__rust_begin_short_backtrace17hda57db2a995323d9E", false,
     &memory},
    {"std::rt::lang_start", false, &memory},
    {"_start", false, &memory},
};
#define NCHAIN (sizeof chain / sizeof chain[0])

/* ---- core::fmt::Arguments --------------------------------------------- */

typedef struct targ {
    const char *fmt; /* the formatting function's name; NULL: table index `index` */
    uint32_t value;  /* the value's address */
    uint32_t index;
} targ;

typedef struct tspec {
    uint32_t position, fill, flags;
    uint32_t prec_tag, prec, width_tag, width; /* Count: 0 Is, 1 Param, 2 Implied */
    uint8_t align;                             /* 0 Left, 1 Right, 2 Center, 3 Unknown */
} tspec;

/* pieces @0, fmt (specs) @8, args @16; ArgumentV1 (value, formatter);
 * rt::v1::Argument: position @0, fill @4, flags @8, precision @12,
 * width @20, align @28 */
static uint32_t put_arguments(const char *const *pieces, uint32_t npieces, const targ *args,
                              uint32_t nargs, const tspec *specs, uint32_t nspecs)
{
    uint32_t bytes[16];
    for (uint32_t i = 0; i < npieces && i < 16; i++)
        bytes[i] = put(pieces[i], (uint32_t)strlen(pieces[i]));
    uint32_t p = 0;
    for (uint32_t i = 0; i < npieces && i < 16; i++) {
        uint32_t at = put_u32(bytes[i]);
        put_u32((uint32_t)strlen(pieces[i]));
        if (i == 0)
            p = at;
    }
    uint32_t a = 0;
    for (uint32_t i = 0; i < nargs; i++) {
        uint32_t at = put_u32(args[i].value);
        put_u32(args[i].fmt ? fmt_index(args[i].fmt) : args[i].index);
        if (i == 0)
            a = at;
    }
    uint32_t sp = 0;
    for (uint32_t i = 0; i < nspecs; i++) {
        uint8_t b[32] = {0};
        uint32_t at = put_al(b, 32, 4);
        st32(at, specs[i].position);
        st32(at + 4, specs[i].fill);
        st32(at + 8, specs[i].flags);
        st32(at + 12, specs[i].prec_tag);
        st32(at + 16, specs[i].prec);
        st32(at + 20, specs[i].width_tag);
        st32(at + 24, specs[i].width);
        mem[at + 28] = specs[i].align;
        if (i == 0)
            sp = at;
    }
    uint32_t at = put_u32(npieces ? p : 4);
    put_u32(npieces);
    put_u32(nspecs ? sp : 0);
    put_u32(nspecs);
    put_u32(nargs ? a : 4);
    put_u32(nargs);
    return at;
}

/* The panic's message for these Arguments at panic_fmt, with the
 * location src/x.rs:7:3. */
static void expect_message(int line, const char *const *pieces, uint32_t npieces,
                           const targ *args, uint32_t nargs, const tspec *specs, uint32_t nspecs,
                           const char *want)
{
    uint32_t loc = put_location("src/x.rs", 7, 3);
    fmt_locals = (locals){2, {put_arguments(pieces, npieces, args, nargs, specs, nspecs), loc}};
    unwind_locals = (locals){0, {0}};
    panic_report r;
    panic_analyze(&mod, &memory, chain, NCHAIN, &r);
    if (!r.found || !r.file || strcmp(r.file, "src/x.rs") != 0 || r.line != 7 || r.column != 3)
        FAIL("line %d: panic %d, location %s:%u:%u", line, r.found, r.file ? r.file : "-",
             r.line, r.column);
    if ((want == NULL) != (r.message == NULL) || (want && strcmp(want, r.message) != 0))
        FAIL("line %d: message\n  want %s\n  got  %s", line, want ? want : "(none)",
             r.message ? r.message : "(none)");
    panic_report_free(&r);
}

#define ONE(fmtname, value, want)                                                            \
    do {                                                                                     \
        static const char *const p_[] = {"<"};                                              \
        targ a_ = {fmtname, value, 0};                                                       \
        expect_message(__LINE__, p_, 1, &a_, 1, NULL, 0, "<" want);                          \
    } while (0)

/* one argument with a spec: pieces {"<"}, then ">" after */
#define SPEC(fmtname, value, spec, want)                                                     \
    do {                                                                                     \
        static const char *const p_[] = {"<", ">"};                                         \
        targ a_ = {fmtname, value, 0};                                                       \
        tspec s_ = spec;                                                                     \
        expect_message(__LINE__, p_, 2, &a_, 1, &s_, 1, "<" want ">");                       \
    } while (0)

#define PLAIN {0, ' ', 0, 2, 0, 2, 0, 3}

static void formatting(void)
{
    /* pieces and arguments interleave; a trailing piece */
    {
        static const char *const p[] = {"x=", " y=", "!"};
        targ a[] = {{DISPLAY("i32"), put_u32((uint32_t)-5), 0}, {DISPLAY("u8"), put(&(uint8_t){200}, 1), 0}};
        expect_message(__LINE__, p, 3, a, 2, NULL, 0, "x=-5 y=200!");
    }
    /* no arguments: the one piece (core::panicking::panic's message) */
    {
        static const char *const p[] = {"called `Option::unwrap()` on a `None` value"};
        expect_message(__LINE__, p, 1, NULL, 0, NULL, 0,
                       "called `Option::unwrap()` on a `None` value");
    }
    /* integers, their extremes */
    ONE(DISPLAY("i8"), put(&(uint8_t){0x80}, 1), "-128");
    ONE(DISPLAY("u8"), put(&(uint8_t){255}, 1), "255");
    ONE(DISPLAY("i16"), put(&(uint16_t){0x8000}, 2), "-32768");
    ONE(DISPLAY("u16"), put(&(uint16_t){65535}, 2), "65535");
    ONE(DISPLAY("i32"), put_u32(0x80000000u), "-2147483648");
    ONE(DISPLAY("u32"), put_u32(4294967295u), "4294967295");
    ONE(DISPLAY("i64"), put_u64(0x8000000000000000u), "-9223372036854775808");
    ONE(DISPLAY("u64"), put_u64(UINT64_MAX - 1), "18446744073709551614");
    ONE(DISPLAY("i128"), put_u128(0x8000000000000000u, 0),
        "-170141183460469231731687303715884105728");
    ONE(DISPLAY("u128"), put_u128(UINT64_MAX, UINT64_MAX),
        "340282366920938463463374607431768211455");
    ONE(DISPLAY("i128"), put_u128(UINT64_MAX, UINT64_MAX), "-1");
    ONE(DISPLAY("isize"), put_u32(0xffffffffu), "-1");
    ONE(DISPLAY("usize"), put_u32(3), "3");
    ONE(LEGACY_U16, put(&(uint16_t){40000}, 2), "40000"); /* a mangled name */
    ONE(NUM("Debug", "i32"), put_u32((uint32_t)-7), "-7");
    ONE(NUM("LowerHex", "i32"), put_u32((uint32_t)-1), "ffffffff");
    ONE(NUM("UpperHex", "u32"), put_u32(0xbeef), "BEEF");
    ONE(NUM("Octal", "u32"), put_u32(8), "10");
    ONE(NUM("Binary", "u8"), put(&(uint8_t){5}, 1), "101");
    /* floats: the shortest text that reads back; Display without an
     * exponent, Debug with .0 and an exponent outside [1e-4, 1e16) */
    ONE(FLOAT("Display", "f64"), put_f64(1e21), "1000000000000000000000");
    ONE(FLOAT("Display", "f64"), put_f64(1e-7), "0.0000001");
    ONE(FLOAT("Display", "f64"), put_f64(-0.0), "-0");
    ONE(FLOAT("Display", "f64"), put_f64(0.3), "0.3");
    ONE(FLOAT("Display", "f64"), put_f64(2.0 / 3.0), "0.6666666666666666");
    ONE(FLOAT("Display", "f64"), put_f64(NAN), "NaN");
    ONE(FLOAT("Display", "f64"), put_f64(-INFINITY), "-inf");
    ONE(FLOAT("Display", "f32"), put_f32(0.1f), "0.1");
    ONE(FLOAT("Display", "f32"), put_f32(1.0f / 3.0f), "0.33333334");
    ONE(FLOAT("Display", "f32"), put_f32(16777216.0f), "16777216");
    ONE(FLOAT("Display", "f32"), put_f32(2.5f), "2.5");
    ONE(FLOAT("Debug", "f64"), put_f64(1.0), "1.0");
    ONE(FLOAT("Debug", "f64"), put_f64(0.0), "0.0");
    ONE(FLOAT("Debug", "f64"), put_f64(-0.25), "-0.25");
    ONE(FLOAT("Debug", "f64"), put_f64(1e16), "1e16");
    ONE(FLOAT("Debug", "f64"), put_f64(1.5e-7), "1.5e-7");
    ONE(FLOAT("Debug", "f64"), put_f64(0.0001), "0.0001");
    ONE(FLOAT("Debug", "f32"), put_f32(1e-5f), "1e-5");
    ONE(FLOAT("LowerExp", "f64"), put_f64(1234.5), "1.2345e3");
    SPEC(FLOAT("LowerExp", "f64"), put_f64(1234.5), ((tspec){0, ' ', 0, 0, 2, 2, 0, 3}),
         "1.23e3");                                                 /* {:.2e} */
    {
        /* Display never uses an exponent: 1e300 is a 1 and 300 zeros */
        static char big[310];
        big[0] = '<';
        big[1] = '1';
        memset(big + 2, '0', 300);
        big[302] = '\0';
        static const char *const p[] = {"<"};
        targ a = {FLOAT("Display", "f64"), put_f64(1e300), 0};
        expect_message(__LINE__, p, 1, &a, 1, NULL, 0, big);
    }
    /* bool, char, str, String */
    ONE("<bool as core::fmt::Display>::fmt", put(&(uint8_t){1}, 1), "true");
    ONE("<bool as core::fmt::Display>::fmt", put(&(uint8_t){0}, 1), "false");
    ONE("<char as core::fmt::Display>::fmt", put_u32(0xe9), "\xc3\xa9");
    ONE("<char as core::fmt::Debug>::fmt", put_u32(0xe9), "'\xc3\xa9'");
    ONE("<char as core::fmt::Debug>::fmt", put_u32('\n'), "'\\n'");
    ONE("<char as core::fmt::Debug>::fmt", put_u32('\''), "'\\''");
    ONE("<char as core::fmt::Debug>::fmt", put_u32(0x1b), "'\\u{1b}'");
    ONE("<&str as core::fmt::Display>::fmt", put_strref("ghost"), "ghost");
    ONE(AMP_T_DISPLAY_STR, put_strref("hero"), "hero");   /* <&T>, calls <str as Display> */
    ONE(AMP_T_DISPLAY_PAD, put_strref("slime"), "slime"); /* <&T>, calls Formatter::pad */
    ONE(AMP_T_DEBUG_STR, put_strref("a\"b\\"), "\"a\\\"b\\\\\"");
    ONE(AMP_T_DISPLAY_U32, put_u32(put_u32(77)), "77");   /* <&T>, calls <u32 as Display> */
    ONE("<&&u32 as core::fmt::Display>::fmt", put_u32(put_u32(put_u32(99))), "99");
    {
        uint32_t bytes = put("layer-2", 7);
        uint32_t s = put_u32(bytes);
        put_u32(16); /* capacity */
        put_u32(7);  /* length */
        ONE("<alloc::string::String as core::fmt::Display>::fmt", s, "layer-2");
    }
    /* not known: {?} */
    ONE(AMP_T_TWO_CALLS, put_u32(put_u32(1)), "{?}");
    ONE("<core::option::Option<T> as core::fmt::Debug>::fmt", put_u32(0), "{?}");
    ONE("<str as core::fmt::Display>::fmt", put_strref("x"), "{?}"); /* never a formatter */
    /* format specs */
    SPEC("<&str as core::fmt::Display>::fmt", put_strref("ab"),
         ((tspec){0, ' ', 0, 2, 0, 0, 6, 1}), "    ab");              /* {:>6} */
    SPEC(DISPLAY("i32"), put_u32(5), ((tspec){0, '*', 0, 2, 0, 0, 7, 2}), "***5***"); /* {:*^7} */
    SPEC(FLOAT("Display", "f64"), put_f64(-3.14159),
         ((tspec){0, ' ', 8, 0, 3, 0, 8, 3}), "-003.142");          /* {:08.3} */
    SPEC(NUM("LowerHex", "u32"), put_u32(255), ((tspec){0, ' ', 4, 2, 0, 2, 0, 3}),
         "0xff");                                                   /* {:#x} */
    SPEC(NUM("Binary", "u8"), put(&(uint8_t){5}, 1), ((tspec){0, ' ', 4 | 8, 2, 0, 0, 10, 3}),
         "0b00000101");                                             /* {:#010b} */
    SPEC(DISPLAY("i32"), put_u32(7), ((tspec){0, ' ', 1, 2, 0, 2, 0, 3}), "+7"); /* {:+} */
    SPEC("<&str as core::fmt::Display>::fmt", put_strref("hello"),
         ((tspec){0, ' ', 0, 0, 2, 2, 0, 3}), "he");                /* {:.2} */
    SPEC(NUM("Debug", "u32"), put_u32(255), ((tspec){0, ' ', 16, 2, 0, 2, 0, 3}), "ff"); /* {:x?} */
    SPEC(NUM("UpperHex", "i32"), put_u32((uint32_t)-1), ((tspec)PLAIN), "FFFFFFFF");
    SPEC("<bool as core::fmt::Display>::fmt", put(&(uint8_t){1}, 1),
         ((tspec){0, ' ', 0, 2, 0, 0, 5, 3}), "true ");             /* {:5}: left */
    SPEC(DISPLAY("i32"), put_u32(42), ((tspec){0, ' ', 0, 2, 0, 0, 5, 3}), "   42"); /* right */
    /* positions and a width from an argument: "{1} {0:>1$}" */
    {
        static const char *const p[] = {"", " "};
        targ a[] = {{"<&str as core::fmt::Display>::fmt", put_strref("x"), 0},
                    {DISPLAY("usize"), put_u32(4), 0}};
        tspec s[] = {{1, ' ', 0, 2, 0, 2, 0, 3}, {0, ' ', 0, 2, 0, 1, 1, 1}};
        expect_message(__LINE__, p, 2, a, 2, s, 2, "4    x");
    }
    /* damage: the argument cannot be read; the rest of the message is kept */
    ONE(NULL, put_u32(1), "{?}");                         /* table index 0: null */
    {
        static const char *const p[] = {"a", "b"};
        targ a[] = {{NULL, put_u32(1), 100000}, {DISPLAY("u32"), MEM_SIZE - 2, 0}};
        expect_message(__LINE__, p, 2, a, 2, NULL, 0, "a{?}b{?}");
    }
    ONE("<bool as core::fmt::Display>::fmt", put(&(uint8_t){7}, 1), "{?}");
    ONE("<char as core::fmt::Display>::fmt", put_u32(0xd800), "{?}");
    ONE("<&str as core::fmt::Display>::fmt", put_strref("\xff\xfe"), "{?}");
    {
        uint32_t s = put_u32(MEM_SIZE - 4);
        put_u32(100);
        ONE("<&str as core::fmt::Display>::fmt", s, "{?}"); /* runs past memory */
    }
    /* pieces that are not UTF-8, or too many: no message, the location stays */
    {
        static const char *const p[] = {"\xc3"};
        expect_message(__LINE__, p, 1, NULL, 0, NULL, 0, NULL);
    }
    {
        uint32_t loc = put_location("src/x.rs", 7, 3);
        uint32_t args = put_arguments(NULL, 0, NULL, 0, NULL, 0);
        st32(args + 4, 100000); /* pieces.len */
        fmt_locals = (locals){2, {args, loc}};
        panic_report r;
        panic_analyze(&mod, &memory, chain, NCHAIN, &r);
        if (!r.found || r.message || !r.file)
            FAIL("a damaged piece count: message %s", r.message ? r.message : "(none)");
        panic_report_free(&r);
    }
}

/* Where the message and location come from when panic_fmt's frame does not
 * have them: rust_begin_unwind's PanicInfo (message @8, location @12). */
static void sources(void)
{
    static const char *const p[] = {"from the PanicInfo"};
    uint32_t args = put_arguments(p, 1, NULL, 0, NULL, 0);
    uint32_t good = put_location("src/y.rs", 9, 1);
    uint32_t bad = put_location("src/\x01.rs", 9, 1); /* not printable: not a file name */
    uint32_t info = put_u32(0);
    put_u32(0);
    put_u32(args);
    put_u32(good);
    put_u32(1);
    fmt_locals = (locals){2, {args, bad}};
    unwind_locals = (locals){1, {info}};
    panic_report r;
    panic_analyze(&mod, &memory, chain, NCHAIN, &r);
    if (!r.found || !r.file || strcmp(r.file, "src/y.rs") != 0 || r.line != 9 ||
        !r.message || strcmp(r.message, "from the PanicInfo") != 0)
        FAIL("PanicInfo: %s:%u %s", r.file ? r.file : "-", r.line, r.message ? r.message : "-");
    char *line = panic_line(&r);
    if (!line || strcmp(line, "panicked at src/y.rs:9:1: from the PanicInfo") != 0)
        FAIL("panic_line: %s", line ? line : "(null)");
    free(line);
    panic_report_free(&r);

    /* std::panicking::begin_panic::<&str>(msg, location) (edition 2015's
     * panic!("literal")): the message is the &str itself */
    uint32_t msg = put("it broke", 8);
    locals bp = {3, {msg, 8, good}};
    sym_values bpv = {&bp, local_of, NULL, NULL, mem_read};
    panic_frame frames[] = {{"__rust_start_panic", false, &memory},
                            {"rust_panic", false, &memory},
                            {"std::panicking::rust_panic_with_hook", false, &memory},
                            {"std::panicking::begin_panic::{{closure}}", false, &memory},
                            {"std::sys_common::backtrace::__rust_end_short_backtrace", false,
                             &memory},
                            {"std::panicking::begin_panic::<&str>", false, &bpv},
                            {"game::main", false, &memory}};
    panic_analyze(&mod, &memory, frames, 7, &r);
    if (!r.found || r.machinery_end != 6 || !r.message || strcmp(r.message, "it broke") != 0 ||
        !r.file || r.line != 9)
        FAIL("begin_panic: %u %s", r.machinery_end, r.message ? r.message : "-");
    panic_report_free(&r);

    /* no memory and no locals: a panic all the same, nothing more known */
    panic_analyze(NULL, NULL, frames, 7, &r);
    line = panic_line(&r);
    if (!r.found || r.message || r.file || !line ||
        strcmp(line, "panicked (the message and location were not found)") != 0)
        FAIL("nothing known: %s", line ? line : "(null)");
    free(line);
    panic_report_free(&r);
}

static void folding(void)
{
    static const char *const p[] = {"boom"};
    fmt_locals = (locals){2, {put_arguments(p, 1, NULL, 0, NULL, 0), put_location("a.rs", 1, 2)}};
    panic_report r;
    panic_analyze(&mod, &memory, chain, NCHAIN, &r);
    /* 7 frames of machinery (through panic_fmt), then the user's 4, then
     * from __rust_begin_short_backtrace on, the runtime's start */
    if (r.machinery_end != 7 || r.runtime_start != 11)
        FAIL("folds: machinery_end %u runtime_start %u", r.machinery_end, r.runtime_start);
    static const panic_fold want[NCHAIN] = {
        PANIC_MACHINERY, PANIC_MACHINERY, PANIC_MACHINERY, PANIC_MACHINERY, PANIC_MACHINERY,
        PANIC_MACHINERY, PANIC_MACHINERY, PANIC_SHOWN, PANIC_SHOWN, PANIC_SHOWN, PANIC_SHOWN,
        PANIC_RUNTIME, PANIC_RUNTIME, PANIC_RUNTIME};
    for (uint32_t i = 0; i < NCHAIN; i++)
        if (panic_frame_fold(&r, i) != want[i])
            FAIL("frame %u folds as %d", i, panic_frame_fold(&r, i));
    char buf[128];
    panic_fold_line(buf, sizeof buf, PANIC_MACHINERY, 7);
    if (strcmp(buf, "... 7 frames of panic machinery (--full-backtrace shows them)") != 0)
        FAIL("fold line: %s", buf);
    panic_fold_line(buf, sizeof buf, PANIC_RUNTIME, 1);
    if (strcmp(buf, "... 1 frame of the Rust runtime's start (--full-backtrace shows them)") != 0)
        FAIL("fold line: %s", buf);

    /* std's own text of this panic (rustc 1.63's and 1.73's wording) */
    static const struct {
        const char *text;
        bool same;
    } std_text[] = {
        {"thread 'main' panicked at 'boom', a.rs:1:2\n", true},
        {"thread 'main' panicked at 'boom', a.rs:1:2\nnote: run with `RUST_BACKTRACE=1` "
         "environment variable to display a backtrace\n", true},
        {"thread 'main' panicked at a.rs:1:2:\nboom\nnote: run with `RUST_BACKTRACE=1` "
         "environment variable to display a backtrace\n", true},
        {"thread '<unnamed>' panicked at 'boom', a.rs:1:2\n", true},
        {"thread 'main' panicked at 'boom!', a.rs:1:2\n", false},
        {"thread 'main' panicked at 'boom', a.rs:1:3\n", false},
        {"thread 'main' panicked at 'boom', a.rs:1:2\nnote: one\nnote: two\n", false},
        {"thread 'main' panicked at 'boom', a.rs:1:2\nmore", false},
        {"thread 'main' panicked at 'boom', a.rs:1:2", false},
        {"thread 'main' is fine\n", false},
    };
    for (size_t i = 0; i < sizeof std_text / sizeof std_text[0]; i++)
        if (panic_same_as_std(&r, std_text[i].text, strlen(std_text[i].text)) !=
            std_text[i].same)
            FAIL("panic_same_as_std(%s) should be %d", std_text[i].text, std_text[i].same);
    panic_report_free(&r);

    /* not a panic: nothing of the machinery folds; the runtime's still does */
    panic_frame plain[] = {{"abort", false, &memory}, {"game::main", false, &memory},
                           {"std::sys_common::backtrace::__rust_begin_short_backtrace", false,
                            &memory},
                           {"_start", false, &memory}};
    panic_analyze(&mod, &memory, plain, 4, &r);
    char *line = panic_line(&r);
    if (r.found || line || r.machinery_end != 0 || r.runtime_start != 2)
        FAIL("no panic: found %d machinery_end %u runtime_start %u", r.found, r.machinery_end,
             r.runtime_start);
    free(line);
    panic_report_free(&r);
    /* unknown names and no frames at all */
    panic_frame unknown[] = {{NULL, false, NULL}, {"", false, NULL}};
    panic_analyze(NULL, NULL, unknown, 2, &r);
    if (r.found || r.runtime_start != 2)
        FAIL("unknown names");
    panic_report_free(&r);
    panic_analyze(NULL, NULL, NULL, 0, &r);
    if (r.found || r.runtime_start != 0)
        FAIL("no frames");
    panic_report_free(&r);
}

/* Random memory under a real chain: whatever it holds, no crash. */
static void chaos(void)
{
    uint32_t seed = 99;
    for (int round = 0; round < 3000; round++) {
        for (uint32_t i = 0; i < 4096; i++) {
            seed = seed * 1103515245u + 12345u;
            /* small numbers, so lengths and pointers land inside */
            mem[i] = (uint8_t)((seed >> 16) % ((round & 1) ? 256 : 24));
        }
        fmt_locals = (locals){2, {(seed >> 8) % 4096, (seed >> 4) % 4096}};
        unwind_locals = (locals){1, {(seed >> 12) % 4096}};
        panic_report r;
        panic_analyze(&mod, &memory, chain, NCHAIN, &r);
        char *line = panic_line(&r);
        free(line);
        panic_report_free(&r);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_panic fmt.wasm\n");
        return 2;
    }
    size_t len;
    uint8_t *bytes = read_capped(argv[1], READ_MODULE, &len);
    size_t at;
    char err[200];
    if (!bytes || !im_parse(bytes, len, &mod, &at, err, sizeof err)) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    top = 0x100;
    formatting();
    sources();
    folding();
    chaos();
    im_free(&mod);
    free(bytes);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("panic.c: formatting, sources, folds, std's text, damage: ok\n");
    return 0;
}

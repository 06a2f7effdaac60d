/* `wisp play`: a WASM-4 cart on the console layer (core/include/
 * wisp_console.h). Headless, it prints what the reference runtime prints
 * (a CRC-32 of the palette and framebuffer after every frame, and the
 * cart's trace lines, in order), for tests and scripts. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "play.h"
#include "opts.h"
#include "png.h"
#include "readfile.h"
#include "readlimit.h"
#include "stack_size.h"
#include "trap_report.h"
#include "unknown_imports.h"
#include "wisp.h"
#include "wisp_console.h"
#include "wisp_port.h"

#define DEFAULT_ARENA ((size_t)16 << 20)

const char play_usage[] =
    "usage: wisp play [options] CART.wasm\n"
    "\n"
    "Plays a WASM-4 cart (https://wasm4.org): 160x160 pixels, 4 colours, the\n"
    "gamepad, a 1 KiB disk.\n"
    "\n"
    "options:\n"
    "  --headless       no window: print 'frame F HHHHHHHH' after every frame\n"
    "                   (the CRC-32 of the palette and the framebuffer, as\n"
    "                   WASM-4's reference runtime prints it) and the cart's\n"
    "                   trace lines, in order\n"
    "  --frames N       stop after N frames (headless: default 600)\n"
    "  --tape FILE      the first gamepad, one byte a frame (bit 0 X, bit 1 Z,\n"
    "                   bits 4-7 left, right, up, down), from the start again\n"
    "                   when it ends\n"
    "  --disk FILE      the disk: read at start, written on every diskw\n"
    "                   (headless default: an empty disk that is not saved)\n"
    "  --png PREFIX     save the screen every 60 frames as PREFIX0060.png, ...\n"
    "  --wav FILE       write the sound: 16-bit stereo at 44100 Hz\n"
    "  --coredump PATH  on a trap, write a standard Wasm coredump to PATH\n"
    "  --arena SIZE     memory for the cart and the runtime (default 16M)\n"
    "  --code-cache SIZE  translate functions when first called, keeping at\n"
    "                   most SIZE bytes of internal code (suffix K or M), as\n"
    "                   a device with little RAM does; default: all at load.\n"
    "                   At the end stderr gets how many translations it took\n"
    "  --source-map FILE  the cart's source map, for FILE:LINE:COL in a\n"
    "                   backtrace when it has no DWARF (default: the map its\n"
    "                   sourceMappingURL section names, if that is a local file)\n"
    "  --no-demangle    function names as the cart has them (Rust and C++ names\n"
    "                   are demangled by default)\n"
    "  --full-backtrace  show the frames of a Rust panic's machinery (folded\n"
    "                   into one line by default)\n"
    "  --trap-unknown-imports  play a cart that imports what WASM-4 does not\n"
    "                   have: such a function traps when called, naming it; a\n"
    "                   global, memory or table gets a stand-in (zero, zeroed,\n"
    "                   nulls)\n"
    "  --default-values-unknown-imports  the same, but such a function\n"
    "                   returns zeros (without either, every missing import\n"
    "                   is listed)\n"
    "\n"
    "On a trap, stderr gets `trap: <reason>` and the backtrace (with FILE:LINE\n"
    "when the cart has DWARF or a source map), and the exit status is 134, as\n"
    "for `wisp run`.\n";


enum { O_HEADLESS = 1, O_FRAMES, O_TAPE, O_DISK, O_COREDUMP, O_ARENA, O_PNG, O_WAV,
       O_CODE_CACHE, O_SOURCE_MAP, O_TRAP_UNKNOWN, O_DEFAULT_UNKNOWN, O_NO_DEMANGLE,
       O_FULL_BACKTRACE };
static const opt_spec play_options[] = {
    {"--headless", NULL, false, O_HEADLESS},
    {"--frames", NULL, true, O_FRAMES},
    {"--tape", NULL, true, O_TAPE},
    {"--disk", NULL, true, O_DISK},
    {"--coredump", NULL, true, O_COREDUMP},
    {"--arena", NULL, true, O_ARENA},
    {"--png", NULL, true, O_PNG},
    {"--wav", NULL, true, O_WAV},
    {"--code-cache", NULL, true, O_CODE_CACHE},
    {"--source-map", NULL, true, O_SOURCE_MAP},
    {"--trap-unknown-imports", NULL, false, O_TRAP_UNKNOWN},
    {"--default-values-unknown-imports", NULL, false, O_DEFAULT_UNKNOWN},
    {"--no-demangle", NULL, false, O_NO_DEMANGLE},
    {"--full-backtrace", NULL, false, O_FULL_BACKTRACE},
    {NULL, NULL, false, 0},
};

static int parse(int argc, char **argv, play_opts *o)
{
    opt_parser p = opt_begin("play", argc, argv, 1, play_options, true);
    const char *v;
    for (int id; (id = opt_next(&p, &v)) != OPT_END;) {
        switch (id) {
        case OPT_HELP:
            fputs(play_usage, stdout);
            return 0;
        case OPT_BAD:
            return EXIT_BAD;
        case OPT_OPERAND:
            if (o->path)
                return opt_fail(&p, "more than one cart given ('%s' and '%s')", o->path, v);
            o->path = v;
            o->sym.module_path = v;
            break;
        case O_HEADLESS: o->headless = true; break;
        case O_FRAMES:
            if (!opt_uint(v, UINT32_MAX, &o->frames))
                return opt_fail(&p, "bad --frames '%s': expected a number of frames", v);
            break;
        case O_TAPE: o->tape = v; break;
        case O_DISK: o->disk = v; break;
        case O_COREDUMP: o->coredump = v; break;
        case O_PNG: o->png = v; break;
        case O_WAV: o->wav = v; break;
        case O_SOURCE_MAP:
            if (!*v)
                return opt_fail(&p, "--source-map needs a file name");
            o->sym.source_map = v;
            break;
        case O_NO_DEMANGLE: o->sym.no_demangle = true; break;
        case O_FULL_BACKTRACE: o->sym.full_backtrace = true; break;
        case O_ARENA: {
            const int bad = opt_arena(&p, v, "16M", &o->arena_size);
            if (bad >= 0)
                return bad;
            break;
        }
        case O_CODE_CACHE: {
            const int bad = opt_code_cache(&p, v, &o->code_cache);
            if (bad >= 0)
                return bad;
            break;
        }
        case O_TRAP_UNKNOWN:
        case O_DEFAULT_UNKNOWN: {
            const int bad = unknown_imports_option(&p, id == O_TRAP_UNKNOWN, &o->unknown);
            if (bad >= 0)
                return bad;
            break;
        }
        }
    }
    if (!o->path)
        return opt_fail(&p, "missing cart (usage: wisp play [options] CART.wasm)");
    if (o->headless && o->frames == UINT64_MAX)
        o->frames = 600;
    return -1;
}

/* ---- the outside world, headless -------------------------------------------- */

typedef struct player {
    const play_opts *o;
    FILE *out;
} player;

static void trace_line(void *ctx, const char *text, uint32_t len)
{
    player *pl = ctx;
    fwrite(text, 1, len, pl->out);
    fputc('\n', pl->out);
}

static void disk_written(void *ctx, const uint8_t *data, uint32_t len)
{
    player *pl = ctx;
    if (!pl->o->disk)
        return;
    FILE *f = fopen(pl->o->disk, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        fprintf(stderr, "wisp: cannot write the disk %s\n", pl->o->disk);
}

static uint32_t format_g(void *ctx, double v, char *buf, uint32_t size)
{
    (void)ctx;
    int n = snprintf(buf, size, "%g", v);
    return n < 0 ? 0 : (uint32_t)n;
}

/* The screen as the palette colours it, to PREFIX%04d.png. */
static bool save_png(const char *prefix, uint64_t frame, const uint8_t *ram)
{
    static uint8_t rgb[WISP_W4_WIDTH * WISP_W4_HEIGHT * 3];
    for (uint32_t i = 0; i < WISP_W4_WIDTH * WISP_W4_HEIGHT; i++) {
        const unsigned c = (ram[WISP_W4_FRAMEBUFFER + i / 4] >> (2 * (i % 4))) & 3u;
        const uint8_t *p = ram + WISP_W4_PALETTE + 4 * c; /* 0xRRGGBB, little-endian */
        rgb[3 * i] = p[2];
        rgb[3 * i + 1] = p[1];
        rgb[3 * i + 2] = p[0];
    }
    char path[4096];
    snprintf(path, sizeof path, "%s%04" PRIu64 ".png", prefix, frame);
    if (png_write_rgb(path, rgb, WISP_W4_WIDTH, WISP_W4_HEIGHT))
        return true;
    fprintf(stderr, "wisp: cannot write %s\n", path);
    return false;
}

/* A WAV file of 16-bit stereo samples, its sizes written when it is closed. */
#define WAV_RATE PLAY_SAMPLE_RATE
static void le(uint8_t *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void wav_header(FILE *f, uint32_t data_bytes)
{
    uint8_t h[44];
    memcpy(h, "RIFF", 4);
    le(h + 4, 36 + data_bytes, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    le(h + 16, 16, 4);
    le(h + 20, 1, 2); /* PCM */
    le(h + 22, 2, 2); /* stereo */
    le(h + 24, WAV_RATE, 4);
    le(h + 28, WAV_RATE * 4, 4);
    le(h + 32, 4, 2);
    le(h + 34, 16, 2);
    memcpy(h + 36, "data", 4);
    le(h + 40, data_bytes, 4);
    rewind(f);
    fwrite(h, 1, sizeof h, f);
}

/* The window's default disk: CART.disk beside CART.wasm. */
static const char *disk_beside(const char *cart)
{
    static char path[4096];
    size_t n = strlen(cart);
    if (n > 5 && !strcmp(cart + n - 5, ".wasm"))
        n -= 5;
    snprintf(path, sizeof path, "%.*s.disk", (int)n, cart);
    return path;
}

/* ---- playing ---------------------------------------------------------------- */

/* The cart's imports WASM-4 does not have (play_main frees them). */
static unknown_imports play_unknown;

static int report_trap(const play_opts *o, wisp_instance *inst, const uint8_t *cart,
                       size_t len)
{
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    const char *msg = t.message && *t.message ? t.message : "unknown trap";
    trap_report_backtrace(stderr, inst, msg, cart, len, TRAP_REPORT_DEFAULT_DEPTH, &o->sym);
    if (o->coredump)
        trap_report_coredump(o->coredump, inst, o->path);
    return EXIT_TRAP;
}

static int play(const play_opts *o, const uint8_t *cart, size_t len, uint8_t *tape,
                size_t tape_len, void *mem)
{
    player pl = {o, stdout};
    wisp_w4_io io = {trace_line, disk_written, format_g, &pl};
    static wisp_w4 con;
    wisp_w4_init(&con, &io);
    if (o->disk) {
        size_t n;
        const char *why;
        bool too_big;
        uint8_t *d = read_file_max(o->disk, WISP_W4_DISK_SIZE, &n, &why, &too_big);
        if (d) /* a missing disk file is an empty disk */
            wisp_w4_set_disk(&con, d, (uint32_t)n);
        free(d);
    }

    wisp_arena arena;
    wisp_err e = wisp_arena_init_zeroed(&arena, mem, o->arena_size); /* calloc'd */
    wisp_module *m = NULL;
    const wisp_load_config lc = {WISP_FEATURES_ALL, (uint32_t)o->code_cache, 0};
    if (e == WISP_OK)
        e = wisp_module_load_config(&arena, cart, len, &lc, &m);
    if (e != WISP_OK) {
        const char *why = wisp_arena_error(&arena);
        fprintf(stderr, "wisp: %s: %s\n", o->path, why && *why ? why : wisp_err_str(e));
        return EXIT_BAD;
    }
    wisp_config cfg = {.value_stack_slots = stack_default_slots(cart, len, o->arena_size),
                       .call_depth = stack_default_depth(o->arena_size)};
    wisp_instance *inst = NULL;
    /* what WASM-4 does not have: listed, or stood in for (unknown_imports.h) */
    if (!unknown_imports_init(&play_unknown, o->unknown, &arena, m, NULL, NULL)) {
        fprintf(stderr, "wisp: out of host memory\n");
        return EXIT_BAD;
    }
    con.unknown_import = unknown_imports_resolve;
    con.unknown_import_ctx = &play_unknown;
    e = wisp_w4_instantiate(&con, &arena, m, &cfg, &inst);
    if (e == WISP_OK || (e == WISP_ERR_TRAP && inst))
        unknown_imports_notes(stderr, &play_unknown, o->path);
    if (e == WISP_ERR_TRAP && inst)
        return report_trap(o, inst, cart, len);
    if (e == WISP_ERR_UNLINKABLE && unknown_imports_missing(&play_unknown)) {
        unknown_imports_report(stderr, &play_unknown, o->path,
                               "WASM-4 has env.memory and the functions of its API");
        return EXIT_BAD;
    }
    if (e != WISP_OK) {
        const char *why = wisp_w4_error(&con);
        if (!why)
            why = wisp_arena_error(&arena);
        fprintf(stderr, "wisp: %s: %s\n", o->path, why && *why ? why : wisp_err_str(e));
        return EXIT_BAD;
    }
    play_session ps = {o, cart, len, &con, inst, pl.out, 0, NULL, 0};
    int status = -1;
    if (o->wav) {
        wisp_w4_set_sample_rate(&con, WAV_RATE);
        if (!(ps.wav = fopen(o->wav, "wb"))) {
            fprintf(stderr, "wisp: cannot write %s\n", o->wav);
            return EXIT_BAD;
        }
        wav_header(ps.wav, 0);
    }
    if (o->headless) {
        for (; ps.frame < o->frames && status < 0;) {
            uint8_t pads[4] = {tape_len ? tape[ps.frame % tape_len] : 0, 0, 0, 0};
            status = play_frame(&ps, pads, NULL);
        }
    } else {
        status = play_window(&ps, tape, tape_len);
    }
    if (o->code_cache) { /* what the cache cost: to choose its size */
        wisp_code_stats st;
        wisp_module_code_stats(m, &st);
        fprintf(stderr, "wisp: code cache: %" PRIu32 " translations, %" PRIu32
                        " evictions in %" PRIu64 " frames\n",
                st.translations, st.evictions, ps.frame);
    }
    if (ps.wav) {
        wav_header(ps.wav, ps.wav_bytes);
        if (fclose(ps.wav) != 0) {
            fprintf(stderr, "wisp: cannot write %s\n", o->wav);
            status = status > 0 ? status : EXIT_BAD;
        }
    }
    return status < 0 ? 0 : status;
}

int play_frame(play_session *s, const uint8_t pads[4], int16_t *audio)
{
    const play_opts *o = s->o;
    const uint8_t *ram = wisp_w4_ram(s->con);
    wisp_err e = wisp_w4_frame(s->con, pads);
    if (e == WISP_ERR_TRAP) {
        fflush(s->out);
        return report_trap(o, s->inst, s->cart, s->len);
    }
    if (e != WISP_OK) {
        fprintf(stderr, "wisp: %s: frame %" PRIu64 ": %s\n", o->path, s->frame,
                wisp_err_str(e));
        return EXIT_BAD;
    }
    int16_t samples[PLAY_FRAME_SAMPLES * 2];
    if (s->wav || audio) /* a frame's sound: 735 samples at 44100 Hz */
        wisp_w4_audio(s->con, audio ? audio : samples, PLAY_FRAME_SAMPLES);
    if (s->wav) {
        const int16_t *a = audio ? audio : samples;
        uint8_t bytes[sizeof samples];
        for (size_t i = 0; i < sizeof samples / 2; i++)
            le(bytes + 2 * i, (uint16_t)a[i], 2);
        s->wav_bytes += (uint32_t)fwrite(bytes, 1, sizeof bytes, s->wav);
    }
    if (o->headless) {
        uint32_t h = wisp_crc32(0, ram + WISP_W4_PALETTE, 16);
        h = wisp_crc32(h, ram + WISP_W4_FRAMEBUFFER, WISP_W4_FRAMEBUFFER_SIZE);
        fprintf(s->out, "frame %" PRIu64 " %08" PRIx32 "\n", s->frame, h);
    }
    s->frame++;
    if (o->png && s->frame % 60 == 0 && !save_png(o->png, s->frame, ram))
        return EXIT_BAD;
    return s->frame >= o->frames ? 0 : -1;
}

int play_main(int argc, char **argv)
{
    play_opts o = {.frames = UINT64_MAX, .arena_size = DEFAULT_ARENA};
    int status = parse(argc, argv, &o);
    if (status >= 0)
        return status;
    if (!o.headless && !play_window_available()) /* (it says why) */
        return EXIT_BAD;
    if (!o.headless && !o.disk)
        o.disk = disk_beside(o.path);
    size_t len, tape_len = 0;
    uint8_t *cart = read_capped(o.path, READ_MODULE, &len), *tape = NULL;
    if (!cart)
        return EXIT_BAD;
    if (o.tape && !(tape = read_capped(o.tape, READ_CAPTURE, &tape_len))) {
        free(cart);
        return EXIT_BAD;
    }
    void *mem = calloc(1, o.arena_size); /* see run.c */
    if (!mem) {
        fprintf(stderr, "wisp: cannot allocate a %zu-byte arena; try a smaller --arena\n",
                o.arena_size);
        status = EXIT_BAD;
    } else {
        status = play(&o, cart, len, tape, tape_len, mem);
    }
    unknown_imports_free(&play_unknown); /* after the trap report: its messages */
    fflush(stdout);
    free(mem);
    free(tape);
    free(cart);
    return status;
}

/* `wisp run`: loads a module into a calloc'd arena and either runs it as
 * a WASI command (_start) or calls one export with arguments from the
 * command line (cli.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "readlimit.h"
#include "stack_size.h"
#include "values.h"
#include "bt_text.h"
#include "trap_report.h"
#include "as_abort.h"
#include "unknown_imports.h"
#include "wasi.h"
#include "wisp.h"

#define DEFAULT_ARENA ((size_t)64 << 20)

#ifndef WISP_CLI_FUEL /* set by meson from -Dfuel */
#define WISP_CLI_FUEL 1
#endif

const char run_usage[] =
    "usage: wisp run [options] module.wasm [args...]\n"
    "       wisp inspect [--module M.wasm [--source-map FILE]] [--json]\n"
    "                    [--memory ADDR[:LEN]] CORE\n"
    "       wisp pull (--port DEVICE [--request] | --file CAPTURE) -o OUT.core\n"
    "       wisp play [--headless] [--frames N] [--tape FILE] CART.wasm\n"
    "       wisp help\n"
    "\n"
    "Runs a WebAssembly module. Without --invoke the module is a WASI command:\n"
    "its _start export is called with args as argv (argv[0] is the module path),\n"
    "an empty environment, stdin/stdout/stderr and no file system access.\n"
    "\n"
    "options:\n"
    "  --invoke NAME  call the exported function NAME instead, with args as its\n"
    "                 parameters (calling _initialize first if it is exported):\n"
    "                   i32/i64: decimal (signed or unsigned) or 0x hex\n"
    "                   f32/f64: 1.5, -2e10, 0x1p-3, inf, nan, nan:0x1\n"
    "                   v128: lanes as SHAPE:L0,L1,... with SHAPE one of i8x16,\n"
    "                     i16x8, i32x4, i64x2, f32x4, f64x2 and each lane as\n"
    "                     above (e.g. i32x4:1,2,3,-1), or 0x and up to 32 hex\n"
    "                     digits, the 128-bit number with lane 0 lowest\n"
    "                 results print one per line: integers in signed decimal,\n"
    "                 floats as the shortest text that reads back exactly\n"
    "                 (inf, -inf, nan, nan:0xPAYLOAD for special values),\n"
    "                 v128 as i32x4:0x00000001,0x00000002,0x00000003,0xffffffff\n"
    "  --arena SIZE   memory for everything the module needs, including its\n"
    "                 linear memory; suffix K, M or G (default 64M)\n"
    "  --code-cache SIZE  translate functions when first called, keeping at\n"
    "                 most SIZE bytes of internal code (suffix K or M); the\n"
    "                 default translates all of them at load\n"
    "  --fuel N       trap after about N instructions (calls and loop\n"
    "                 iterations are charged)\n"
    "  --coredump PATH  on a trap, write a standard Wasm coredump to PATH\n"
    "                 (read it with 'wisp inspect PATH --module module.wasm')\n"
    "  --backtrace-depth N  frames printed on a trap before the middle ones\n"
    "                 are elided (default 32)\n"
    "  --source-map FILE  the module's source map (e.g. from asc --sourceMap),\n"
    "                 for FILE:LINE:COL in a backtrace when the module has no\n"
    "                 DWARF; default: the map its sourceMappingURL section\n"
    "                 names, if that is a local file\n"
    "  --no-demangle  function names as the module has them (Rust and C++\n"
    "                 names are demangled by default)\n"
    "  --full-backtrace  show the frames of a Rust panic's machinery and of\n"
    "                 the Rust runtime's start (folded into one line each by\n"
    "                 default)\n"
    "  --trap-unknown-imports  run a module whose imports wisp does not have:\n"
    "                 such a function traps when called, naming the import\n"
    "                 (trap: call to unknown import env.draw_sprite); a global,\n"
    "                 memory or table gets a stand-in (zero, zeroed, nulls)\n"
    "  --default-values-unknown-imports  the same, but such a function\n"
    "                 returns zeros of its result types\n"
    "                 (without either, every missing import is listed)\n"
    "  --stack-slots N  the value stack: 8-byte slots shared by the locals and\n"
    "                 operands of all frames (a v128 takes two); suffix K or M.\n"
    "                 Default: 1M, or 4 times the module's largest function\n"
    "                 frame if that is more, within a quarter of the arena\n"
    "  --call-depth N   frames before 'call stack exhausted' (default 65536,\n"
    "                 within a sixteenth of the arena)\n"
    "  --dump-code FUNC  print the internal code the translator made of FUNC\n"
    "                 (an export name, a name-section name, a function index,\n"
    "                 or all) and exit without running anything\n"
    "  --             end of options\n"
    "\n"
    "On a trap, stderr gets `trap: <reason>` and the backtrace, innermost\n"
    "first: module offset of the instruction, function name, its locals, and\n"
    "file:line when the module has DWARF (clang -g) or a source map. A module\n"
    "that imports AssemblyScript's env.abort gets one: a call traps with\n"
    "`abort: MESSAGE at FILE:LINE:COL`.\n"
    "\n"
    "A module larger than 256 MiB is refused (WISP_FILE_LIMIT=SIZE in the\n"
    "environment changes the cap).\n"
    "\n"
    "exit status: the guest's exit code (0 when _start returns), 134 when it\n"
    "traps, 1 for an invalid module or command line.\n";

typedef struct options {
    const char *invoke; /* NULL: run _start */
    size_t arena_size;
    size_t code_cache; /* 0: translate everything at load */
    int64_t fuel; /* < 0: unlimited */
    const char *coredump; /* NULL: none */
    const char *dump_code; /* NULL: run; else the function(s) to disassemble */
    uint32_t bt_depth;
    uint32_t stack_slots, call_depth; /* 0: the CLI's defaults (stack_size.h) */
    const uint8_t *bytes; /* the module file, for DWARF in backtraces */
    size_t len;
    const char *path;
    sym_options sym; /* how backtraces are symbolized */
    wasi_ctx *wasi;  /* the run's WASI host: the stderr it holds back */
    unknown_mode unknown; /* imports wisp does not have: refused, or stood in for */
    char **path_and_args; /* argv from the path on: the guest's argv */
    int nargs;            /* after the path */
    char **args;
} options;

/* ---- command line -------------------------------------------------- */

enum { O_INVOKE = 1, O_ARENA, O_FUEL, O_DUMP_CODE, O_COREDUMP, O_STACK_SLOTS, O_CALL_DEPTH,
       O_BT_DEPTH, O_CODE_CACHE, O_SOURCE_MAP, O_NO_DEMANGLE, O_FULL_BACKTRACE,
       O_TRAP_UNKNOWN, O_DEFAULT_UNKNOWN };
static const opt_spec run_opts[] = {
    {"--invoke", NULL, true, O_INVOKE},
    {"--arena", NULL, true, O_ARENA},
    {"--fuel", NULL, true, O_FUEL},
    {"--dump-code", NULL, true, O_DUMP_CODE},
    {"--coredump", NULL, true, O_COREDUMP},
    {"--stack-slots", NULL, true, O_STACK_SLOTS},
    {"--call-depth", NULL, true, O_CALL_DEPTH},
    {"--backtrace-depth", NULL, true, O_BT_DEPTH},
    {"--code-cache", NULL, true, O_CODE_CACHE},
    {"--source-map", NULL, true, O_SOURCE_MAP},
    {"--no-demangle", NULL, false, O_NO_DEMANGLE},
    {"--full-backtrace", NULL, false, O_FULL_BACKTRACE},
    {"--trap-unknown-imports", NULL, false, O_TRAP_UNKNOWN},
    {"--default-values-unknown-imports", NULL, false, O_DEFAULT_UNKNOWN},
    {NULL, NULL, false, 0},
};

/* Returns -1 when the options are good, else the exit status. */
static int parse_run_options(int argc, char **argv, options *o)
{
    opt_parser p = opt_begin("run", argc, argv, 1, run_opts, false);
    const char *v;
    uint64_t n;
    for (int id; (id = opt_next(&p, &v)) != OPT_END;) {
        switch (id) {
        case OPT_HELP:
            fputs(run_usage, stdout);
            return 0;
        case OPT_BAD:
            return EXIT_BAD;
        case O_INVOKE:
            if (!*v)
                return opt_fail(&p, "--invoke needs a function name");
            o->invoke = v;
            break;
        case O_ARENA: {
            const int bad = opt_arena(&p, v, "64M", &o->arena_size);
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
        case O_FUEL:
            if (!opt_uint(v, INT64_MAX, &n))
                return opt_fail(&p, "bad --fuel '%s': expected a non-negative integer", v);
            /* A core built with -Dfuel=false would ignore the budget:
             * refuse rather than run unmetered. */
            if (!WISP_CLI_FUEL)
                return opt_fail(&p, "this wisp was built without fuel support (meson option "
                                    "-Dfuel=true); --fuel cannot be used");
            o->fuel = (int64_t)n;
            break;
        case O_DUMP_CODE:
            if (!*v)
                return opt_fail(&p, "--dump-code needs a function (name, index or all)");
            o->dump_code = v;
            break;
        case O_COREDUMP:
            if (!*v)
                return opt_fail(&p, "--coredump needs a file name");
            o->coredump = v;
            break;
        case O_SOURCE_MAP:
            if (!*v)
                return opt_fail(&p, "--source-map needs a file name");
            o->sym.source_map = v;
            break;
        case O_NO_DEMANGLE:
            o->sym.no_demangle = true;
            break;
        case O_FULL_BACKTRACE:
            o->sym.full_backtrace = true;
            break;
        case O_TRAP_UNKNOWN:
        case O_DEFAULT_UNKNOWN: {
            const int bad = unknown_imports_option(&p, id == O_TRAP_UNKNOWN, &o->unknown);
            if (bad >= 0)
                return bad;
            break;
        }
        case O_STACK_SLOTS:
            if (!opt_size(v, &n) || n > UINT32_MAX)
                return opt_fail(&p, "bad --stack-slots '%s': expected a number of slots from 1 "
                                    "to 4294967295, with an optional K or M suffix, e.g. 4M", v);
            o->stack_slots = (uint32_t)n;
            break;
        case O_CALL_DEPTH:
            if (!opt_uint(v, UINT32_MAX, &n) || n < 1)
                return opt_fail(&p, "bad --call-depth '%s': expected a number of frames from 1 "
                                    "to 4294967295", v);
            o->call_depth = (uint32_t)n;
            break;
        case O_BT_DEPTH:
            if (!opt_uint(v, 100000, &n) || n < 1)
                return opt_fail(&p, "bad --backtrace-depth '%s': expected a number from 1 to "
                                    "100000", v);
            o->bt_depth = (uint32_t)n;
            break;
        }
    }
    if (o->dump_code && o->code_cache)
        return opt_fail(&p, "--dump-code shows the code translated at load: it takes no "
                            "--code-cache");
    if (p.i >= argc)
        return opt_fail(&p, "missing module file (usage: wisp run [options] module.wasm "
                            "[args...])");
    o->path = argv[p.i];
    o->sym.module_path = o->path;
    o->path_and_args = argv + p.i;
    o->args = argv + p.i + 1;
    o->nargs = argc - p.i - 1;
    return -1;
}

/* ---- reporting ----------------------------------------------------- */

/* "64M"-style text for a size, exact (falls back to plain bytes). */
static const char *size_text(size_t n, char *buf, size_t size)
{
    static const char suffix[] = "GMK";
    for (int i = 0; i < 3; i++) {
        unsigned shift = 30 - 10 * (unsigned)i;
        if (n >= ((size_t)1 << shift) && n % ((size_t)1 << shift) == 0) {
            snprintf(buf, size, "%zu%c", n >> shift, suffix[i]);
            return buf;
        }
    }
    snprintf(buf, size, "%zu", n);
    return buf;
}

/* A load/instantiate failure: the core's reason (with the byte offset for
 * decode errors), and for a full arena what to do about it. */
static int report_arena_error(const options *o, const wisp_arena *arena, wisp_err e,
                              const char *doing)
{
    const char *why = wisp_arena_error(arena);
    if (!why || !*why)
        why = wisp_err_str(e);
    fprintf(stderr, "wisp: %s: %s\n", o->path, why);
    if (e == WISP_ERR_NOMEM) {
        char have[32], want[32];
        size_t bigger = o->arena_size < DEFAULT_ARENA ? DEFAULT_ARENA : o->arena_size * 4;
        uint64_t stacks = (uint64_t)o->stack_slots * STACK_SLOT_BYTES +
                          (uint64_t)o->call_depth * STACK_FRAME_BYTES;
        if (!strcmp(doing, "instantiate")) /* room for the stacks too */
            while (bigger < stacks * 2 && bigger <= SIZE_MAX / 2)
                bigger *= 2;
        fprintf(stderr,
                "wisp: %s: the arena of %zu bytes (--arena %s) is too small to %s this "
                "module; try a larger one, e.g. --arena %s\n",
                o->path, o->arena_size, size_text(o->arena_size, have, sizeof have), doing,
                size_text(bigger, want, sizeof want));
        if (!strcmp(doing, "instantiate")) /* the stacks come out of the arena too */
            fprintf(stderr, "wisp: %s: its stacks take about %" PRIu64 " bytes of it "
                            "(--stack-slots %" PRIu32 ", --call-depth %" PRIu32 ")\n",
                    o->path, stacks, o->stack_slots, o->call_depth);
    }
    return EXIT_BAD;
}

/* After WISP_ERR_TRAP: the guest's exit code for proc_exit, else a
 * "trap: ..." line and EXIT_TRAP. */
static int report_trap(const options *o, wisp_instance *inst)
{
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    if (t.kind == WISP_TRAP_EXIT) { /* what a shell would see of exit(code) */
        if (o->wasi)
            wasi_stderr_flush(o->wasi);
        return (int)((uint32_t)t.exit_code & 0xff);
    }
    const char *msg = t.message && *t.message ? t.message : "unknown trap";
    /* a Rust guest's panic text, held back: printed, or replaced by wisp's panic line */
    size_t held_len = 0;
    const char *held = o->wasi ? wasi_stderr_held(o->wasi, &held_len) : NULL;
    trap_report_backtrace_after(stderr, inst, msg, o->bytes, o->len,
                                o->bt_depth ? o->bt_depth : TRAP_REPORT_DEFAULT_DEPTH, &o->sym,
                                held, held_len);
    if (o->wasi)
        wasi_stderr_drop(o->wasi);
    if (o->coredump)
        trap_report_coredump(o->coredump, inst, o->path);
    if (t.kind == WISP_TRAP_STACK_EXHAUSTED)
        fprintf(stderr, "wisp: %s: the guest used up its stacks (--stack-slots %" PRIu32
                        ", --call-depth %" PRIu32 "); larger ones may let it finish\n",
                o->path, o->stack_slots, o->call_depth);
    if (t.kind == WISP_TRAP_OUT_OF_FUEL)
        fprintf(stderr, "wisp: %s: ran out of fuel after the --fuel budget of %" PRId64
                        " instructions\n", o->path, o->fuel);
    return EXIT_TRAP;
}

/* Lists the exported functions, for "no such export" messages. */
static void list_func_exports(const wisp_module *m)
{
    uint32_t n = wisp_module_export_count(m), shown = 0;
    fprintf(stderr, "wisp: exported functions:");
    for (uint32_t i = 0; i < n; i++) {
        const char *name;
        uint32_t len;
        wisp_extern_kind kind;
        if (wisp_module_export(m, i, &name, &len, &kind) != WISP_OK || kind != WISP_EXTERN_FUNC)
            continue;
        fprintf(stderr, " %.*s", (int)len, name);
        shown++;
    }
    fprintf(stderr, shown ? "\n" : " (none)\n");
}

/* ---- running --------------------------------------------------------- */

/* Calls f (NAME in messages): -1 when it returned, else the exit status
 * after reporting its trap or why it could not be called. */
static int call_reported(const options *o, wisp_instance *inst, wisp_func *f, const char *name,
                         const wisp_value *args, uint32_t nargs, wisp_value *res, uint32_t nres)
{
    wisp_err e = wisp_func_call(inst, f, args, nargs, res, nres);
    if (e == WISP_ERR_TRAP)
        return report_trap(o, inst);
    if (e != WISP_OK) {
        fprintf(stderr, "wisp: %s: cannot call %s: %s\n", o->path, name, wisp_err_str(e));
        return EXIT_BAD;
    }
    return -1;
}

static int call_start(const options *o, const wisp_module *m, wisp_instance *inst)
{
    wisp_func *f;
    if (wisp_instance_find_func(inst, "_start", &f) != WISP_OK) {
        fprintf(stderr, "wisp: %s: no _start export, so it is not a WASI command; "
                        "use --invoke NAME to call a function\n", o->path);
        list_func_exports(m);
        return EXIT_BAD;
    }
    const uint8_t *p, *r;
    uint32_t np, nr;
    wisp_func_type(f, &p, &np, &r, &nr);
    if (np || nr) {
        fprintf(stderr, "wisp: %s: _start must take and return nothing\n", o->path);
        return EXIT_BAD;
    }
    int status = call_reported(o, inst, f, "_start", NULL, 0, NULL, 0);
    return status < 0 ? 0 : status;
}

/* A WASI reactor wants _initialize (constructors) before any export. */
static int call_initialize(const options *o, wisp_instance *inst)
{
    wisp_func *f;
    if (wisp_instance_find_func(inst, "_initialize", &f) != WISP_OK)
        return -1;
    return call_reported(o, inst, f, "_initialize", NULL, 0, NULL, 0);
}

static int call_invoke(const options *o, const wisp_module *m, wisp_instance *inst)
{
    wisp_func *f;
    if (wisp_instance_find_func(inst, o->invoke, &f) != WISP_OK) {
        fprintf(stderr, "wisp: %s: no exported function \"%s\"\n", o->path, o->invoke);
        list_func_exports(m);
        return EXIT_BAD;
    }
    const uint8_t *pt, *rt;
    uint32_t np, nr;
    wisp_func_type(f, &pt, &np, &rt, &nr);
    char sig[256];
    signature_format(pt, np, rt, nr, sig, sizeof sig);
    if ((uint32_t)o->nargs != np) {
        fprintf(stderr, "wisp: %s expects %" PRIu32 " argument%s, got %d; its type is %s\n",
                o->invoke, np, np == 1 ? "" : "s", o->nargs, sig);
        return EXIT_BAD;
    }
    /* +1: malloc(0) may return NULL, which would look like failure. */
    wisp_value *args = calloc(np + 1, sizeof *args), *res = calloc(nr + 1, sizeof *res);
    int status = -1;
    if (!args || !res) {
        fprintf(stderr, "wisp: out of host memory\n");
        status = EXIT_BAD;
    }
    for (uint32_t i = 0; status < 0 && i < np; i++) {
        if (!value_parse(pt[i], o->args[i], &args[i])) {
            fprintf(stderr, "wisp: argument %" PRIu32 " '%s' is not a valid %s; %s has type %s\n",
                    i + 1, o->args[i], bt_type_name(pt[i]), o->invoke, sig);
            if (pt[i] == WISP_V128)
                fprintf(stderr, "wisp: a v128 is SHAPE:L0,L1,... with as many lanes as the "
                                "shape has (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2), e.g. "
                                "i32x4:1,2,3,-1, or 0x and up to 32 hex digits\n");
            status = EXIT_BAD;
        }
    }
    if (status < 0)
        status = call_initialize(o, inst);
    if (status < 0)
        status = call_reported(o, inst, f, o->invoke, args, np, res, nr);
    if (status < 0) {
        for (uint32_t i = 0; i < nr; i++) {
            char text[VALUE_TEXT_MAX];
            value_format(rt[i], res[i], text, sizeof text);
            printf("%s\n", text);
        }
        status = 0;
    }
    free(args);
    free(res);
    return status;
}

/* The imports wisp run provides: AssemblyScript's env.abort (as_abort.h)
 * when the module imports it with its type, and WASI. */
typedef struct run_imports {
    as_abort *abort;
    wasi_ctx *wasi;
} run_imports;

static wisp_err run_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    const run_imports *r = ctx;
    if (as_abort_resolve(r->abort, imp, out))
        return WISP_OK;
    return wasi_resolve(r->wasi, imp, out);
}

/* Load, instantiate and run; `bytes` and `mem` belong to the caller. */
static int run_module(options *o, const uint8_t *bytes, size_t len, void *mem)
{
    wisp_arena arena;
    wisp_err e = wisp_arena_init_zeroed(&arena, mem, o->arena_size); /* calloc'd */
    if (e != WISP_OK)
        return report_arena_error(o, &arena, e, "load");

    wisp_module *m;
    const wisp_load_config lc = {WISP_FEATURES_ALL, (uint32_t)o->code_cache, 0};
    e = wisp_module_load_config(&arena, bytes, len, &lc, &m);
    if (e != WISP_OK)
        return report_arena_error(o, &arena, e, "load");
    if (o->dump_code) /* tools/cli/dump_code.c: print, run nothing */
        return dump_code(m, o->path, o->dump_code);

    /* The guest's argv: the module path, then (for a command) the args. */
    wasi_ctx wasi;
    wasi_init(&wasi, o->invoke ? 1 : 1 + o->nargs, o->path_and_args);
    o->wasi = &wasi;
    e = wasi_bind(&wasi, &arena, m);
    if (e != WISP_OK) {
        if (e == WISP_ERR_NOMEM)
            return report_arena_error(o, &arena, e, "instantiate");
        fprintf(stderr, "wisp: %s: cannot bind WASI imports: %s\n", o->path, wisp_err_str(e));
        return EXIT_BAD;
    }
    as_abort abort_import; /* its trap message must outlive the calls */
    e = as_abort_bind(&abort_import, &arena, m);
    if (e != WISP_OK)
        return report_arena_error(o, &arena, e, "instantiate");
    run_imports imports = {&abort_import, &wasi};

    /* what neither has: listed, or stood in for (lib/unknown_imports.h) */
    unknown_imports unknown;
    if (!unknown_imports_init(&unknown, o->unknown, &arena, m, run_resolve, &imports)) {
        fprintf(stderr, "wisp: out of host memory\n");
        return EXIT_BAD;
    }

    wisp_instance *inst = NULL;
    wisp_config cfg = {.value_stack_slots = o->stack_slots, .call_depth = o->call_depth};
    e = wisp_instance_create(&arena, m, &cfg, unknown_imports_resolve, &unknown, &inst);
    int status = -1;
    if (e == WISP_OK || (e == WISP_ERR_TRAP && inst))
        unknown_imports_notes(stderr, &unknown, o->path);
    if (e == WISP_ERR_TRAP && inst) /* the start function trapped */
        status = report_trap(o, inst);
    else if (e == WISP_ERR_UNLINKABLE && unknown_imports_missing(&unknown)) {
        unknown_imports_report(stderr, &unknown, o->path,
                               "wisp run provides the WASI functions (\"" WASI_MODULE "\") "
                               "and AssemblyScript's env.abort");
        status = EXIT_BAD;
    } else if (e != WISP_OK) {
        status = report_arena_error(o, &arena, e, "instantiate");
    } else {
        if (o->fuel >= 0)
            wisp_instance_set_fuel(inst, o->fuel);
        status = o->invoke ? call_invoke(o, m, inst) : call_start(o, m, inst);
        wasi_stderr_flush(&wasi); /* held back and not claimed by a trap report */
    }
    o->wasi = NULL;
    unknown_imports_free(&unknown); /* after the report: a trap's message is in it */
    return status;
}

static int run(options *o)
{
    size_t len;
    uint8_t *bytes = read_capped(o->path, READ_MODULE, &len);
    if (!bytes)
        return EXIT_BAD;
    if (!o->stack_slots)
        o->stack_slots = stack_default_slots(bytes, len, o->arena_size);
    if (!o->call_depth)
        o->call_depth = stack_default_depth(o->arena_size);
    /* calloc: fresh pages are zero already, and the arena then leaves the
     * stacks' pages a run never reaches untouched */
    void *mem = calloc(1, o->arena_size);
    if (!mem) {
        fprintf(stderr, "wisp: cannot allocate a %zu-byte arena; try a smaller --arena\n",
                o->arena_size);
        free(bytes);
        return EXIT_BAD;
    }
    o->bytes = bytes;
    o->len = len;
    int status = run_module(o, bytes, len, mem);
    /* Only now: the module borrows the bytes and lives in the arena. */
    free(mem);
    free(bytes);
    return status;
}

int run_main(int argc, char **argv)
{
    options o = {.invoke = NULL, .arena_size = DEFAULT_ARENA, .fuel = -1};
    int status = parse_run_options(argc, argv, &o);
    if (status >= 0)
        return status;
    return run(&o);
}

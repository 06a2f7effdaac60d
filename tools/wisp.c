/* wisp: the host command line. Loads a module into a malloc'd arena and
 * either runs it as a WASI command (_start) or calls one export with
 * arguments from the command line. Exit status: the guest's, 134 on a trap
 * (like abort), 1 when the module or the command line is at fault. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump_code.h"
#include "inspect.h"
#include "pull.h"
#include "readlimit.h"
#include "stack_size.h"
#include "values.h"
#include "trap_report.h"
#include "wasi.h"
#include "wisp.h"

#define EXIT_TRAP 134 /* 128 + SIGABRT: what a crashing native program gives */
#define EXIT_BAD 1
#define DEFAULT_ARENA ((size_t)64 << 20)

#ifndef WISP_CLI_FUEL /* set by meson from -Dfuel */
#define WISP_CLI_FUEL 1
#endif

static const char usage_text[] =
    "usage: wisp run [options] module.wasm [args...]\n"
    "       wisp inspect [--module M.wasm] [--json] [--memory ADDR[:LEN]] CORE\n"
    "       wisp pull (--port DEVICE [--request] | --file CAPTURE) -o OUT.core\n"
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
    "  --fuel N       trap after about N instructions (calls and loop\n"
    "                 iterations are charged)\n"
    "  --coredump PATH  on a trap, write a standard Wasm coredump to PATH\n"
    "                 (read it with 'wisp inspect PATH --module module.wasm')\n"
    "  --backtrace-depth N  frames printed on a trap before the middle ones\n"
    "                 are elided (default 32)\n"
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
    "file:line when the module has DWARF (clang -g).\n"
    "\n"
    "A module larger than 256 MiB is refused (WISP_FILE_LIMIT=SIZE in the\n"
    "environment changes the cap).\n"
    "\n"
    "exit status: the guest's exit code (0 when _start returns), 134 when it\n"
    "traps, 1 for an invalid module or command line.\n";

typedef struct options {
    const char *invoke; /* NULL: run _start */
    size_t arena_size;
    int64_t fuel; /* < 0: unlimited */
    const char *coredump; /* NULL: none */
    const char *dump_code; /* NULL: run; else the function(s) to disassemble */
    uint32_t bt_depth;
    uint32_t stack_slots, call_depth; /* 0: the CLI's defaults (stack_size.h) */
    const uint8_t *bytes; /* the module file, for DWARF in backtraces */
    size_t len;
    const char *path;
    char **path_and_args; /* argv from the path on: the guest's argv */
    int nargs;            /* after the path */
    char **args;
} options;

/* ---- command line -------------------------------------------------- */

__attribute__((format(printf, 1, 2))) static int bad_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wisp: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nrun 'wisp help' for usage\n");
    va_end(ap);
    return EXIT_BAD;
}

/* "64M" -> 67108864 (readlimit.h), within size_t. */
static bool parse_size(const char *s, size_t *out)
{
    uint64_t n;
    if (!parse_size_arg(s, &n) || n > SIZE_MAX)
        return false;
    *out = (size_t)n;
    return true;
}

static bool parse_count(const char *s, int64_t *out)
{
    uint64_t n = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > (uint64_t)(INT64_MAX - 9) / 10)
            return false;
        n = n * 10 + (uint64_t)(*s - '0');
    }
    *out = (int64_t)n;
    return true;
}

/* "--name VALUE" or "--name=VALUE": the value, advancing *i past it; NULL
 * if arg is not this option. Sets *missing when the value is absent. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] == '=')
        return arg + n + 1;
    if (arg[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* Returns -1 when the options are good, else the exit status. */
static int parse_run_options(int argc, char **argv, options *o)
{
    int i = 2; /* after "wisp run" */
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *arg = argv[i], *v;
        bool missing = false;
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
        if ((v = option_value(argc, argv, &i, "--invoke", &missing))) {
            if (!*v)
                return bad_usage("--invoke needs a function name");
            o->invoke = v;
        } else if ((v = option_value(argc, argv, &i, "--arena", &missing))) {
            if (!parse_size(v, &o->arena_size))
                return bad_usage("bad --arena size '%s': expected a positive number with an "
                                 "optional K, M or G suffix, e.g. 64M",
                                 v);
        } else if ((v = option_value(argc, argv, &i, "--fuel", &missing))) {
            if (!parse_count(v, &o->fuel))
                return bad_usage("bad --fuel '%s': expected a non-negative integer", v);
            /* A core built with -Dfuel=false would ignore the budget:
             * refuse rather than run unmetered. */
            if (!WISP_CLI_FUEL)
                return bad_usage("this wisp was built without fuel support (meson option "
                                 "-Dfuel=true); --fuel cannot be used");
        } else if ((v = option_value(argc, argv, &i, "--dump-code", &missing))) {
            if (!*v)
                return bad_usage("--dump-code needs a function (name, index or all)");
            o->dump_code = v;
        } else if ((v = option_value(argc, argv, &i, "--coredump", &missing))) {
            if (!*v)
                return bad_usage("--coredump needs a file name");
            o->coredump = v;
        } else if ((v = option_value(argc, argv, &i, "--stack-slots", &missing))) {
            size_t n;
            if (!parse_size(v, &n) || n > UINT32_MAX)
                return bad_usage("bad --stack-slots '%s': expected a number of slots from 1 to "
                                 "4294967295, with an optional K or M suffix, e.g. 4M", v);
            o->stack_slots = (uint32_t)n;
        } else if ((v = option_value(argc, argv, &i, "--call-depth", &missing))) {
            int64_t d;
            if (!parse_count(v, &d) || d < 1 || d > UINT32_MAX)
                return bad_usage("bad --call-depth '%s': expected a number of frames from 1 "
                                 "to 4294967295", v);
            o->call_depth = (uint32_t)d;
        } else if ((v = option_value(argc, argv, &i, "--backtrace-depth", &missing))) {
            int64_t d;
            if (!parse_count(v, &d) || d < 1 || d > 100000)
                return bad_usage("bad --backtrace-depth '%s': expected a number from 1 to 100000", v);
            o->bt_depth = (uint32_t)d;
        } else if (missing) {
            return bad_usage("option %s needs a value", arg);
        } else {
            return bad_usage("unknown option '%s'", arg);
        }
    }
    if (i >= argc)
        return bad_usage("missing module file (usage: wisp run [options] module.wasm [args...])");
    o->path = argv[i];
    o->path_and_args = argv + i;
    o->args = argv + i + 1;
    o->nargs = argc - i - 1;
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
    if (t.kind == WISP_TRAP_EXIT) /* what a shell would see of exit(code) */
        return (int)((uint32_t)t.exit_code & 0xff);
    const char *msg = t.message && *t.message ? t.message : "unknown trap";
    trap_report_backtrace(stderr, inst, msg, o->bytes, o->len,
                          o->bt_depth ? o->bt_depth : TRAP_REPORT_DEFAULT_DEPTH);
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
    wisp_err e = wisp_func_call(inst, f, NULL, 0, NULL, 0);
    if (e == WISP_ERR_TRAP)
        return report_trap(o, inst);
    if (e != WISP_OK) {
        fprintf(stderr, "wisp: %s: cannot call _start: %s\n", o->path, wisp_err_str(e));
        return EXIT_BAD;
    }
    return 0;
}

/* A WASI reactor wants _initialize (constructors) before any export. */
static int call_initialize(const options *o, wisp_instance *inst)
{
    wisp_func *f;
    if (wisp_instance_find_func(inst, "_initialize", &f) != WISP_OK)
        return -1;
    wisp_err e = wisp_func_call(inst, f, NULL, 0, NULL, 0);
    if (e == WISP_ERR_TRAP)
        return report_trap(o, inst);
    if (e != WISP_OK) {
        fprintf(stderr, "wisp: %s: cannot call _initialize: %s\n", o->path, wisp_err_str(e));
        return EXIT_BAD;
    }
    return -1;
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
                    i + 1, o->args[i], value_type_name(pt[i]), o->invoke, sig);
            if (pt[i] == WISP_V128)
                fprintf(stderr, "wisp: a v128 is SHAPE:L0,L1,... with as many lanes as the "
                                "shape has (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2), e.g. "
                                "i32x4:1,2,3,-1, or 0x and up to 32 hex digits\n");
            status = EXIT_BAD;
        }
    }
    if (status < 0)
        status = call_initialize(o, inst);
    if (status < 0) {
        wisp_err e = wisp_func_call(inst, f, args, np, res, nr);
        if (e == WISP_ERR_TRAP) {
            status = report_trap(o, inst);
        } else if (e != WISP_OK) {
            fprintf(stderr, "wisp: %s: cannot call %s: %s\n", o->path, o->invoke,
                    wisp_err_str(e));
            status = EXIT_BAD;
        } else {
            for (uint32_t i = 0; i < nr; i++) {
                char text[VALUE_TEXT_MAX];
                value_format(rt[i], res[i], text, sizeof text);
                printf("%s\n", text);
            }
            status = 0;
        }
    }
    free(args);
    free(res);
    return status;
}

/* Load, instantiate and run; `bytes` and `mem` belong to the caller. */
static int run_module(const options *o, const uint8_t *bytes, size_t len, void *mem)
{
    wisp_arena arena;
    wisp_err e = wisp_arena_init(&arena, mem, o->arena_size);
    if (e != WISP_OK)
        return report_arena_error(o, &arena, e, "load");

    wisp_module *m;
    e = wisp_module_load(&arena, bytes, len, &m);
    if (e != WISP_OK)
        return report_arena_error(o, &arena, e, "load");
    if (o->dump_code) /* tools/dump_code.c: print, run nothing */
        return dump_code(m, o->path, o->dump_code);

    /* The guest's argv: the module path, then (for a command) the args. */
    wasi_ctx wasi;
    wasi_init(&wasi, o->invoke ? 1 : 1 + o->nargs, o->path_and_args);
    e = wasi_bind(&wasi, &arena, m);
    if (e != WISP_OK) {
        if (e == WISP_ERR_NOMEM)
            return report_arena_error(o, &arena, e, "instantiate");
        fprintf(stderr, "wisp: %s: cannot bind WASI imports: %s\n", o->path, wisp_err_str(e));
        return EXIT_BAD;
    }

    wisp_instance *inst = NULL;
    wisp_config cfg = {.value_stack_slots = o->stack_slots, .call_depth = o->call_depth};
    e = wisp_instance_create(&arena, m, &cfg, wasi_resolve, &wasi, &inst);
    if (e == WISP_ERR_TRAP && inst) /* the start function trapped */
        return report_trap(o, inst);
    if (e != WISP_OK) {
        int status = report_arena_error(o, &arena, e, "instantiate");
        if (e == WISP_ERR_UNLINKABLE && wasi.missing[0])
            fprintf(stderr, "wisp: %s: cannot provide the import %s: wisp only provides "
                            "\"" WASI_MODULE "\" functions\n", o->path, wasi.missing);
        return status;
    }

    if (o->fuel >= 0)
        wisp_instance_set_fuel(inst, o->fuel);
    return o->invoke ? call_invoke(o, m, inst) : call_start(o, m, inst);
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
    void *mem = malloc(o->arena_size);
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_BAD;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "inspect")) /* tools/inspect.c: read a coredump */
        return inspect_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "pull")) /* tools/pull.c: receive a coredump from a device */
        return pull_main(argc - 1, argv + 1);
    if (strcmp(cmd, "run") != 0) {
        if (cmd[0] == '-')
            return bad_usage("unknown option '%s'", cmd);
        return bad_usage("unknown command '%s' (did you mean 'wisp run'?)", cmd);
    }
    options o = {.invoke = NULL, .arena_size = DEFAULT_ARENA, .fuel = -1};
    int status = parse_run_options(argc, argv, &o);
    if (status >= 0)
        return status;
    return run(&o);
}

/* `wisp inspect`: the command line and reading the files; the printing is
 * inspect_print.h. See inspect.h and tools/README.md. */
#include "inspect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_print.h"
#include "readlimit.h"

#define EXIT_BAD 1

const char inspect_usage[] =
    "usage: wisp inspect [options] CORE\n"
    "\n"
    "Prints what a Wasm coredump (tool-conventions format, from `wisp run\n"
    "--coredump`, a device, or another runtime) holds: the trap and the\n"
    "backtrace, as `wisp run` prints them, then the globals and memories.\n"
    "\n"
    "options:\n"
    "  --module M.wasm     the module that was running: frames get module\n"
    "                      offsets (wasm-function[I]:0xOFF convention), names\n"
    "                      from its name section, and FILE:LINE when it has DWARF\n"
    "                      (.debug_line, e.g. from clang -g). Without it offsets\n"
    "                      are from the function body start (wasm-function[I]+0x12)\n"
    "                      and names come from the coredump's own name section\n"
    "  --json              print everything as one JSON object instead\n"
    "  --memory ADDR[:LEN] also hex-dump memory 0: LEN bytes from ADDR, or the\n"
    "                      lines around ADDR (numbers in decimal or 0x hex);\n"
    "                      bytes the coredump did not save read as zero. A range\n"
    "                      past the end of the memory is clipped there, and the\n"
    "                      output says so; an ADDR past the end is an error\n"
    "\n"
    "A coredump larger than 1 GiB or a module larger than 256 MiB is refused\n"
    "(WISP_FILE_LIMIT=SIZE in the environment changes the cap).\n"
    "\n"
    "exit status: 0, or 1 when the command line, the coredump or the module\n"
    "is bad (`wisp: CORE: damaged coredump at 0x1a: <reason>`).\n";

typedef struct opts {
    const char *core_path, *module_path;
    bool json;
    bool view;
    bool view_len_given;
    uint64_t view_addr, view_len;
} opts;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wisp: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nrun 'wisp inspect --help' for usage\n");
    va_end(ap);
    return EXIT_BAD;
}

static bool parse_u64(const char *s, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    unsigned base = 10;
    if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (s == end)
        return false;
    for (; s < end; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

static int parse_opts(int argc, char **argv, opts *o)
{
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && a[0] == '-' && a[1]) {
            const char *val = NULL;
            const char *eq = strchr(a, '=');
            size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
            bool takes = (name_len == 8 && !strncmp(a, "--module", 8)) ||
                         (name_len == 8 && !strncmp(a, "--memory", 8));
            if (!strcmp(a, "--")) {
                only_files = true;
                continue;
            }
            if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                fputs(inspect_usage, stdout);
                return 0;
            }
            if (!strcmp(a, "--json")) {
                o->json = true;
                continue;
            }
            if (!takes)
                return usage_error("unknown option '%s'", a);
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return usage_error("option %.*s needs a value", (int)name_len, a);
            if (!strncmp(a, "--module", 8)) {
                if (!*val)
                    return usage_error("--module needs a file name");
                o->module_path = val;
            } else {
                const char *colon = strchr(val, ':');
                const char *aend = colon ? colon : val + strlen(val);
                if (!parse_u64(val, aend, &o->view_addr) ||
                    (colon && (!parse_u64(colon + 1, colon + strlen(colon), &o->view_len) ||
                               o->view_len == 0)))
                    return usage_error("bad --memory '%s': expected ADDR or ADDR:LEN, in "
                                       "decimal or 0x hex, e.g. 0x400:64", val);
                o->view = true;
                o->view_len_given = colon != NULL;
            }
            continue;
        }
        if (o->core_path)
            return usage_error("more than one coredump given ('%s' and '%s')", o->core_path, a);
        o->core_path = a;
    }
    if (!o->core_path)
        return usage_error("missing coredump file (usage: wisp inspect [options] CORE)");
    return -1;
}

/* ---- main --------------------------------------------------------------- */

int inspect_main(int argc, char **argv)
{
    opts o = {0};
    int status = parse_opts(argc, argv, &o);
    if (status >= 0)
        return status;
    inspect_req rq = {
        .core_name = o.core_path, .module_name = o.module_path, .json = o.json,
        .view = o.view, .view_len_given = o.view_len_given, .view_addr = o.view_addr,
        .view_len = o.view_len,
    };
    uint8_t *core = read_capped(o.core_path, READ_COREDUMP, &rq.core_len), *module = NULL;
    if (!core)
        return EXIT_BAD;
    rq.core = core;
    if (o.module_path) {
        module = read_capped(o.module_path, READ_MODULE, &rq.module_len);
        if (!module) {
            free(core);
            return EXIT_BAD;
        }
        rq.module = module;
    }
    status = inspect_print(stdout, stderr, &rq);
    if (fflush(stdout) != 0 && status == 0) {
        fprintf(stderr, "wisp: cannot write the output\n");
        status = EXIT_BAD;
    }
    free(module);
    free(core);
    return status;
}

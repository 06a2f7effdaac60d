/* `wisp inspect`: the command line and reading the files; the printing is
 * inspect/inspect_print.h. See cli.h and tools/README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inspect_print.h"
#include "opts.h"
#include "readlimit.h"

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
    "                      and names come from the coredump's own name section.\n"
    "                      A module that is not the one that was running is\n"
    "                      refused: its code section's length and CRC-32 differ\n"
    "                      from what wisp records in the dump (a debug build of\n"
    "                      the same code matches), or, for dumps without that\n"
    "                      record, a frame lies outside its functions\n"
    "  --force             use the --module even when it does not match\n"
    "  --source-map FILE   with --module: the module's source map, for\n"
    "                      FILE:LINE:COL where it has no DWARF (default: the\n"
    "                      map its sourceMappingURL section names, if local)\n"
    "  --no-demangle       function names as the module has them (Rust and C++\n"
    "                      names are demangled by default)\n"
    "  --full-backtrace    show the frames of a Rust panic's machinery and of the\n"
    "                      Rust runtime's start (folded into one line each by\n"
    "                      default)\n"
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
    const char *core_path, *module_path, *source_map;
    bool json, force, no_demangle, full_backtrace;
    bool view;
    bool view_len_given;
    uint64_t view_addr, view_len;
} opts;

enum { O_MODULE = 1, O_JSON, O_MEMORY, O_SOURCE_MAP, O_FORCE, O_NO_DEMANGLE, O_FULL_BACKTRACE };
static const opt_spec inspect_opts[] = {
    {"--module", NULL, true, O_MODULE},
    {"--json", NULL, false, O_JSON},
    {"--force", NULL, false, O_FORCE},
    {"--memory", NULL, true, O_MEMORY},
    {"--source-map", NULL, true, O_SOURCE_MAP},
    {"--no-demangle", NULL, false, O_NO_DEMANGLE},
    {"--full-backtrace", NULL, false, O_FULL_BACKTRACE},
    {NULL, NULL, false, 0},
};

static int parse_opts(int argc, char **argv, opts *o)
{
    opt_parser p = opt_begin("inspect", argc, argv, 1, inspect_opts, true);
    const char *v;
    for (int id; (id = opt_next(&p, &v)) != OPT_END;) {
        switch (id) {
        case OPT_HELP:
            fputs(inspect_usage, stdout);
            return 0;
        case OPT_BAD:
            return EXIT_BAD;
        case OPT_OPERAND:
            if (o->core_path)
                return opt_fail(&p, "more than one coredump given ('%s' and '%s')",
                                o->core_path, v);
            o->core_path = v;
            break;
        case O_JSON:
            o->json = true;
            break;
        case O_FORCE:
            o->force = true;
            break;
        case O_NO_DEMANGLE:
            o->no_demangle = true;
            break;
        case O_FULL_BACKTRACE:
            o->full_backtrace = true;
            break;
        case O_MODULE:
            if (!*v)
                return opt_fail(&p, "--module needs a file name");
            o->module_path = v;
            break;
        case O_SOURCE_MAP:
            if (!*v)
                return opt_fail(&p, "--source-map needs a file name");
            o->source_map = v;
            break;
        case O_MEMORY: {
            const char *colon = strchr(v, ':');
            const char *aend = colon ? colon : v + strlen(v);
            if (!opt_uint_hex(v, aend, &o->view_addr) ||
                (colon && (!opt_uint_hex(colon + 1, colon + strlen(colon), &o->view_len) ||
                           o->view_len == 0)))
                return opt_fail(&p, "bad --memory '%s': expected ADDR or ADDR:LEN, in decimal "
                                    "or 0x hex, e.g. 0x400:64", v);
            o->view = true;
            o->view_len_given = colon != NULL;
            break;
        }
        }
    }
    if (!o->core_path)
        return opt_fail(&p, "missing coredump file (usage: wisp inspect [options] CORE)");
    if (o->source_map && !o->module_path) /* a map's offsets are the module's */
        return opt_fail(&p, "--source-map needs --module: the map is read against the "
                            "module's offsets");
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
        .force = o.force,
        .view = o.view, .view_len_given = o.view_len_given, .view_addr = o.view_addr,
        .view_len = o.view_len,
        .sym = {.source_map = o.source_map, .module_path = o.module_path,
                .no_demangle = o.no_demangle, .full_backtrace = o.full_backtrace},
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

/* `wisp run --dump-code FUNC`: finds the function(s) and prints the
 * disassembler's lines (core/include/wisp_disasm.h) to stdout, a header
 * line per function and a summary line after each. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wisp_disasm.h"

static void print_line(void *ctx, const char *line)
{
    (void)ctx;
    puts(line);
}

static void no_line(void *ctx, const char *line)
{
    (void)ctx;
    (void)line;
}

static bool name_is(const char *name, uint32_t len, const char *want)
{
    return strlen(want) == len && memcmp(name, want, len) == 0;
}

/* The function index FUNC names, or UINT32_MAX: an exported function's
 * name first, then a name-section name, then a decimal index. */
static uint32_t find_func(const wisp_module *m, uint32_t nfuncs, const char *func)
{
    const char *name;
    uint32_t len, item;
    wisp_extern_kind kind;
    for (uint32_t i = 0; i < wisp_module_export_count(m); i++)
        if (wisp_module_export(m, i, &name, &len, &kind) == WISP_OK && kind == WISP_EXTERN_FUNC &&
            name_is(name, len, func) && wisp_module_export_index(m, i, &item) == WISP_OK)
            return item;
    for (uint32_t f = 0; f < nfuncs; f++)
        if (wisp_module_func_name(m, f, &name, &len) == WISP_OK && name_is(name, len, func))
            return f;
    char *end;
    unsigned long long n = strtoull(func, &end, 10);
    if (*func >= '0' && *func <= '9' && !*end && n < nfuncs)
        return (uint32_t)n;
    return UINT32_MAX;
}

static int dump_one(const wisp_module *m, const char *path, uint32_t f)
{
    wisp_disasm_stats st;
    wisp_err e = wisp_func_disasm(m, f, print_line, NULL, &st);
    if (e == WISP_ERR_ARG) {
        fprintf(stderr, "wisp: %s: function %" PRIu32 " is an import: it has no code\n", path, f);
        return EXIT_BAD;
    }
    if (e != WISP_OK) {
        fprintf(stderr, "wisp: %s: function %" PRIu32 ": %s\n", path, f, wisp_err_str(e));
        return EXIT_BAD;
    }
    printf("  ; %" PRIu32 " instructions, %" PRIu32 " words", st.instructions, st.words);
    if (st.zero_from < st.zero_to)
        printf(", a call zeroes s%" PRIu32 "-s%" PRIu32 "\n", st.zero_from, st.zero_to - 1);
    else
        printf(", a call zeroes no slot\n");
    return 0;
}

static void header(const wisp_module *m, uint32_t f)
{
    const char *name;
    uint32_t len;
    if (wisp_module_func_name(m, f, &name, &len) == WISP_OK)
        printf("func %" PRIu32 " %.*s:\n", f, (int)len, name);
    else
        printf("func %" PRIu32 ":\n", f);
}

int dump_code(const wisp_module *m, const char *path, const char *func)
{
    /* the function index space: the count wisp_module_func_type accepts */
    uint32_t nfuncs = 0;
    const uint8_t *p, *r;
    uint32_t np, nr;
    while (wisp_module_func_type(m, nfuncs, &p, &np, &r, &nr) == WISP_OK)
        nfuncs++;
    if (strcmp(func, "all") == 0) {
        int status = 0;
        for (uint32_t f = 0; f < nfuncs; f++) {
            if (wisp_func_disasm(m, f, no_line, NULL, NULL) == WISP_ERR_ARG)
                continue; /* an import */
            header(m, f);
            status |= dump_one(m, path, f);
        }
        return status;
    }
    uint32_t f = find_func(m, nfuncs, func);
    if (f == UINT32_MAX) {
        fprintf(stderr, "wisp: %s: no function '%s' (an export, a name-section name, an index "
                        "below %" PRIu32 ", or all)\n", path, func, nfuncs);
        return EXIT_BAD;
    }
    header(m, f);
    return dump_one(m, path, f);
}

/* The CLI's file size caps; see readlimit.h. */
#include "readlimit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "opts.h"
#include "readfile.h"

#define LIMIT_ENV "WISP_FILE_LIMIT"

static const uint64_t defaults[] = {
    [READ_MODULE] = UINT64_C(256) << 20,
    [READ_COREDUMP] = UINT64_C(1) << 30,
    [READ_CAPTURE] = UINT64_C(2) << 30,
    [READ_SOURCEMAP] = UINT64_C(256) << 20,
};
static const char *const kind_names[] = {
    [READ_MODULE] = "a module",
    [READ_COREDUMP] = "a coredump",
    [READ_CAPTURE] = "a capture",
    [READ_SOURCEMAP] = "a source map",
};

bool read_limit(read_kind kind, uint64_t *limit)
{
    const char *env = getenv(LIMIT_ENV);
    if (!env) {
        *limit = defaults[kind];
        return true;
    }
    if (!opt_size(env, limit)) {
        fprintf(stderr, "wisp: bad " LIMIT_ENV " '%s': expected a positive size with an "
                        "optional K, M or G suffix, e.g. 4G\n", env);
        return false;
    }
    return true;
}

void read_limit_error(const char *path, read_kind kind, uint64_t limit)
{
    char text[48];
    if (limit % (UINT64_C(1) << 30) == 0)
        snprintf(text, sizeof text, "%" PRIu64 " GiB", limit >> 30);
    else if (limit % (UINT64_C(1) << 20) == 0)
        snprintf(text, sizeof text, "%" PRIu64 " MiB", limit >> 20);
    else if (limit % 1024 == 0)
        snprintf(text, sizeof text, "%" PRIu64 " KiB", limit >> 10);
    else
        snprintf(text, sizeof text, "%" PRIu64 "-byte", limit);
    fprintf(stderr, "wisp: %s: file is larger than the %s limit for %s (" LIMIT_ENV
                    "=SIZE changes it)\n", path, text, kind_names[kind]);
}

uint8_t *read_capped(const char *path, read_kind kind, size_t *len)
{
    uint64_t limit;
    if (!read_limit(kind, &limit))
        return NULL;
    const char *why;
    bool too_big;
    /* a 32-bit host cannot hold more than SIZE_MAX anyway */
    size_t max = limit < SIZE_MAX ? (size_t)limit : SIZE_MAX;
    uint8_t *bytes = read_file_max(path, max, len, &why, &too_big);
    if (!bytes && too_big)
        read_limit_error(path, kind, limit);
    else if (!bytes)
        fprintf(stderr, "wisp: %s: cannot read: %s\n", path, why);
    return bytes;
}

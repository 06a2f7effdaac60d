/* Read a whole file with stdio: portable, and the CLI needs no mmap. */
#define _POSIX_C_SOURCE 200809L /* fileno */
#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

uint8_t *read_file(const char *path, size_t *len, const char **why)
{
    bool too_big;
    return read_file_max(path, SIZE_MAX, len, why, &too_big);
}

uint8_t *read_file_max(const char *path, size_t max, size_t *len, const char **why,
                       bool *too_big)
{
    *too_big = false;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max)
        goto too_big;
    /* Grow while reading instead of trusting fseek/ftell: that also works
     * for pipes and /dev/stdin-style paths. One byte past max is enough to
     * know a stream is too long. */
    size_t stop = max < SIZE_MAX ? max + 1 : SIZE_MAX;
    size_t cap = stop < 64 * 1024 ? stop : 64 * 1024, n = 0;
    uint8_t *buf = malloc(cap ? cap : 1);
    if (!buf)
        goto nomem;
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (n >= stop) {
            free(buf);
            goto too_big;
        }
        size_t bigger = cap > stop / 2 ? stop : cap * 2;
        uint8_t *grown = realloc(buf, bigger);
        if (!grown)
            goto nomem;
        buf = grown;
        cap = bigger;
    }
    if (ferror(f)) {
        *why = strerror(errno ? errno : EIO);
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    /* Exactly the file's size, so ASan sees a read past its end (the
     * fuzz replays and sweeps rely on that). */
    uint8_t *exact = realloc(buf, n ? n : 1);
    *len = n;
    return exact ? exact : buf;

too_big:
    *too_big = true;
    *why = "file too large";
    fclose(f);
    return NULL;
nomem:
    *why = "out of host memory reading the file";
    free(buf);
    fclose(f);
    return NULL;
}

/* Read a whole file with stdio: portable, and the CLI needs no mmap. */
#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *read_file(const char *path, size_t *len, const char **why)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    /* Grow while reading instead of trusting fseek/ftell: that also works
     * for pipes and /dev/stdin-style paths. */
    size_t cap = 64 * 1024, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf)
        goto nomem;
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap > ((size_t)-1) / 2)
            goto nomem;
        uint8_t *bigger = realloc(buf, cap * 2);
        if (!bigger)
            goto nomem;
        buf = bigger;
        cap *= 2;
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

nomem:
    *why = "out of host memory reading the file";
    free(buf);
    fclose(f);
    return NULL;
}

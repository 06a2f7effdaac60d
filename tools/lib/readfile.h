/* Read a whole file into malloc'd memory.
 *
 * The module borrows its bytes for its whole life (wisp never copies them),
 * so the CLI keeps this buffer until exit. */
#ifndef WISP_TOOLS_READFILE_H
#define WISP_TOOLS_READFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* On success returns the buffer (free() it) and sets *len. On failure
 * returns NULL and leaves a reason (from errno) in *why. An empty file
 * succeeds with a 1-byte buffer and *len == 0 so the loader, not this
 * helper, decides that it is not a module. The buffer is exactly the
 * file's size (ASan catches reads past the end). No size limit: for test
 * programs; the CLI reads through read_file_max (readlimit.h). */
uint8_t *read_file(const char *path, size_t *len, const char **why);

/* The same, for a file of at most `max` bytes: a longer one fails with
 * *too_big set (and *why "file too large"). A regular file is refused by
 * its size before anything is read; anything else (a pipe, /dev/zero) is
 * read only up to max + 1 bytes, so an endless stream ends too. */
uint8_t *read_file_max(const char *path, size_t max, size_t *len, const char **why,
                       bool *too_big);

#endif

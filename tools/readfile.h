/* Read a whole file into malloc'd memory.
 *
 * The module borrows its bytes for its whole life (wisp never copies them),
 * so the CLI keeps this buffer until exit. */
#ifndef WISP_TOOLS_READFILE_H
#define WISP_TOOLS_READFILE_H

#include <stddef.h>
#include <stdint.h>

/* On success returns the buffer (free() it) and sets *len. On failure
 * returns NULL and leaves a reason (from errno) in *why. An empty file
 * succeeds with a 1-byte buffer and *len == 0 so the loader, not this
 * helper, decides that it is not a module. The buffer is exactly the
 * file's size (ASan catches reads past the end). */
uint8_t *read_file(const char *path, size_t *len, const char **why);

#endif

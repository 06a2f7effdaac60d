/* Size caps on the files the CLI reads, so that `wisp run /dev/zero` or a
 * runaway capture ends with a clear error instead of eating the host's
 * memory or running for ever:
 *
 *   module   (`wisp run`, `wisp inspect --module`)   256 MiB
 *   coredump (`wisp inspect`)                        1 GiB, the largest dump `wisp pull` takes
 *   capture  (`wisp pull --file`)                    2 GiB (streamed, not held in memory)
 *   source map (`--source-map`, sourceMappingURL)    256 MiB
 *
 * The environment variable WISP_FILE_LIMIT=SIZE (bytes, or K/M/G binary
 * suffixes like --arena) replaces all four, for a larger dump or, in the
 * tests, a small cap. The message when a file is larger:
 *   wisp: FILE: file is larger than the 256 MiB limit for a module (WISP_FILE_LIMIT=SIZE changes it) */
#ifndef WISP_TOOLS_READLIMIT_H
#define WISP_TOOLS_READLIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum read_kind { READ_MODULE, READ_COREDUMP, READ_CAPTURE, READ_SOURCEMAP } read_kind;

/* The cap for that kind of file; false (with a message on stderr) when
 * WISP_FILE_LIMIT is set but not a size. */
bool read_limit(read_kind kind, uint64_t *limit);

/* Reads the file with its cap: the buffer (free() it), or NULL after
 * printing "wisp: PATH: cannot read: ..." or the limit message. */
uint8_t *read_capped(const char *path, read_kind kind, size_t *len);

/* Prints the limit message for PATH. */
void read_limit_error(const char *path, read_kind kind, uint64_t limit);

#endif

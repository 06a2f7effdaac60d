/* A strict JSON syntax check (RFC 8259) for the fuzzers: `wisp inspect
 * --json` must give valid JSON for any coredump it accepts. */
#ifndef WISP_TESTS_JSON_CHECK_H
#define WISP_TESTS_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* true when s[0..len) is one JSON value with optional whitespace around;
 * else false and *at = the offset of the first byte in error. */
bool json_check(const char *s, size_t len, size_t *at);

#endif

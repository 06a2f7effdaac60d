/* The trapped guest the port and pull tests dump: crash.wat's export run to
 * its trap, and the dump as `wisp run --coredump` writes it (executable name
 * = the module path as given, thread "main"). */
#ifndef WISP_TESTS_PORT_GUEST_H
#define WISP_TESTS_PORT_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "wisp.h"
#include "wisp_coredump.h"

typedef struct guest {
    uint8_t *wasm;
    size_t wasm_len;
    void *arena_mem;
    wisp_arena arena;
    wisp_instance *inst;
    wisp_coredump_options opt;
} guest;

/* Loads `path`, calls `export`(arg), expects a trap; exits(2) on anything else. */
void guest_trap(guest *g, const char *path, const char *export, int32_t arg);
/* The dump written straight into memory (malloc'd). */
uint8_t *guest_dump(guest *g, size_t *len);
void guest_free(guest *g);

#endif

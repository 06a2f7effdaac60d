/* Bounds-checked access to a guest's linear memory from host functions.
 *
 * Every pointer a guest hands to the host is hostile until checked: these
 * helpers resolve (ptr, len) against the memory's current size and return
 * NULL instead of ever touching bytes outside it. Values are stored
 * little-endian byte by byte, as wasm defines them, whatever the host is. */
#ifndef WISP_TOOLS_GUESTMEM_H
#define WISP_TOOLS_GUESTMEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "wisp.h"

typedef struct guest_mem {
    uint8_t *data;
    uint64_t size;
} guest_mem;

/* The caller's memory 0 (what WASI pointers refer to). Fetched afresh on
 * each host call because memory.grow may have moved or resized it. */
static inline bool guest_mem_of(wisp_instance *caller, guest_mem *m)
{
    wisp_memory *mem;
    if (wisp_instance_memory(caller, 0, &mem) != WISP_OK || !mem) {
        m->data = NULL;
        m->size = 0;
        return false;
    }
    m->data = wisp_memory_data(mem);
    m->size = wisp_memory_size(mem);
    return m->data != NULL || m->size == 0;
}

/* Pointer to [ptr, ptr+len) or NULL if any byte is outside the memory.
 * 64-bit arithmetic: ptr + len cannot wrap. */
static inline uint8_t *guest_at(const guest_mem *m, uint32_t ptr, uint64_t len)
{
    if (!m->data || (uint64_t)ptr + len > m->size)
        return NULL;
    return m->data + ptr;
}

static inline uint32_t guest_ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void guest_st16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void guest_st32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline void guest_st64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

#endif

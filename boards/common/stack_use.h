/* The C stack's high-water mark on a picolibc.ld image: paint the stack
 * reserve (from __heap_end up to a little below the caller's frame) at the
 * start, and at the end find the deepest word overwritten. wisp-demo and
 * wisp-runner report it. */
#ifndef WISP_BOARD_STACK_USE_H
#define WISP_BOARD_STACK_USE_H

#include <stddef.h>
#include <stdint.h>

extern uint8_t __heap_end[]; /* picolibc.ld: the bottom of the stack reserve */
extern uint8_t __stack[];    /* its top */
#define STACK_PAINT 0xA5A5A5A5u

/* Paints up to clear_words below the caller's frame (inlined into it). */
static inline __attribute__((always_inline)) void stack_paint(size_t clear_words)
{
    uint32_t *p = (uint32_t *)(void *)__heap_end;
    uint32_t *sp = (uint32_t *)__builtin_frame_address(0) - clear_words;
    while (p < sp)
        *p++ = STACK_PAINT;
}

/* The deepest the stack has been since stack_paint, in bytes. */
static inline size_t stack_peak(void)
{
    const uint32_t *p = (const uint32_t *)(void *)__heap_end;
    while (p < (const uint32_t *)(void *)__stack && *p == STACK_PAINT)
        p++;
    return (size_t)(__stack - (const uint8_t *)p);
}

/* The reserve's size in bytes (picolibc.ld's __stack_size). */
static inline size_t stack_reserve(void)
{
    return (size_t)(__stack - __heap_end);
}

#endif

/* The native harness (w4native.c) and what native.py generates for each
 * cart (glue.c, beside wasm2c's cart.c and cart.h): the cart's memory, the
 * WASM-4 API at WASM-4's own types, and the cart's entry points.
 *
 * glue.c defines each `env` import wasm2c's cart.h declares, with the type
 * the cart declared, as a call of the function below (parameters the cart
 * did not declare are 0, a result it did not declare is dropped, one the
 * API has not is 0: as the reference runtime and wisp's console bind
 * them), and w4n_cart_fns. */
#ifndef W4NATIVE_H
#define W4NATIVE_H

#include <stdint.h>

#include "wasm-rt.h"

/* env.memory: one page of 64 KiB, maximum one (every cart imports it). */
extern wasm_rt_memory_t w4n_memory;

/* The cart's entry points; NULL for an export the cart has not. */
typedef struct w4n_cart {
    void (*instantiate)(void); /* wasm2c's init_module + instantiate: globals, data, tables */
    void (*start)(void);
    void (*update)(void);
    void (*start_)(void);      /* `_start` (a result it has is dropped) */
    void (*initialize)(void);  /* `_initialize` */
} w4n_cart;
extern const w4n_cart w4n_cart_fns;

/* Prints "trap: WHY" with the frame and stops the machine (exit 1). */
_Noreturn void w4n_trap(const char *why);

/* The WASM-4 API (all i32, as the cart's u32). */
void w4n_blit(uint32_t ptr, uint32_t x, uint32_t y, uint32_t width, uint32_t height,
              uint32_t flags);
void w4n_blitSub(uint32_t ptr, uint32_t x, uint32_t y, uint32_t width, uint32_t height,
                 uint32_t src_x, uint32_t src_y, uint32_t stride, uint32_t flags);
void w4n_line(uint32_t x1, uint32_t y1, uint32_t x2, uint32_t y2);
void w4n_hline(uint32_t x, uint32_t y, uint32_t len);
void w4n_vline(uint32_t x, uint32_t y, uint32_t len);
void w4n_oval(uint32_t x, uint32_t y, uint32_t width, uint32_t height);
void w4n_rect(uint32_t x, uint32_t y, uint32_t width, uint32_t height);
void w4n_text(uint32_t str, uint32_t x, uint32_t y);
void w4n_textUtf8(uint32_t str, uint32_t len, uint32_t x, uint32_t y);
void w4n_textUtf16(uint32_t str, uint32_t len, uint32_t x, uint32_t y);
void w4n_tone(uint32_t frequency, uint32_t duration, uint32_t volume, uint32_t flags);
uint32_t w4n_diskr(uint32_t dest, uint32_t size);
uint32_t w4n_diskw(uint32_t src, uint32_t size);
void w4n_trace(uint32_t str);
void w4n_traceUtf8(uint32_t str, uint32_t len);
void w4n_traceUtf16(uint32_t str, uint32_t len);
void w4n_tracef(uint32_t fmt, uint32_t args);

#endif

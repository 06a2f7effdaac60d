/* What wasm2c's output includes as "wasm-rt.h": wabt's own header
 * (WASM_RT_H, native.py gives Debian's "/usr/include/wasm-rt.h"), then one
 * change for ARMv6-M, unless W4N_WABT_MEMCPY is defined.
 *
 * wasm2c loads and stores the cart's memory with wasm_rt_memcpy, which
 * wasm-rt.h makes __builtin_memcpy: on a target with unaligned loads gcc
 * turns that into one load or store, but the Cortex-M0 has none, so for a
 * 2-, 4- or 8-byte access at an address it cannot prove aligned gcc calls
 * memcpy, every time (tens of instructions for 4 bytes). An AOT compiler
 * for the M0 would test the address instead: one load when it is aligned
 * (wasm's usual case), bytes when it is not. That is w4n_copy: the same
 * bytes moved, inline. */
#ifndef W4N_WASM_RT_H
#define W4N_WASM_RT_H

#ifndef WASM_RT_H
#error "native.py passes -DWASM_RT_H='\"/usr/include/wasm-rt.h\"' (wabt's header)"
#endif
#include WASM_RT_H

#ifndef W4N_WABT_MEMCPY
#include <stddef.h>
#include <stdint.h>

typedef uint16_t __attribute__((may_alias)) w4n_u16;
typedef uint32_t __attribute__((may_alias)) w4n_u32;

/* n is a constant 1, 2, 4 or 8 at every call (sizeof the access); one of
 * dst and src is a local of the access's type, the other the memory. */
static inline __attribute__((always_inline)) void *w4n_copy(void *dst, const void *src,
                                                            size_t n)
{
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    const uintptr_t a = (uintptr_t)d | (uintptr_t)s;
    switch (n) {
    case 1:
        d[0] = s[0];
        break;
    case 2:
        if (LIKELY(!(a & 1u))) {
            *(w4n_u16 *)d = *(const w4n_u16 *)s;
        } else {
            d[0] = s[0];
            d[1] = s[1];
        }
        break;
    case 4:
        if (LIKELY(!(a & 3u))) {
            *(w4n_u32 *)d = *(const w4n_u32 *)s;
        } else {
            d[0] = s[0];
            d[1] = s[1];
            d[2] = s[2];
            d[3] = s[3];
        }
        break;
    case 8:
        if (LIKELY(!(a & 3u))) {
            ((w4n_u32 *)d)[0] = ((const w4n_u32 *)s)[0];
            ((w4n_u32 *)d)[1] = ((const w4n_u32 *)s)[1];
        } else {
            d[0] = s[0];
            d[1] = s[1];
            d[2] = s[2];
            d[3] = s[3];
            d[4] = s[4];
            d[5] = s[5];
            d[6] = s[6];
            d[7] = s[7];
        }
        break;
    default:
        __builtin_memcpy(dst, src, n);
        break;
    }
    return dst;
}

#undef wasm_rt_memcpy
#define wasm_rt_memcpy w4n_copy
#endif

#endif

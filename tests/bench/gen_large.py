#!/usr/bin/env python3
"""Generate a large C program (a stand-in for a big game) whose wasm build is
about 1 MB, to measure wisp's translation speed (load MB/s).

    gen_large.py NFUNCS > large.c

Deterministic (fixed seed). Functions mix what compiled game code has: loops
over arrays, integer arithmetic, switches (br_table), calls to earlier
functions, f32/f64 arithmetic, 8/16/32/64-bit loads and stores. A table of all
functions, exported `run`, keeps every one of them alive.
"""
import random
import sys


def stmt(r, i, depth=0):
    k = r.randrange(10)
    c = lambda: r.randrange(1, 1 << 16)
    if k == 0:
        return (f"for (uint32_t i = 0; i < (x & {r.randrange(3, 31)}); i++) {{ "
                f"x = x * {c()}u + g32[(y + i) & 4095]; y ^= x >> {r.randrange(1, 31)}; }}")
    if k == 1:
        cases = " ".join(f"case {j}: x += {c()}u * y; y = (y << {r.randrange(1, 7)}) | {j}; break;"
                         for j in range(r.randrange(3, 9)))
        return f"switch ((x >> {r.randrange(0, 28)}) & 7) {{ {cases} default: y -= x; }}"
    if k == 2 and i > 0:
        return f"if (x > y) x ^= f{r.randrange(max(0, i - 200), i)}(y, x + {c()}u);"
    if k == 3:
        return (f"{{ double d = gd[x & 255] * {r.uniform(0.1, 2.0):.6f} + (double)(y & 0xffff); "
                f"gd[y & 255] = d; x += (uint32_t)(int32_t)(d * 0.5); }}")
    if k == 4:
        return (f"{{ float s = gf[y & 255] * {r.uniform(0.1, 2.0):.4f}f - (float)(x & 1023); "
                f"gf[x & 255] = s; y ^= (uint32_t)(s > 0 ? s : -s); }}")
    if k == 5:
        return (f"g8[(x + {c()}) & 8191] = (uint8_t)y; g16[y & 4095] += (uint16_t)x; "
                f"y += g8[x & 8191] + g16[(x >> 3) & 4095];")
    if k == 6:
        return (f"{{ uint64_t w = (uint64_t)x * {c()}u + g64[y & 511]; "
                f"g64[x & 511] = w ^ (w >> {r.randrange(1, 63)}); y += (uint32_t)(w >> 32); }}")
    if k == 7 and depth < 2:
        inner = " ".join(stmt(r, i, depth + 1) for _ in range(r.randrange(1, 4)))
        return f"for (uint32_t k = 0; k < (y & {r.randrange(1, 8)}); k++) {{ y += k; {inner} }}"
    if k == 8:
        return (f"x = (x << {r.randrange(1, 31)}) | (x >> {r.randrange(1, 31)}); "
                f"y = y / ((x & 255) + 1) + x % {r.randrange(3, 1000)}u;")
    return f"x += y * {c()}u; y -= x ^ {c()}u; if ((int32_t)x < 0) x = ~x;"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2500
    r = random.Random(6)
    out = ["#include <stdint.h>",
           "static uint32_t g32[4096]; static uint16_t g16[4096]; static uint8_t g8[8192];",
           "static uint64_t g64[512]; static double gd[256]; static float gf[256];"]
    for i in range(n):
        body = " ".join(stmt(r, i) for _ in range(r.randrange(4, 14)))
        out.append(f"__attribute__((noinline)) static uint32_t f{i}(uint32_t x, uint32_t y) "
                   f"{{ {body} return x ^ y; }}")
    out.append("typedef uint32_t (*fn)(uint32_t, uint32_t);")
    out.append("static fn const table[%d] = {%s};" % (n, ", ".join(f"f{i}" for i in range(n))))
    out.append("__attribute__((export_name(\"run\"))) uint32_t run(void) { uint32_t h = 0; "
               "for (uint32_t i = 0; i < %d; i++) h = h * 31u + table[i](i, h); return h; }" % n)
    print("\n".join(out))


if __name__ == "__main__":
    main()

/* tools/lib/as_abort.c's message (suite 'sourcemap', with ASan+UBSan):
 * AssemblyScript strings in a memory built here by hand (UTF-16LE, the
 * byte length in the u32 before), null pointers, strings outside memory,
 * surrogate pairs and lone surrogates, long strings cut, and every pointer
 * and length near the end of memory, which must never be read past. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "as_abort.h"

static int failures;

static void expect(const uint8_t *mem, size_t size, uint32_t msg, uint32_t file, uint32_t line,
                   uint32_t col, const char *want)
{
    char out[AS_ABORT_MESSAGE_MAX];
    as_abort_format(mem, size, msg, file, line, col, out, sizeof out);
    if (strcmp(out, want) != 0) {
        failures++;
        fprintf(stderr, "FAIL: got '%s', expected '%s'\n", out, want);
    }
}

/* An AssemblyScript string of UTF-16 units at ptr (its length at ptr - 4). */
static void put_string(uint8_t *mem, uint32_t ptr, const uint16_t *units, uint32_t n)
{
    uint32_t bytes = 2 * n;
    memcpy(mem + ptr - 4, &bytes, 4);
    for (uint32_t i = 0; i < n; i++) {
        mem[ptr + 2 * i] = (uint8_t)units[i];
        mem[ptr + 2 * i + 1] = (uint8_t)(units[i] >> 8);
    }
}

static void put_ascii(uint8_t *mem, uint32_t ptr, const char *s)
{
    uint16_t u[300];
    uint32_t n = (uint32_t)strlen(s);
    for (uint32_t i = 0; i < n; i++)
        u[i] = (uint8_t)s[i];
    put_string(mem, ptr, u, n);
}

int main(void)
{
    enum { SIZE = 4096 };
    uint8_t *mem = calloc(SIZE, 1);
    put_ascii(mem, 16, "Index out of range");
    put_ascii(mem, 64, "~lib/array.ts");
    expect(mem, SIZE, 16, 64, 114, 42, "abort: Index out of range at ~lib/array.ts:114:42");
    /* null message; null file with a line; null file and no line */
    expect(mem, SIZE, 0, 64, 7, 3, "abort: (no message) at ~lib/array.ts:7:3");
    expect(mem, SIZE, 16, 0, 9, 1, "abort: Index out of range at ?:9:1");
    expect(mem, SIZE, 16, 0, 0, 0, "abort: Index out of range");
    /* é (U+00E9), € (U+20AC), 😀 (U+1F600 = D83D DE00), a lone high and a
     * lone low surrogate (U+FFFD each), an empty string */
    static const uint16_t intl[] = {0xe9, 0x20ac, 0xd83d, 0xde00, 0xd800, 'x', 0xdc00};
    put_string(mem, 128, intl, 7);
    put_string(mem, 200, intl, 0);
    expect(mem, SIZE, 128, 200, 1, 2,
           "abort: \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbdx\xef\xbf\xbd at :1:2");
    /* a high surrogate as the last unit */
    put_string(mem, 240, intl + 2, 1);
    expect(mem, SIZE, 240, 0, 0, 0, "abort: \xef\xbf\xbd");
    /* an odd byte length: the last byte is not a unit */
    uint32_t odd = 3;
    put_ascii(mem, 280, "ab");
    memcpy(mem + 276, &odd, 4);
    expect(mem, SIZE, 280, 0, 0, 0, "abort: a");
    /* a long string is cut after 160 characters */
    char longs[301];
    memset(longs, 'z', 300);
    longs[300] = 0;
    put_ascii(mem, 1024, longs);
    char want[300] = "abort: ";
    memset(want + 7, 'z', 160);
    strcpy(want + 167, "...");
    expect(mem, SIZE, 1024, 0, 0, 0, want);
    /* pointers outside memory, below 4, a length past the end */
    expect(mem, SIZE, SIZE + 4, 0, 0, 0, "abort: (string at 0x1004 is outside memory)");
    expect(mem, SIZE, 2, 0, 0, 0, "abort: (string at 0x2 is outside memory)");
    uint32_t huge = 0xfffffff0u;
    memcpy(mem + 3000 - 4, &huge, 4);
    expect(mem, SIZE, 3000, 64, 1, 1,
           "abort: (string at 0xbb8: its 4294967280 bytes run past the end of memory) at "
           "~lib/array.ts:1:1");
    expect(NULL, 0, 16, 64, 1, 1,
           "abort: (string at 0x10 is outside memory) at (string at 0x40 is outside memory):1:1");
    /* every pointer near the end of an exactly sized buffer, every length:
     * ASan sees any read past it */
    for (uint32_t size = 0; size < 24; size++) {
        uint8_t *m = malloc(size ? size : 1);
        for (uint32_t len = 0; len < 24; len++)
            for (uint32_t ptr = 0; ptr < 28; ptr++) {
                memset(m, 'q', size);
                if (ptr >= 4 && ptr <= size)
                    memcpy(m + ptr - 4, &len, 4);
                char out[64];
                as_abort_format(m, size, ptr, ptr, 1, 1, out, sizeof out);
                as_abort_format(m, size, ptr, 0, 0, 0, out, 1);
            }
        free(m);
    }
    free(mem);
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("as_abort: all checks passed\n");
    return 0;
}

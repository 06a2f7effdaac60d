/* PNG files without a library (png.h): 8-bit RGB, the image data in
 * deflate's stored blocks (no compression: a 160 x 160 screen is 77 KB),
 * with the CRC-32 of each chunk and the zlib stream's Adler-32. */
#include "png.h"

#include <stdlib.h>

#include "wisp_port.h" /* wisp_crc32 */

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static bool chunk(FILE *f, const char type[4], const uint8_t *data, uint32_t len)
{
    uint8_t head[8], tail[4];
    be32(head, len);
    for (int i = 0; i < 4; i++)
        head[4 + i] = (uint8_t)type[i];
    uint32_t crc = wisp_crc32(0, head + 4, 4);
    if (len) /* IEND has no data: no pointer to pass */
        crc = wisp_crc32(crc, data, len);
    be32(tail, crc);
    return fwrite(head, 1, 8, f) == 8 && (!len || fwrite(data, 1, len, f) == len) &&
           fwrite(tail, 1, 4, f) == 4;
}

bool png_write_rgb(const char *path, const uint8_t *rgb, uint32_t width, uint32_t height)
{
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    const uint32_t row = 1 + 3 * width; /* a filter byte (0: none), then the pixels */
    const uint64_t raw_len = (uint64_t)row * height;
    const uint64_t blocks = raw_len / 65535 + 1;
    const uint64_t z_len = 2 + raw_len + 5 * blocks + 4;
    if (z_len > UINT32_MAX)
        return false;
    uint8_t *z = malloc((size_t)z_len);
    if (!z)
        return false;
    size_t at = 0;
    z[at++] = 0x78; /* deflate, 32 KiB window */
    z[at++] = 0x01; /* no dictionary, fastest; (0x7801 % 31 == 0) */
    uint32_t a = 1, b = 0; /* Adler-32 of the raw data */
    uint64_t left = raw_len, pos = 0;
    do {
        const uint32_t n = left < 65535 ? (uint32_t)left : 65535;
        z[at++] = left <= 65535; /* BFINAL on the last, BTYPE 00: stored */
        z[at++] = (uint8_t)n;
        z[at++] = (uint8_t)(n >> 8);
        z[at++] = (uint8_t)~n;
        z[at++] = (uint8_t)(~n >> 8);
        for (uint32_t i = 0; i < n; i++, pos++) {
            const uint32_t y = (uint32_t)(pos / row), x = (uint32_t)(pos % row);
            const uint8_t v = x == 0 ? 0 : rgb[(size_t)y * 3 * width + x - 1];
            z[at++] = v;
            a = (a + v) % 65521;
            b = (b + a) % 65521;
        }
        left -= n;
    } while (left);
    be32(z + at, b << 16 | a);
    at += 4;

    uint8_t ihdr[13];
    be32(ihdr, width);
    be32(ihdr + 4, height);
    ihdr[8] = 8;  /* bits per sample */
    ihdr[9] = 2;  /* RGB */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering */
    ihdr[12] = 0; /* no interlace */
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(signature, 1, 8, f) == 8 && chunk(f, "IHDR", ihdr, 13) &&
              chunk(f, "IDAT", z, (uint32_t)at) && chunk(f, "IEND", NULL, 0);
    if (f && fclose(f) != 0)
        ok = false;
    free(z);
    return ok;
}

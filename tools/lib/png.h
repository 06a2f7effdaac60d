/* A PNG file from 8-bit RGB pixels, rows top down (png.c): `wisp play
 * --png`. false (errno set by stdio, or out of memory) when it could not
 * be written. */
#ifndef WISP_TOOLS_PNG_H
#define WISP_TOOLS_PNG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

bool png_write_rgb(const char *path, const uint8_t *rgb, uint32_t width, uint32_t height);

#endif

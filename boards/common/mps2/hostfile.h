/* A file from the host over semihosting (picolibc's --oslib=semihost),
 * read into the top of a block of memory whose bottom becomes the arena:
 * wisp-runner's module, wisp-w4's cart and tape. */
#ifndef WISP_MPS2_HOSTFILE_H
#define WISP_MPS2_HOSTFILE_H

#include <stddef.h>
#include <stdint.h>

/* Reads PATH just below mem + *top (8-aligned) and lowers *top to it; its
 * length, or -1 (missing, unreadable, or more than half of what is left). */
long hostfile_read(uint8_t *mem, size_t *top, const char *path, uint8_t **bytes);

#endif

/* The WASM-4 disk in the Pico's flash (disk.c): the 8 KiB at 0x101FA000
 * (w4map.h), two copies kept by console/w4_disk.c, so a reset or a power
 * cut mid-save keeps the disk as before the save or after it. */
#ifndef WISP_RP2040_DISK_H
#define WISP_RP2040_DISK_H

#include "wisp_console.h"

/* The disk saved last (empty when there is none) into the console. */
void disk_load(wisp_w4 *con);
/* For wisp_w4_io.disk_written: saves it, unless it is what flash holds. */
void disk_written(void *ctx, const uint8_t *data, uint32_t len);

#endif

/* A trapped instance's coredump into the board's flash slot (flash.h), and
 * the slot read back over the serial line. The slot holds the coredump's
 * bytes from offset 0, the rest erased (0xff); the length is printed.
 *
 *   coredump 1187 bytes -> flash slot 0x3f000
 *   slot 0061736d01000000...        (64 hex digits a line, read from flash)
 *   slot end
 *
 * (A stand-in until the port layer's flash-slot sink and `wisp pull`.) */
#ifndef WISP_BOARD_SLOT_H
#define WISP_BOARD_SLOT_H

#include "wisp.h"

/* Erases the slot, streams the coredump into it, prints the first line;
 * returns the coredump's length, or -1 (and a `coredump error` line). */
long slot_write_coredump(wisp_instance *inst, const char *executable_name);
/* The slot's first len bytes, in hex, read from the memory-mapped flash. */
void slot_dump(long len);

#endif

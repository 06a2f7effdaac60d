/* The host port: a wisp_port for tests and tools on Linux/macOS.
 *
 * Flash is a file mapped into memory (MAP_SHARED, so what is programmed
 * survives the process, like flash survives a reset) under the NOR rules of
 * wisp_nor_ram, including its simulated power cuts; or anonymous memory when
 * no path is given. A new file starts erased (0xFF), as a chip does. The
 * serial line is a pair of file descriptors (a file, a pipe, a pty, stdout);
 * millis is the monotonic clock. */
#ifndef WISP_PORT_HOST_H
#define WISP_PORT_HOST_H

#include "wisp.h"
#include "wisp_nor.h"

typedef struct host_port {
    wisp_nor_ram nor; /* first: port.ctx points at it, and so at the host_port */
    wisp_port port;
    void *map;
    size_t map_len;
    int serial_in, serial_out; /* -1: none (reads time out, writes fail) */
} host_port;

/* Flash of `flash_size` bytes at offset 0; the slot as given. Returns 0, or
 * -1 with errno set (the file cannot be created/mapped, or is shorter than
 * flash_size). */
int host_port_open(host_port *h, const char *flash_path, uint32_t flash_size,
                   uint32_t block_size, uint32_t prog_size, uint32_t slot_offset,
                   uint32_t slot_length);
void host_port_serial(host_port *h, int in_fd, int out_fd);
void host_port_close(host_port *h);

#endif

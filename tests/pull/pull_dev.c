/* A device on the host, for the `wisp pull` tests: crash.wat run to its
 * trap on the host port, its dump sent through the UART sink or kept in the
 * flash slot and served on request.
 *
 *   pull_dev uart MODULE EXPORT ARG CAPTURE   log text, the framed dump, log
 *                                             text, into CAPTURE
 *   pull_dev store FLASH MODULE EXPORT ARG    the dump into FLASH's slot
 *   pull_dev serve FLASH SECONDS              answer `coredump?` / `coredump
 *                                             erase` on stdin/stdout (a pty)
 *                                             for SECONDS
 *
 * The coredump options are `wisp run --coredump`'s (executable name = the
 * module path as given, thread "main"), so the dumps are byte-identical. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../port/host/host_port.h"
#include "../port/guest.h"
#include "wisp.h"
#include "wisp_sink.h"

/* The flash of the "device": 64 KiB, 4 KiB blocks, 16-byte programs, the
 * slot in the upper 48 KiB. */
#define FLASH_SIZE 65536u
#define SLOT_OFF 16384u
#define SLOT_LEN 49152u

static int usage(void)
{
    fprintf(stderr, "usage: pull_dev uart MODULE EXPORT ARG CAPTURE\n"
                    "       pull_dev store FLASH MODULE EXPORT ARG\n"
                    "       pull_dev serve FLASH SECONDS\n");
    return 2;
}

static int open_flash(host_port *h, const char *path)
{
    if (host_port_open(h, path, FLASH_SIZE, 4096, 16, SLOT_OFF, SLOT_LEN) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

static void say(int fd, const char *text)
{
    if (write(fd, text, strlen(text)) < 0)
        perror("write");
}

int main(int argc, char **argv)
{
    if (argc == 6 && !strcmp(argv[1], "uart")) {
        guest g;
        guest_trap(&g, argv[2], argv[3], atoi(argv[4]));
        int fd = open(argv[5], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) {
            perror(argv[5]);
            return 2;
        }
        host_port h;
        if (host_port_open(&h, NULL, 4096, 4096, 1, 0, 4096) != 0)
            return 2;
        host_port_serial(&h, -1, fd);
        say(fd, "boot: wisp 0.1\r\nloading game.wasm\r\n");
        say(fd, "trap: integer divide by zero\r\nsending coredump\r\n");
        wisp_err e = wisp_uart_coredump(&h.port, g.inst, &g.opt);
        say(fd, "\r\ncoredump sent\r\nrebooting...\r\n");
        close(fd);
        host_port_close(&h);
        guest_free(&g);
        if (e != WISP_OK)
            fprintf(stderr, "pull_dev: %s\n", wisp_port_err_str(e));
        return e == WISP_OK ? 0 : 1;
    }
    if (argc == 6 && !strcmp(argv[1], "store")) {
        guest g;
        guest_trap(&g, argv[3], argv[4], atoi(argv[5]));
        host_port h;
        if (open_flash(&h, argv[2]) != 0)
            return 2;
        wisp_err e = wisp_slot_coredump(&h.port, g.inst, &g.opt);
        host_port_close(&h);
        guest_free(&g);
        if (e != WISP_OK)
            fprintf(stderr, "pull_dev: %s\n", wisp_port_err_str(e));
        return e == WISP_OK ? 0 : 1;
    }
    if (argc == 4 && !strcmp(argv[1], "serve")) {
        host_port h;
        if (open_flash(&h, argv[2]) != 0)
            return 2;
        host_port_serial(&h, 0, 1);
        wisp_slot_info info;
        if (wisp_slot_find(&h.port, &info) == WISP_OK) { /* what a board prints at boot */
            char line[80];
            snprintf(line, sizeof line, "coredump #%u stored (%u bytes)\r\n", info.seq,
                     info.length);
            say(1, line);
        }
        wisp_cmd cmd;
        memset(&cmd, 0, sizeof cmd);
        uint32_t start = h.port.millis(&h.port), limit = (uint32_t)atoi(argv[3]) * 1000u;
        while (h.port.millis(&h.port) - start < limit) {
            wisp_err e = wisp_port_poll_command(&h.port, &cmd, 100);
            if (e == WISP_ERR_IO_SERIAL)
                break; /* the line is gone */
            if (cmd.last != WISP_CMD_NONE)
                say(1, "log: command done\r\n");
        }
        host_port_close(&h);
        return 0;
    }
    return usage();
}

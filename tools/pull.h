/* `wisp pull`: receive a coredump a device frames on its serial line (the
 * UART sink, or the flash slot sent on request), check every CRC, and write
 * it to a file only when complete and verified. The decoder is
 * pull_decode.h; the framing is described in port/README.md. */
#ifndef WISP_TOOLS_PULL_H
#define WISP_TOOLS_PULL_H

/* Usage text of the subcommand. */
extern const char pull_usage[];

/* argv[0] is "pull". Returns 0 when the file was written; 1 for a bad
 * command line, a port or file that cannot be opened, a damaged or
 * truncated dump, a timeout, or a device without a stored dump. */
int pull_main(int argc, char **argv);

#endif

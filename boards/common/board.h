/* What a board gives the common firmware code (boards/common): its serial
 * line, a millisecond clock, and where the program ends. Each board's
 * board.c implements these on its own registers (no vendor SDK). */
#ifndef WISP_BOARD_H
#define WISP_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "wisp.h"
#include "wisp_port.h"

/* Clocks, pins and the UART (115200 8N1 where the baud rate is real). */
void board_init(void);
/* Blocking write of bytes to the board's serial line (UART0). */
void board_write(const void *bytes, size_t len);
/* The next byte received on the serial line, or -1 if none is waiting. */
int board_read(void);
/* Milliseconds since board_init. */
uint32_t board_millis(void);
/* After the program's last line: sleep forever (the test harness stops
 * the emulator when it has read the closing line). */
void board_idle(void) __attribute__((noreturn));

/* Restart the chip (Cortex-M AIRCR.SYSRESETREQ); the flash slot, and on
 * the QEMU mps2 boards its RAM stand-in, keep their contents.
 * board_idle and board_reset are boards/common/cortex_m.c's, the same on
 * every board. */
void board_reset(void) __attribute__((noreturn));

/* The board's wisp_port (port/, wisp.h): the serial line and clock above,
 * and the coredump slot: the board's flash through flash.h where it has
 * one (BOARD_HAS_FLASH), else RAM with NOR rules that survives a reset.
 * boards/common/port.c. */
void board_port_init(wisp_port *port);

/* The board's name as printed in the banner, e.g. "microbit". */
extern const char board_name[];

/* For a board.c whose clock is a free-running 32-bit microsecond counter:
 * milliseconds since the first call, across the counter's wrap
 * (boards/common/cortex_m.c). */
uint32_t board_millis_from_us(uint32_t now_us);

#endif

/* QEMU mps2-an385 (Cortex-M3) for the common firmware (boards/common): the
 * MPS2 family's board.h (../common/mps2/mps2.c) with UART0 (CMSDK APB UART)
 * at 0x40004000; QEMU's AN385 runs its CPU and peripherals from one 25 MHz
 * clock. */
#include "mps2.h"

const char board_name[] = "mps2-an385";
const mps2_board mps2 = {.uart0 = 0x40004000u, .sysclk_hz = 25000000u};

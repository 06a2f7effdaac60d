/* QEMU mps2-an505 (Cortex-M33, the AN505 FPGA image on the IoT Kit
 * subsystem) for the common firmware: the MPS2 family's board.h
 * (../common/mps2/mps2.c). The core boots in the secure state and nothing
 * here leaves it, so every peripheral is used through its secure alias:
 * UART0 is 0x50200000 (0x40200000 is its non-secure address, which the PPC
 * keeps secure-only after reset). QEMU's AN505 runs everything from one
 * 20 MHz clock. */
#include "mps2.h"

const char board_name[] = "mps2-an505";
const mps2_board mps2 = {.uart0 = 0x50200000u, .sysclk_hz = 20000000u};

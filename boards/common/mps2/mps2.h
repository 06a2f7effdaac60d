/* The MPS2 family (ARM's FPGA prototyping boards as QEMU models them:
 * mps2-an385, mps2-an505): a CMSDK APB UART0 and the Cortex-M SysTick, both
 * on one clock. mps2.c implements board.h for every member from the two
 * numbers that differ, which the board's own board.c gives (with
 * board_name). */
#ifndef WISP_BOARD_MPS2_H
#define WISP_BOARD_MPS2_H

#include <stdint.h>

typedef struct mps2_board {
    uintptr_t uart0;    /* UART0's base address, as this core sees it */
    uint32_t sysclk_hz; /* the one clock of the CPU, SysTick and UART */
} mps2_board;

extern const mps2_board mps2;

#endif

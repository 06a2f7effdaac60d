/* SysTick as a 64-bit counter of processor clocks (icount.c): it counts
 * down from 2^24 - 1 at the processor clock and the interrupt counts the
 * wraps. What a tick is depends on the machine:
 *   - QEMU's MPS2 machines under `-icount shift=0`: one instruction is 1 ns
 *     of virtual time and SysTick runs at 25 MHz, so one tick is 40
 *     instructions and a count is exactly reproducible (wisp-runner and
 *     mps2's wisp-w4; the board's meson.build gives -DINSNS_PER_TICK where
 *     its SysTick is not 25 MHz: an505, 50);
 *   - the RP2040 (its wisp-w4): one tick is one cycle of clk_sys. */
#ifndef WISP_BOARD_ICOUNT_H
#define WISP_BOARD_ICOUNT_H

#include <stdint.h>

#ifndef INSNS_PER_TICK
#define INSNS_PER_TICK 40u /* 1 GHz of instructions / 25 MHz SysTick */
#endif

/* SysTick from 0, counting every processor clock (it owns SysTick). */
void icount_start(void);
/* Ticks since icount_start. */
uint64_t icount_ticks(void);

#endif

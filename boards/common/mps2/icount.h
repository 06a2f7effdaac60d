/* Guest instructions counted on QEMU's MPS2 machines (icount.c): under
 * `-icount shift=0` one instruction is 1 ns of virtual time and SysTick
 * runs at 25 MHz, so one tick is 40 instructions and a count is exactly
 * reproducible. wisp-runner and wisp-w4 use it; the board's meson.build
 * gives -DINSNS_PER_TICK where its SysTick is not 25 MHz (an505: 50). */
#ifndef WISP_MPS2_ICOUNT_H
#define WISP_MPS2_ICOUNT_H

#include <stdint.h>

#ifndef INSNS_PER_TICK
#define INSNS_PER_TICK 40u /* 1 GHz of instructions / 25 MHz SysTick */
#endif

/* SysTick from 0, counting every processor clock (it owns SysTick). */
void icount_start(void);
/* Ticks since icount_start. */
uint64_t icount_ticks(void);

#endif

/* What every board's board.c would otherwise repeat: the Cortex-M pieces
 * that are the same on ARMv6-M, v7-M and v8-M, and the millisecond clock
 * from a free-running 1 MHz counter. The vector table, the reset handler
 * (crt0: .data copy, .bss clear, TLS) and the default fault handlers are
 * picolibc's (picolibc.ld, --specs=picolibc.specs); a board overrides a
 * handler by defining it (e.g. arm_systick_isr, boards/common/mps2/mps2.c). */
#include "board.h"

void board_idle(void)
{
    for (;;)
        __asm__ volatile("wfi");
}

void board_reset(void)
{
    /* AIRCR (0xE000ED0C): VECTKEY 0x05FA, SYSRESETREQ; the same on v6-M,
     * v7-M and v8-M. */
    __asm__ volatile("dsb" ::: "memory");
    *(volatile uint32_t *)0xE000ED0Cu = 0x05FA0004u;
    __asm__ volatile("dsb" ::: "memory");
    for (;;)
        ;
}

uint32_t board_millis_from_us(uint32_t now_us)
{
    /* The 32-bit microsecond count wraps every 71 minutes; extend it. */
    static uint32_t last_us, ms, rem_us;
    uint32_t delta = now_us - last_us + rem_us;
    last_us = now_us;
    ms += delta / 1000u;
    rem_us = delta % 1000u;
    return ms;
}

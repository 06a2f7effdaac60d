/* A millisecond clock from the ARMv7-M/v8-M SysTick (not on the nRF51's
 * Cortex-M0, which lacks it): reload every millisecond of the processor
 * clock, the interrupt counts. picolibc's vector table calls
 * arm_systick_isr. */
#ifndef WISP_BOARD_SYSTICK_H
#define WISP_BOARD_SYSTICK_H

#include <stdint.h>

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

extern volatile uint32_t systick_ms;

static inline void systick_ms_start(uint32_t cpu_hz)
{
    SYST_RVR = cpu_hz / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7; /* processor clock, interrupt, enabled */
}

#endif

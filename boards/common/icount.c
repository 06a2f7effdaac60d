/* SysTick as a 64-bit tick counter; see icount.h. */
#include "icount.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYST_MAX 0xFFFFFFu

static volatile uint32_t wraps;

/* picolibc's vector table names the SysTick handler arm_systick_isr. */
void arm_systick_isr(void)
{
    wraps++;
}

void icount_start(void)
{
    SYST_RVR = SYST_MAX;
    SYST_CVR = 0;
    SYST_CSR = 7; /* processor clock, interrupt on wrap, enabled */
}

/* wraps * 2^24 + elapsed in the current period */
uint64_t icount_ticks(void)
{
    uint32_t w, v;
    do {
        w = wraps;
        v = SYST_CVR;
    } while (w != wraps);
    return (uint64_t)w * (SYST_MAX + 1u) + (SYST_MAX - v);
}

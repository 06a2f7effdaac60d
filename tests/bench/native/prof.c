/* A sampling profile of where a cart's native instructions go (native.py
 * --profile), in place of ../../../boards/common/icount.c: SysTick
 * interrupts every 600-1,400 ticks (24,000-56,000 instructions under
 * -icount shift=0, varied so that no loop aliases with it) and counts the
 * interrupted PC in an 8-byte bucket of the code; w4n_profile_dump prints
 * the buckets (`prof ADDRESS COUNT`) for native.py to name with the ELF's
 * symbols. The frames' instruction counts of such a build are not exact
 * (each sample costs some), only the profile is its result. */
#include <stdint.h>

#include "icount.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

#define CODE_LIMIT 0x00200000u /* 2 MiB of code at 0 (mps2-an385's flash) */
#define BUCKET_SHIFT 3
static uint32_t buckets[CODE_LIMIT >> BUCKET_SHIFT];
static uint32_t outside, rng = 12345u;
static volatile uint64_t ticks_done; /* ticks of the periods that ended */
/* SysTick reloads from SYST_RVR when a period ends, just before its
 * interrupt: the period running while the handler runs was set by the
 * handler before, and what it sets is for the period after */
static volatile uint32_t running, next;
static volatile int sampling = 1;

static void next_period(void)
{
    rng = rng * 1664525u + 1013904223u;
    next = 600u + (rng >> 16) % 801u;
    SYST_RVR = next - 1u;
}

/* the stacked PC of the exception frame (MSP: picolibc runs on it) */
__attribute__((used)) static void sample(uint32_t pc)
{
    if (!sampling)
        ;
    else if (pc < CODE_LIMIT)
        buckets[pc >> BUCKET_SHIFT]++;
    else
        outside++;
    ticks_done += running;
    running = next;
    next_period();
}

__attribute__((naked)) void arm_systick_isr(void)
{
    __asm volatile("mrs r0, msp\n"
                   "ldr r0, [r0, #24]\n"
                   "ldr r1, =sample\n"
                   "bx r1\n"
                   ".ltorg\n");
}

void icount_start(void)
{
    next_period();
    running = next;
    SYST_CVR = 0;
    SYST_CSR = 7;
}

/* roughly: the periods that ended and the current one's progress */
uint64_t icount_ticks(void)
{
    uint64_t done;
    uint32_t len, v;
    do {
        done = ticks_done;
        len = running;
        v = SYST_CVR;
    } while (done != ticks_done);
    return done + (len - 1u - (v < len ? v : len - 1u));
}

/* Samples counted or not (SysTick goes on: stopping and starting it
 * would bias the samples towards where it starts). */
void w4n_profile_on(int on)
{
    sampling = on;
}

void w4n_profile_dump(void (*line)(uint32_t addr, uint32_t count))
{
    for (uint32_t i = 0; i < CODE_LIMIT >> BUCKET_SHIFT; i++)
        if (buckets[i])
            line(i << BUCKET_SHIFT, buckets[i]);
    if (outside)
        line(0xffffffffu, outside);
}

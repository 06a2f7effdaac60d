/* QEMU mps2-an385 (Cortex-M3) for the common firmware (boards/common):
 * UART0 (CMSDK APB UART at 0x40004000) and a SysTick millisecond clock.
 * QEMU's AN385 runs its CPU and peripherals from one 25 MHz clock. */
#include "board.h"
#include "cmsdk_uart.h"
#include "systick.h"

#define SYSCLK_HZ 25000000u
#define UART0 ((cmsdk_uart *)0x40004000u)

const char board_name[] = "mps2-an385";
volatile uint32_t systick_ms;

void arm_systick_isr(void)
{
    systick_ms++;
}

void board_init(void)
{
    cmsdk_uart_init(UART0, SYSCLK_HZ, 115200);
    systick_ms_start(SYSCLK_HZ);
}

void board_write(const void *bytes, size_t len)
{
    cmsdk_uart_write(UART0, bytes, len);
}

int board_read(void)
{
    return cmsdk_uart_read(UART0);
}

uint32_t board_millis(void)
{
    return systick_ms;
}

void board_idle(void)
{
    for (;;)
        __asm__ volatile("wfi");
}

/* QEMU mps2-an505 (Cortex-M33, the AN505 FPGA image on the IoT Kit
 * subsystem) for the common firmware: UART0 and a SysTick millisecond
 * clock. The core boots in the secure state and nothing here leaves it, so
 * every peripheral is used through its secure alias: UART0 is 0x50200000
 * (0x40200000 is its non-secure address, which the PPC keeps secure-only
 * after reset). QEMU's AN505 runs everything from one 20 MHz clock. */
#include "board.h"
#include "cmsdk_uart.h"
#include "systick.h"

#define SYSCLK_HZ 20000000u
#define UART0 ((cmsdk_uart *)0x50200000u)

const char board_name[] = "mps2-an505";
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

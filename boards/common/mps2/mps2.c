/* board.h for the MPS2 family (mps2.h): UART0 (CMSDK APB UART,
 * cmsdk_uart.h) at 115200 and a SysTick millisecond clock, at the address
 * and clock the board's board.c gives in `mps2`. */
#include "board.h"
#include "cmsdk_uart.h"
#include "mps2.h"
#include "systick.h"

#define UART0 ((cmsdk_uart *)mps2.uart0)

volatile uint32_t systick_ms;

void arm_systick_isr(void)
{
    systick_ms++;
}

void board_init(void)
{
    cmsdk_uart_init(UART0, mps2.sysclk_hz, 115200);
    systick_ms_start(mps2.sysclk_hz);
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

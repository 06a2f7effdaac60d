/* BBC micro:bit (v1: nRF51822, Cortex-M0 at 16 MHz, 256 KiB flash, 16 KiB
 * RAM; QEMU -M microbit) for the common firmware, on the nRF51's own
 * registers (nRF51 Series Reference Manual v3.0):
 *   UART0   0x40002000, TX on P0.24 and RX on P0.25 (the pins wired to the
 *           board's USB interface chip, which shows up as a serial port),
 *           115200 8N1
 *   TIMER0  0x40008000, 32-bit at 16 MHz / 2^4 = 1 MHz: the microsecond
 *           count behind board_millis (the Cortex-M0 here has no SysTick)
 * QEMU 7.2 emulates both (hw/char/nrf51_uart.c, hw/timer/nrf51_timer.c). */
#include "board.h"

#define REG(addr) (*(volatile uint32_t *)(addr))

#define UART0 0x40002000u
#define UART_STARTRX REG(UART0 + 0x000)
#define UART_STARTTX REG(UART0 + 0x008)
#define UART_RXDRDY REG(UART0 + 0x108)
#define UART_TXDRDY REG(UART0 + 0x11C)
#define UART_ENABLE REG(UART0 + 0x500)
#define UART_PSELTXD REG(UART0 + 0x50C)
#define UART_PSELRXD REG(UART0 + 0x514)
#define UART_RXD REG(UART0 + 0x518)
#define UART_TXD REG(UART0 + 0x51C)
#define UART_BAUDRATE REG(UART0 + 0x524)
#define UART_CONFIG REG(UART0 + 0x56C)
#define BAUD_115200 0x01D7E000u

#define GPIO_DIRSET REG(0x50000518u)
#define GPIO_OUTSET REG(0x50000508u)
#define PIN_TX 24u
#define PIN_RX 25u

#define TIMER0 0x40008000u
#define TIMER_START REG(TIMER0 + 0x000)
#define TIMER_CAPTURE0 REG(TIMER0 + 0x040)
#define TIMER_MODE REG(TIMER0 + 0x504)
#define TIMER_BITMODE REG(TIMER0 + 0x508)
#define TIMER_PRESCALER REG(TIMER0 + 0x510)
#define TIMER_CC0 REG(TIMER0 + 0x540)

const char board_name[] = "microbit";

void board_init(void)
{
    GPIO_OUTSET = 1u << PIN_TX; /* idle high before the UART takes the pin */
    GPIO_DIRSET = 1u << PIN_TX;
    UART_PSELTXD = PIN_TX;
    UART_PSELRXD = PIN_RX;
    UART_BAUDRATE = BAUD_115200;
    UART_CONFIG = 0; /* no parity, no flow control */
    UART_ENABLE = 4;
    UART_TXDRDY = 0;
    UART_RXDRDY = 0;
    UART_STARTTX = 1;
    UART_STARTRX = 1;

    TIMER_MODE = 0;      /* timer */
    TIMER_BITMODE = 3;   /* 32 bits */
    TIMER_PRESCALER = 4; /* 1 MHz */
    TIMER_START = 1;
}

void board_write(const void *bytes, size_t len)
{
    const uint8_t *p = bytes;
    for (size_t i = 0; i < len; i++) {
        UART_TXDRDY = 0;
        UART_TXD = p[i];
        while (!UART_TXDRDY)
            ;
    }
}

int board_read(void)
{
    if (!UART_RXDRDY)
        return -1;
    UART_RXDRDY = 0;
    return (int)(UART_RXD & 0xff);
}

uint32_t board_millis(void)
{
    TIMER_CAPTURE0 = 1;
    return board_millis_from_us(TIMER_CC0);
}

/* Raspberry Pi Pico (RP2040, Cortex-M0+, 12 MHz crystal, 2 MiB flash) for
 * the common firmware, on the chip's own registers (RP2040 datasheet; no
 * Pico SDK):
 *   clocks   XOSC 12 MHz -> clk_ref; PLL_SYS 12 MHz x 125 / (6 x 2) = 125 MHz
 *            -> clk_sys -> clk_peri
 *   UART0    on GP0 (TX, pin 1) and GP1 (RX, pin 2), 115200 8N1
 *   TIMER    the 1 MHz microsecond counter (watchdog tick from clk_ref)
 * boot2.S has set up execute-in-place before this runs. */
#include "board.h"

#define REG(addr) (*(volatile uint32_t *)(addr))
/* Atomic set/clear aliases of every peripheral register. */
#define SET(addr) REG((addr) + 0x2000u)
#define CLR(addr) REG((addr) + 0x3000u)

#define RESETS 0x4000c000u
#define RESETS_RESET (RESETS + 0x0)
#define RESETS_DONE (RESETS + 0x8)
#define RST_IO_BANK0 (1u << 5)
#define RST_PADS_BANK0 (1u << 8)
#define RST_PLL_SYS (1u << 12)
#define RST_TIMER (1u << 21)
#define RST_UART0 (1u << 22)

#define XOSC 0x40024000u
#define XOSC_CTRL (XOSC + 0x00)
#define XOSC_STATUS (XOSC + 0x04)
#define XOSC_STARTUP (XOSC + 0x0c)

#define CLOCKS 0x40008000u
#define CLK_REF_CTRL (CLOCKS + 0x30)
#define CLK_REF_SELECTED (CLOCKS + 0x38)
#define CLK_SYS_CTRL (CLOCKS + 0x3c)
#define CLK_SYS_SELECTED (CLOCKS + 0x44)
#define CLK_PERI_CTRL (CLOCKS + 0x48)
#define CLK_SYS_RESUS_CTRL (CLOCKS + 0x78)

#define PLL_SYS 0x40028000u
#define PLL_CS (PLL_SYS + 0x0)
#define PLL_PWR (PLL_SYS + 0x4)
#define PLL_FBDIV (PLL_SYS + 0x8)
#define PLL_PRIM (PLL_SYS + 0xc)

#define WATCHDOG_TICK 0x4005802cu
#define TIMER_RAWL 0x40054028u

#define IO_BANK0 0x40014000u
#define GPIO_CTRL(n) (IO_BANK0 + 8u * (n) + 4u)
#define FUNC_UART 2u

#define UART0 0x40034000u
#define UART_DR (UART0 + 0x00)
#define UART_FR (UART0 + 0x18)
#define UART_IBRD (UART0 + 0x24)
#define UART_FBRD (UART0 + 0x28)
#define UART_LCR_H (UART0 + 0x2c)
#define UART_CR (UART0 + 0x30)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)

#define XOSC_HZ 12000000u
#define SYS_HZ 125000000u
#define BAUD 115200u

const char board_name[] = "rp2040";

static void unreset(uint32_t bits)
{
    CLR(RESETS_RESET) = bits;
    while ((REG(RESETS_DONE) & bits) != bits)
        ;
}

static void clocks_init(void)
{
    CLR(CLK_SYS_RESUS_CTRL) = 1u << 8;
    /* Crystal: 1-15 MHz range, ~1 ms start-up (STARTUP counts 256 cycles). */
    REG(XOSC_CTRL) = 0xaa0;
    REG(XOSC_STARTUP) = (XOSC_HZ / 1000u + 255u) / 256u;
    SET(XOSC_CTRL) = 0xfabu << 12;
    while (!(REG(XOSC_STATUS) & (1u << 31)))
        ;
    /* clk_ref from the crystal, clk_sys from clk_ref while the PLL starts. */
    REG(CLK_REF_CTRL) = 2; /* SRC = xosc_clksrc */
    while (REG(CLK_REF_SELECTED) != (1u << 2))
        ;
    CLR(CLK_SYS_CTRL) = 1; /* SRC = clk_ref */
    while (REG(CLK_SYS_SELECTED) != 1)
        ;
    /* PLL_SYS: VCO = 12 MHz x 125 = 1500 MHz, / 6 / 2 = 125 MHz. */
    SET(RESETS_RESET) = RST_PLL_SYS;
    unreset(RST_PLL_SYS);
    REG(PLL_CS) = 1; /* REFDIV */
    REG(PLL_FBDIV) = 125;
    CLR(PLL_PWR) = (1u << 0) | (1u << 5); /* PD, VCOPD off */
    while (!(REG(PLL_CS) & (1u << 31)))
        ;
    REG(PLL_PRIM) = (6u << 16) | (2u << 12);
    CLR(PLL_PWR) = 1u << 3; /* POSTDIVPD off */
    /* clk_sys from the PLL through the aux mux (AUXSRC 0 = pll_sys). */
    REG(CLK_SYS_CTRL) = (0u << 5) | 0;
    REG(CLK_SYS_CTRL) = (0u << 5) | 1;
    while (REG(CLK_SYS_SELECTED) != 2)
        ;
    /* clk_peri (the UART's clock) = clk_sys. */
    REG(CLK_PERI_CTRL) = (1u << 11) | (0u << 5);
    /* The timer's 1 MHz tick: clk_ref / 12. */
    REG(WATCHDOG_TICK) = (1u << 9) | (XOSC_HZ / 1000000u);
}

void board_init(void)
{
    clocks_init();
    unreset(RST_IO_BANK0 | RST_PADS_BANK0 | RST_UART0 | RST_TIMER);
    /* Baud divisor = clk_peri / (16 x baud) in 16.6 fixed point, rounded. */
    uint32_t div = (8u * SYS_HZ / BAUD + 1u) / 2u;
    REG(UART_IBRD) = div >> 6;
    REG(UART_FBRD) = div & 63u;
    REG(UART_LCR_H) = (3u << 5) | (1u << 4); /* 8 bits, FIFOs on */
    REG(UART_CR) = (1u << 0) | (1u << 8) | (1u << 9); /* UARTEN, TXE, RXE */
    REG(GPIO_CTRL(0)) = FUNC_UART;
    REG(GPIO_CTRL(1)) = FUNC_UART;
}

void board_write(const void *bytes, size_t len)
{
    const uint8_t *p = bytes;
    for (size_t i = 0; i < len; i++) {
        while (REG(UART_FR) & FR_TXFF)
            ;
        REG(UART_DR) = p[i];
    }
}

int board_read(void)
{
    if (REG(UART_FR) & FR_RXFE)
        return -1;
    return (int)(REG(UART_DR) & 0xff);
}

uint32_t board_millis(void)
{
    return board_millis_from_us(REG(TIMER_RAWL));
}

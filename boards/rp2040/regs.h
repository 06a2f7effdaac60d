/* The RP2040 registers wisp-w4's drivers use (RP2040 datasheet, chapter 2
 * and 4), beside what board.c sets up itself (clocks, UART0, TIMER). */
#ifndef WISP_RP2040_REGS_H
#define WISP_RP2040_REGS_H

#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define REG16(addr) (*(volatile uint16_t *)(addr))
/* Atomic set/clear aliases of every APB/AHB peripheral register. */
#define REG_SET(addr) REG((addr) + 0x2000u)
#define REG_CLR(addr) REG((addr) + 0x3000u)

#define RESETS_RESET 0x4000c000u
#define RESETS_DONE 0x4000c008u
#define RST_DMA (1u << 2)
#define RST_IO_BANK0 (1u << 5)
#define RST_PADS_BANK0 (1u << 8)
#define RST_PWM (1u << 14)
#define RST_SPI0 (1u << 16)

/* Takes blocks out of reset and waits until they are. */
static inline void rp_unreset(uint32_t bits)
{
    REG_CLR(RESETS_RESET) = bits;
    while ((REG(RESETS_DONE) & bits) != bits)
        ;
}

/* GPIO function select (IO_BANK0 GPIOn_CTRL) and pads (PADS_BANK0). */
#define GPIO_CTRL(n) (0x40014000u + 8u * (n) + 4u)
#define FUNC_SPI 1u
#define FUNC_PWM 4u
#define FUNC_SIO 5u
#define PADS_GPIO(n) (0x4001c000u + 4u + 4u * (n))
#define PAD_IE (1u << 6)       /* input enable */
#define PAD_DRIVE_4MA (1u << 4)
#define PAD_PUE (1u << 3)      /* pull-up */
#define PAD_SCHMITT (1u << 1)

/* SIO: the GPIOs as plain inputs and outputs. */
#define SIO_GPIO_IN 0xd0000004u
#define SIO_GPIO_OUT_SET 0xd0000014u
#define SIO_GPIO_OUT_CLR 0xd0000018u
#define SIO_GPIO_OE_SET 0xd0000024u

/* SPI0 (ARM PrimeCell PL022). */
#define SPI0 0x4003c000u
#define SSPCR0 (SPI0 + 0x00)
#define SSPCR1 (SPI0 + 0x04)
#define SSPDR (SPI0 + 0x08)
#define SSPSR (SPI0 + 0x0c)
#define SSPCPSR (SPI0 + 0x10)
#define SSPDMACR (SPI0 + 0x24)
#define SSPCR1_SSE (1u << 1)
#define SSPSR_TNF (1u << 1)
#define SSPSR_RNE (1u << 2)
#define SSPSR_BSY (1u << 4)

/* DMA: channel n's registers, the pacing timers. */
#define DMA_CH(n) (0x50000000u + 0x40u * (n))
#define DMA_READ_ADDR(n) (DMA_CH(n) + 0x00)
#define DMA_WRITE_ADDR(n) (DMA_CH(n) + 0x04)
#define DMA_TRANS_COUNT(n) (DMA_CH(n) + 0x08)
#define DMA_CTRL_TRIG(n) (DMA_CH(n) + 0x0c)
#define DMA_TIMER0 0x50000420u
#define DMA_EN (1u << 0)
#define DMA_SIZE_16 (1u << 2)
#define DMA_INCR_READ (1u << 4)
#define DMA_CHAIN_TO(n) ((uint32_t)(n) << 11) /* to itself: no chaining */
#define DMA_TREQ(n) ((uint32_t)(n) << 15)
#define DMA_BUSY (1u << 24)
#define DREQ_SPI0_TX 16u
#define TREQ_TIMER0 0x3bu

/* PWM slice n. */
#define PWM_CSR(n) (0x40050000u + 0x14u * (n) + 0x00)
#define PWM_DIV(n) (0x40050000u + 0x14u * (n) + 0x04)
#define PWM_CC(n) (0x40050000u + 0x14u * (n) + 0x0c)
#define PWM_TOP(n) (0x40050000u + 0x14u * (n) + 0x10)

/* The 1 MHz microsecond counter (board.c starts it). */
#define TIMER_RAWL 0x40054028u

#endif

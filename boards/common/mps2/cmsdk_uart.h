/* The ARM CMSDK APB UART of the MPS2 FPGA images (QEMU hw/char/
 * cmsdk-apb-uart.c): DATA, STATE (bit 0 TX full, bit 1 RX full), CTRL
 * (bit 0 TX enable, bit 1 RX enable), BAUDDIV = PCLK / baud (>= 16). */
#ifndef WISP_BOARD_CMSDK_UART_H
#define WISP_BOARD_CMSDK_UART_H

#include <stddef.h>
#include <stdint.h>

typedef struct cmsdk_uart {
    volatile uint32_t data;
    volatile uint32_t state;
    volatile uint32_t ctrl;
    volatile uint32_t intstatus;
    volatile uint32_t bauddiv;
} cmsdk_uart;

static inline void cmsdk_uart_init(cmsdk_uart *u, uint32_t pclk, uint32_t baud)
{
    u->bauddiv = pclk / baud;
    u->ctrl = 3; /* TX and RX enabled, no interrupts */
}

static inline void cmsdk_uart_write(cmsdk_uart *u, const void *bytes, size_t len)
{
    const uint8_t *p = bytes;
    for (size_t i = 0; i < len; i++) {
        while (u->state & 1)
            ;
        u->data = p[i];
    }
}

static inline int cmsdk_uart_read(cmsdk_uart *u)
{
    return (u->state & 2) ? (int)(u->data & 0xff) : -1;
}

#endif

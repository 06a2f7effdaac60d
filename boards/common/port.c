/* A board's wisp_port, from what board.h and flash.h give: serial and clock
 * from board.c, and the coredump slot either in the chip's flash (the
 * nRF51's NVMC, the RP2040 boot ROM) or, on the QEMU mps2 boards, which
 * have no flash to write, in RAM that keeps NOR rules (wisp_nor_ram) and
 * sits in picolibc's .preserve section: neither loaded nor cleared at
 * start-up, so a stored dump survives board_reset.
 *
 * Flash offsets in the port are the slot's memory-mapped addresses, so
 * reading is a plain copy. */
#include <string.h>

#include "board.h"
#include "wisp_nor.h"

#ifdef BOARD_HAS_FLASH
#include "flash.h"

static int flash_read(const wisp_port *port, uint32_t off, void *buf, uint32_t len)
{
    (void)port;
    memcpy(buf, (const void *)(uintptr_t)off, len);
    return 0;
}

static int flash_prog(const wisp_port *port, uint32_t off, const void *buf, uint32_t len)
{
    (void)port;
    return board_flash_prog(off - (uint32_t)board_slot.addr, buf, len);
}

static int flash_erase(const wisp_port *port, uint32_t block)
{
    (void)port;
    return board_flash_erase(block * board_slot.erase_size - (uint32_t)board_slot.addr);
}

static void slot_attach(wisp_port *port)
{
    port->flash_read = flash_read;
    port->flash_prog = flash_prog;
    port->flash_erase = flash_erase;
    port->flash_block_size = board_slot.erase_size;
    port->flash_prog_size = board_slot.prog_size;
    port->slot_offset = (uint32_t)board_slot.addr;
    port->slot_length = board_slot.size;
}
#else
#ifndef BOARD_RAM_SLOT_SIZE
#define BOARD_RAM_SLOT_SIZE (64u * 1024u)
#endif
#define RAM_SLOT_BLOCK 4096u /* a SPI NOR chip's sector and page */
#define RAM_SLOT_PROG 256u

static uint8_t slot_ram[BOARD_RAM_SLOT_SIZE]
    __attribute__((section(".preserve.wisp_slot"), aligned(RAM_SLOT_BLOCK)));
static wisp_nor_ram slot_nor;

static void slot_attach(wisp_port *port)
{
    uint32_t base = (uint32_t)(uintptr_t)slot_ram;
    wisp_nor_ram_init(&slot_nor, slot_ram, base, sizeof slot_ram, RAM_SLOT_BLOCK, RAM_SLOT_PROG);
    wisp_nor_ram_attach(&slot_nor, port);
    port->slot_offset = base;
    port->slot_length = sizeof slot_ram;
}
#endif

static int serial_write(const wisp_port *port, const void *buf, uint32_t len)
{
    (void)port;
    board_write(buf, len);
    return 0;
}

static int serial_read(const wisp_port *port, void *buf, uint32_t len, uint32_t timeout_ms)
{
    (void)port;
    uint8_t *b = buf;
    uint32_t n = 0, t0 = board_millis();
    while (n < len) {
        int c = board_read();
        if (c >= 0)
            b[n++] = (uint8_t)c;
        else if (n || board_millis() - t0 >= timeout_ms)
            break;
    }
    return (int)n;
}

static uint32_t millis(const wisp_port *port)
{
    (void)port;
    return board_millis();
}

void board_port_init(wisp_port *port)
{
    memset(port, 0, sizeof *port);
    slot_attach(port);
    port->serial_write = serial_write;
    port->serial_read = serial_read;
    port->millis = millis;
}

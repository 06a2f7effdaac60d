/* The micro:bit's coredump slot: the last 4 KiB of the nRF51's 256 KiB
 * flash (four 1 KiB pages at 0x3F000), through its NVMC (nRF51 Reference
 * Manual ch. 6: CONFIG 0x504 = 1 to write, 2 to erase; ERASEPAGE 0x508 takes
 * a page's address; READY 0x400 bit 0). Words are written with plain 32-bit
 * stores while CONFIG = write; each takes ~45 us on the chip, during which
 * the CPU stalls on flash fetches. QEMU models the NVMC
 * (hw/nvram/nrf51_nvm.c) including NOR's 1 -> 0 only writes. */
#include <string.h>

#include "flash.h"

#define REG(addr) (*(volatile uint32_t *)(addr))
#define NVMC_READY REG(0x4001E400u)
#define NVMC_CONFIG REG(0x4001E504u)
#define NVMC_ERASEPAGE REG(0x4001E508u)

const board_flash_slot board_slot = {0x0003F000u, 4096u, 1024u, 4u};

static void nvmc_wait(void)
{
    while (!(NVMC_READY & 1))
        ;
}

int board_flash_erase(uint32_t off)
{
    if (off % board_slot.erase_size || off >= board_slot.size)
        return -1;
    NVMC_CONFIG = 2;
    nvmc_wait();
    NVMC_ERASEPAGE = board_slot.addr + off;
    nvmc_wait();
    NVMC_CONFIG = 0;
    nvmc_wait();
    return 0;
}

int board_flash_prog(uint32_t off, const void *bytes, size_t len)
{
    if (off % 4 || len % 4 || off > board_slot.size || len > board_slot.size - off)
        return -1;
    const uint8_t *src = bytes;
    volatile uint32_t *dst = (volatile uint32_t *)(board_slot.addr + off);
    NVMC_CONFIG = 1;
    nvmc_wait();
    for (size_t i = 0; i < len / 4; i++) {
        uint32_t w;
        memcpy(&w, src + 4 * i, 4);
        dst[i] = w;
        nvmc_wait();
    }
    NVMC_CONFIG = 0;
    nvmc_wait();
    return 0;
}

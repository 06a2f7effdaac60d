/* The Pico's coredump slot: the last 16 KiB of its 2 MiB flash (0x101FC000),
 * written through the boot ROM's flash routines, found with the ROM's
 * lookup function (RP2040 datasheet 2.8.3): the 16-bit pointers at 0x14
 * (function table) and 0x18 (rom_table_lookup), codes 'IF'
 * connect_internal_flash, 'EX' flash_exit_xip, 'RE' flash_range_erase, 'RP'
 * flash_range_program, 'FC' flash_flush_cache, 'CX' flash_enter_cmd_xip.
 *
 * While the flash is out of XIP mode nothing may execute from it, so the
 * sequence runs from SRAM (flash_op.S, in .data: picolibc's crt0 copies it
 * there) with the data to program in SRAM too, and interrupts masked (their
 * handlers are in flash). Afterwards 'CX' restores XIP with the 03h read command:
 * the same mode our boot2 sets up, so nothing is lost by not re-running it.
 * Sectors are 4 KiB (erased with command 0x20), pages 256 bytes.
 * rp2040_flash.h gives the same to the rest of the top of flash (wisp-w4's
 * disk); the program and the cart below it are never written here. */
#include "flash.h"
#include "rp2040_flash.h"

#define FLASH_BASE 0x10000000u
#define FLASH_SIZE 0x00200000u
#define SLOT_OFFSET 0x001FC000u /* from the start of flash */

const board_flash_slot board_slot = {FLASH_BASE + SLOT_OFFSET, 16384u, 4096u, 256u};

typedef void *(*rom_lookup_fn)(const uint16_t *table, uint32_t code);
typedef void (*rom_void_fn)(void);
typedef void (*rom_erase_fn)(uint32_t addr, size_t count, uint32_t block_size, uint8_t cmd);
typedef void (*rom_prog_fn)(uint32_t addr, const uint8_t *data, size_t count);

typedef struct rom_flash {
    rom_void_fn connect, exit_xip, flush_cache, enter_xip;
    rom_erase_fn erase;
    rom_prog_fn prog;
} rom_flash;

#define ROM_CODE(a, b) ((uint32_t)(a) | ((uint32_t)(b) << 8))

static void *rom_func(uint32_t code)
{
    /* The ROM's 16-bit pointers at 0x14 and 0x18 (through a register, so
     * gcc does not take address 0x14 for an out-of-bounds object). */
    uintptr_t at = 0x14u;
    __asm__("" : "+r"(at));
    const uint16_t *table = (const uint16_t *)(uintptr_t)((const volatile uint16_t *)at)[0];
    rom_lookup_fn lookup = (rom_lookup_fn)(uintptr_t)((const volatile uint16_t *)at)[2];
    return lookup(table, code);
}

static int rom_flash_get(rom_flash *r)
{
    r->connect = (rom_void_fn)rom_func(ROM_CODE('I', 'F'));
    r->exit_xip = (rom_void_fn)rom_func(ROM_CODE('E', 'X'));
    r->erase = (rom_erase_fn)rom_func(ROM_CODE('R', 'E'));
    r->prog = (rom_prog_fn)rom_func(ROM_CODE('R', 'P'));
    r->flush_cache = (rom_void_fn)rom_func(ROM_CODE('F', 'C'));
    r->enter_xip = (rom_void_fn)rom_func(ROM_CODE('C', 'X'));
    return r->connect && r->exit_xip && r->erase && r->prog && r->flush_cache && r->enter_xip
               ? 0
               : -1;
}

/* flash_op.S, in SRAM: connect, exit XIP, erase (data == 0) or program,
 * flush the cache, back to XIP. */
void flash_op(const rom_flash *r, uint32_t addr, const uint8_t *data, size_t count);

/* With interrupts masked: a handler (wisp-w4's SysTick) lives in flash,
 * which cannot be read while XIP is off. */
static int flash_run(uint32_t off, const uint8_t *data, size_t count)
{
    rom_flash r;
    if (rom_flash_get(&r))
        return -1;
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n cpsid i" : "=r"(primask)::"memory");
    flash_op(&r, off, data, count);
    __asm__ volatile("msr primask, %0" ::"r"(primask) : "memory");
    return 0;
}

int rp2040_flash_erase(uint32_t off)
{
    if (off % 4096u || off < RP2040_FLASH_WRITABLE || off >= FLASH_SIZE)
        return -1;
    return flash_run(off, 0, 4096u);
}

int rp2040_flash_prog(uint32_t off, const void *bytes, size_t len)
{
    if (off % 256u || len % 256u || off < RP2040_FLASH_WRITABLE || off > FLASH_SIZE ||
        len > FLASH_SIZE - off || (uintptr_t)bytes >> 28 == 1 /* not from flash itself */)
        return -1;
    return flash_run(off, bytes, len);
}

int board_flash_erase(uint32_t off)
{
    if (off % board_slot.erase_size || off >= board_slot.size)
        return -1;
    return rp2040_flash_erase(SLOT_OFFSET + off);
}

int board_flash_prog(uint32_t off, const void *bytes, size_t len)
{
    if (off > board_slot.size || len > board_slot.size - off)
        return -1;
    return rp2040_flash_prog(SLOT_OFFSET + off, bytes, len);
}

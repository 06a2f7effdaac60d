/* The disk's wisp_port: reads through XIP, erases and programs through the
 * boot ROM (rp2040_flash.h). Its flash offsets are the memory-mapped
 * addresses, as the coredump slot's (../common/port.c). */
#include "disk.h"

#include <string.h>

#include "rp2040_flash.h"
#include "w4map.h"

#define DISK_ADDR (W4_FLASH_BASE + W4_DISK_OFFSET)

static int disk_read(const wisp_port *port, uint32_t off, void *buf, uint32_t len)
{
    (void)port;
    memcpy(buf, (const void *)(uintptr_t)off, len);
    return 0;
}

static int disk_prog(const wisp_port *port, uint32_t off, const void *buf, uint32_t len)
{
    (void)port;
    return rp2040_flash_prog(off - W4_FLASH_BASE, buf, len);
}

static int disk_erase(const wisp_port *port, uint32_t block)
{
    (void)port;
    return rp2040_flash_erase(block * 4096u - W4_FLASH_BASE);
}

static const wisp_port disk_port = {
    .flash_read = disk_read,
    .flash_prog = disk_prog,
    .flash_erase = disk_erase,
    .flash_block_size = 4096u,
    .flash_prog_size = 256u,
};

/* What flash holds: a cart that writes the same disk every frame does not
 * wear the flash out. */
static uint32_t saved_len, saved_crc;

void disk_load(wisp_w4 *con)
{
    uint8_t data[WISP_W4_DISK_SIZE];
    uint32_t len = 0;
    if (wisp_w4_disk_load(&disk_port, DISK_ADDR, W4_DISK_SIZE, data, &len) != WISP_OK)
        len = 0;
    wisp_w4_set_disk(con, data, len);
    saved_len = len;
    saved_crc = wisp_crc32(0, data, len);
}

void disk_written(void *ctx, const uint8_t *data, uint32_t len)
{
    (void)ctx;
    const uint32_t crc = wisp_crc32(0, data, len);
    if (len == saved_len && crc == saved_crc)
        return;
    if (wisp_w4_disk_save(&disk_port, DISK_ADDR, W4_DISK_SIZE, data, len) == WISP_OK) {
        saved_len = len;
        saved_crc = crc;
    }
}

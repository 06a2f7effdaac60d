/* What both sinks (and `wisp pull`) share: CRC-32 and the port's error
 * texts. */
#include "wisp.h"
#include "wisp_port.h"

/* A 16-entry table, a nibble at a time: 64 bytes of .rodata, about four
 * times faster than bit by bit; a 1 KiB byte table buys little more next to
 * a serial line. Reflected polynomial 0xEDB88320, as zlib. */
static const uint32_t crc_nibble[16] = {
    0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
    0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
    0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
};

uint32_t wisp_crc32(uint32_t crc, const void *bytes, size_t len)
{
    const uint8_t *p = (const uint8_t *)bytes;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ crc_nibble[crc & 15u];
        crc = (crc >> 4) ^ crc_nibble[crc & 15u];
    }
    return ~crc;
}

const char *wisp_port_err_str(wisp_err e)
{
    switch ((unsigned)e) {
    case (unsigned)WISP_ERR_IO: return "port I/O error";
    case (unsigned)WISP_ERR_IO_READ: return "flash read failed";
    case (unsigned)WISP_ERR_IO_PROG: return "flash program failed";
    case (unsigned)WISP_ERR_IO_ERASE: return "flash erase failed";
    case (unsigned)WISP_ERR_IO_VERIFY: return "flash verify failed (read back differs)";
    case (unsigned)WISP_ERR_IO_SERIAL: return "serial I/O failed";
    case (unsigned)WISP_ERR_FULL: return "coredump does not fit the flash slot";
    default: return wisp_err_str(e);
    }
}

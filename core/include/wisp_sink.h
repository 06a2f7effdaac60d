/* wisp: coredump sinks for a board (coredump/sink_uart.c, sink_slot.c):
 * framed over the serial line for `wisp pull`, stored in a power-loss-safe
 * flash slot, and the serial commands that send or erase it. */
#ifndef WISP_SINK_H
#define WISP_SINK_H

#include "wisp_coredump.h"
#include "wisp_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- coredump sinks (coredump/sink_uart.c, sink_slot.c) -----------------
 * UART: the dump as COBS packets, each 0x00 + COBS(packet) + 0x00, so a host
 * finds it in a stream of log text (`wisp pull`). A packet is 'W' 'D',
 * a type byte, the body, CRC-32 of all before it (u32 LE):
 *   'H' header  version u8 (1), flags u8 (bit 0: from the flash slot),
 *               chunk u16 (WISP_UART_CHUNK), total u32, seq u32
 *   'D' data    offset u32, 1..chunk bytes of the dump
 *   'E' end     total u32, CRC-32 of the whole dump u32
 *   'N' none    (no body) the device has no stored dump
 * All integers little-endian. See port/README.md. */
#define WISP_UART_CHUNK 240 /* dump bytes per 'D' packet: a packet is <= 251 bytes */

typedef struct wisp_uart {
    const wisp_port *port;
    uint32_t total; /* announced in the header */
    uint32_t pos;   /* dump bytes taken so far */
    uint32_t crc;   /* of those */
    wisp_err err;   /* first error: later calls do nothing */
    uint32_t used;  /* bytes in pkt */
    uint8_t pkt[3 + 4 + WISP_UART_CHUNK + 4];
} wisp_uart;

/* Sends the header; then feed exactly `total` bytes through
 * wisp_uart_sink(u), then wisp_uart_end sends the rest and the end packet. */
wisp_err wisp_uart_begin(wisp_uart *u, const wisp_port *port, uint32_t total, uint32_t seq,
                         uint8_t flags);
wisp_sink wisp_uart_sink(wisp_uart *u);
wisp_err wisp_uart_end(wisp_uart *u);
/* Just an 'N' packet: "no stored dump" (a board without a slot answers so). */
wisp_err wisp_uart_none(const wisp_port *port);
/* After a trap: measures the dump (a first pass that only counts), then
 * streams it framed. */
wisp_err wisp_uart_coredump(const wisp_port *port, wisp_instance *inst,
                            const wisp_coredump_options *opt);

/* Flash slot: one dump, its header committed last, so that a power cut at
 * any point leaves the previous dump or none, never a damaged one that
 * looks valid (layout and argument in coredump/sink_slot.c). */
#define WISP_SLOT_BUFFER 256 /* bytes gathered per flash_prog; the largest prog size */

typedef struct wisp_slot_writer {
    const wisp_port *port;
    uint32_t data_off; /* slot-relative start of the dump bytes */
    uint32_t pos;      /* dump bytes taken so far */
    uint32_t crc;      /* of those */
    uint32_t seq;      /* this dump's sequence number */
    uint32_t erased;   /* slot-relative end of the erased area */
    wisp_err err;
    uint32_t used;     /* bytes in buf */
    uint8_t buf[WISP_SLOT_BUFFER];
} wisp_slot_writer;

/* Invalidates the stored dump and readies the slot; feed the dump through
 * wisp_slot_sink(w); wisp_slot_finish verifies it and commits it. */
wisp_err wisp_slot_begin(wisp_slot_writer *w, const wisp_port *port);
wisp_sink wisp_slot_sink(wisp_slot_writer *w);
wisp_err wisp_slot_finish(wisp_slot_writer *w);
/* After a trap: measures the dump first, so one that cannot fit gives
 * WISP_ERR_FULL before the stored dump is touched. */
wisp_err wisp_slot_coredump(const wisp_port *port, wisp_instance *inst,
                            const wisp_coredump_options *opt);

typedef struct wisp_slot_info {
    uint32_t length;      /* dump bytes */
    uint32_t seq;         /* 1 for the first dump ever written, then counts up */
    uint32_t data_offset; /* absolute flash offset of the dump's first byte */
} wisp_slot_info;

/* WISP_OK with a verified dump (header, commit mark and the CRC of every
 * byte checked), WISP_ERR_NOT_FOUND when there is none, or an IO error. */
wisp_err wisp_slot_find(const wisp_port *port, wisp_slot_info *out);
/* Streams the stored dump framed as above (flags bit 0 set, its seq), or
 * an 'N' packet and WISP_ERR_NOT_FOUND. */
wisp_err wisp_slot_send(const wisp_port *port);
/* Erases the slot, the header's block first. */
wisp_err wisp_slot_erase(const wisp_port *port);

/* One-line serial commands (`coredump?\n`: wisp_slot_send; `coredump
 * erase\n`: wisp_slot_erase, then an 'N' packet). Call it from the main
 * loop with timeout_ms 0; it keeps a partial line in `cmd` between calls
 * (zero it first). Other lines are ignored. Returns WISP_OK or the error
 * of the command that ran; cmd->last says which ran. */
#define WISP_CMD_NONE 0
#define WISP_CMD_SEND 1
#define WISP_CMD_ERASE 2
typedef struct wisp_cmd {
    uint8_t len;      /* bytes in line */
    bool overflow;    /* the line is longer than `line`: dropped at its end */
    uint8_t last;     /* WISP_CMD_*: the command the last call ran */
    char line[32];
} wisp_cmd;
wisp_err wisp_port_poll_command(const wisp_port *port, wisp_cmd *cmd, uint32_t timeout_ms);

#ifdef __cplusplus
}
#endif
#endif

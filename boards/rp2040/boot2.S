/* wisp's second-stage boot loader for the RP2040 (the 256 bytes at the
 * start of flash; our own, no Pico SDK code).
 *
 * The boot ROM copies these 256 bytes to SRAM at 0x20041f00, checks the
 * CRC32 in the last 4 (boot2crc.py puts it there) and calls the copy with
 * lr = 0. We set up the SSI (the QSPI flash interface, 0x18000000) for
 * execute-in-place with the plain 03h READ command, serial, 24-bit
 * address: the one read command every 25-series SPI flash understands, so
 * the image boots on the Pico's W25Q080 and on any RP2040 board whatever
 * its flash chip. SCK = clk_sys / 4 (31.25 MHz once clk_sys runs at 125
 * MHz, under the 50 MHz the 03h command allows). Faster quad reads (EBh,
 * W25Q080-specific: QE bit, continuous-read mode) would need flash-specific
 * set-up and are left for later; the XIP cache (16 KiB) hides much of the
 * difference for an interpreter's hot loop.
 *
 * Then, with lr = 0 (entered from the boot ROM), point VTOR at the vector
 * table that follows at 0x10000100, load the stack pointer from it and jump
 * to its reset handler. With lr != 0 (called again later, e.g. to restore
 * XIP after programming flash) return to the caller instead. */
    .syntax unified
    .cpu cortex-m0plus
    .thumb

    .equ SSI_BASE, 0x18000000
    .equ SSI_CTRLR0, 0x00
    .equ SSI_CTRLR1, 0x04
    .equ SSI_SSIENR, 0x08
    .equ SSI_BAUDR, 0x14
    .equ SSI_SPI_CTRLR0, 0xf4
    /* CTRLR0: DFS_32 (20:16) = 31: 32 clocks per data frame; TMOD (9:8) =
     * 3: EEPROM read (command + address out, then data in); SPI_FRF (22:21)
     * = 0: standard one-bit SPI. */
    .equ CTRLR0_XIP, (31 << 16) | (3 << 8)
    /* SPI_CTRLR0: XIP_CMD (31:24) = 0x03 READ; INST_L (9:8) = 2: 8-bit
     * instruction; ADDR_L (5:2) = 6: 24 address bits; TRANS_TYPE (1:0) = 0:
     * instruction and address both serial. */
    .equ SPI_CTRLR0_XIP, (0x03 << 24) | (2 << 8) | (6 << 2)
    .equ CLKDIV, 4
    .equ VTOR, 0xe000ed08
    .equ VECTORS, 0x10000100

    .section .text.boot2, "ax"
    .global boot2_entry
    .type boot2_entry, %function
    .thumb_func
boot2_entry:
    push {lr}
    ldr r3, =SSI_BASE
    movs r1, #0
    str r1, [r3, #SSI_SSIENR]       /* disabled while it is configured */
    movs r1, #CLKDIV
    str r1, [r3, #SSI_BAUDR]
    ldr r1, =CTRLR0_XIP
    str r1, [r3, #SSI_CTRLR0]
    ldr r1, =SPI_CTRLR0_XIP
    movs r2, #SSI_SPI_CTRLR0
    str r1, [r3, r2]
    movs r1, #0
    str r1, [r3, #SSI_CTRLR1]       /* NDF = 0: one data frame per read */
    movs r1, #1
    str r1, [r3, #SSI_SSIENR]       /* enabled: reads of 0x10xxxxxx now fetch */

    pop {r0}
    cmp r0, #0
    beq 1f
    bx r0                           /* called by a program: return */
1:  ldr r0, =VECTORS                /* from the boot ROM: start the program */
    ldr r1, =VTOR
    str r0, [r1]
    ldmia r0!, {r1, r2}
    msr msp, r1
    bx r2

    .ltorg

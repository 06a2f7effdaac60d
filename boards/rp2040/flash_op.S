/* flash_op(const rom_flash *r, uint32_t addr, const uint8_t *data, size_t count):
 * the boot ROM flash sequence of boards/rp2040/flash.c, which must run
 * from SRAM (the flash cannot be read between flash_exit_xip and
 * flash_enter_cmd_xip). In a .data section: picolibc's crt0 copies it to
 * SRAM with the rest of .data. data == 0: erase `count` bytes in 4 KiB
 * sectors (command 0x20), else program them from data (in SRAM).
 * rom_flash: connect, exit_xip, flush_cache, enter_xip, erase, prog (Thumb
 * function pointers, 4 bytes each). */
    .syntax unified
    .cpu cortex-m0plus
    .thumb

    .section .data.ramfunc.flash_op, "aw", %progbits
    .balign 4
    .global flash_op
    .type flash_op, %function
    .thumb_func
flash_op:
    push {r4-r7, lr}
    movs r4, r0
    movs r5, r1
    movs r6, r2
    movs r7, r3
    ldr r0, [r4, #0]
    blx r0                  /* connect_internal_flash() */
    ldr r0, [r4, #4]
    blx r0                  /* flash_exit_xip() */
    movs r0, r5
    cmp r6, #0
    beq 1f
    movs r1, r6
    movs r2, r7
    ldr r3, [r4, #20]
    blx r3                  /* flash_range_program(addr, data, count) */
    b 2f
1:  movs r1, r7
    movs r2, #1
    lsls r2, r2, #12        /* 4096: the erase block */
    movs r3, #0x20          /* sector erase command */
    ldr r6, [r4, #16]
    blx r6                  /* flash_range_erase(addr, count, 4096, 0x20) */
2:  ldr r0, [r4, #8]
    blx r0                  /* flash_flush_cache() */
    ldr r0, [r4, #12]
    blx r0                  /* flash_enter_cmd_xip(): 03h reads, as boot2 set up */
    pop {r4-r7, pc}
    .size flash_op, . - flash_op

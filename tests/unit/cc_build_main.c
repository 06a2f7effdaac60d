/* An embedding of the core built by hand (cc_build.sh): load a module that
 * adds two numbers, call it, check the sum. */
#include <stdio.h>
#include "wisp.h"

/* (module (func (export "add") (param i32 i32) (result i32)
 *   local.get 0 local.get 1 i32.add)) */
static const uint8_t add_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f,
    0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64,
    0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};

int main(void)
{
    static uint8_t mem[64 * 1024];
    wisp_arena arena;
    wisp_module *m;
    wisp_instance *inst;
    wisp_func *add;
    wisp_value args[2] = {{.i32 = 2}, {.i32 = 40}}, res[1];
    const wisp_config small = {.value_stack_slots = 256, .call_depth = 16};
    wisp_arena_init(&arena, mem, sizeof mem);
    if (wisp_module_load(&arena, add_wasm, sizeof add_wasm, &m) ||
        wisp_instance_create(&arena, m, &small, NULL, NULL, &inst) ||
        wisp_instance_find_func(inst, "add", &add) || wisp_func_call(inst, add, args, 2, res, 1)) {
        printf("0 passed, 1 failed: %s\n", wisp_arena_error(&arena));
        return 1;
    }
    int ok = res[0].i32 == 42;
    printf("add(2, 40) = %d\n%d passed, %d failed\n", res[0].i32, ok, !ok);
    return !ok;
}

/* A C guest that traps at known lines, for the DWARF tests of `wisp inspect`
 * (built with clang-14 --target=wasm32-wasi -g -O0). Run without arguments,
 * scale_damage divides by argc - 1 = 0: "integer divide by zero". The
 * LINE: markers tell the tests which source line each instruction is on. */
#include <stdio.h>

static int scale_damage(int base, int divisor)
{
    if (divisor < 0)
        __builtin_trap(); /* LINE:unreachable */
    return base * 3 / divisor; /* LINE:div */
}

int main(int argc, char **argv)
{
    (void)argv;
    int hp = scale_damage(12, argc - 1); /* LINE:call */
    printf("%d\n", hp);
    return 0;
}

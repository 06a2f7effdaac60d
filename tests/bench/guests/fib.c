/* Recursive calls: naive Fibonacci. */
#include "bench.h"

#ifdef SMALL
#define FIB_N 22
#else
#define FIB_N 32
#endif

static volatile uint32_t fib_n = FIB_N;

static NOINLINE uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

BENCH_RUN
{
    return fib(fib_n);
}

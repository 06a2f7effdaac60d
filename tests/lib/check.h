/* The C tests' one assertion: count it, and on failure print where and
 * why and carry on. A test ends with CHECK_SUMMARY(), which prints the
 * closing "N passed, N failed" line and gives the exit status. */
#ifndef WISP_TESTS_CHECK_H
#define WISP_TESTS_CHECK_H

#include <stdio.h>

static int failures, checks;

#define CHECK(cond, ...)                                \
    do {                                                \
        checks++;                                       \
        if (!(cond)) {                                  \
            failures++;                                 \
            printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            printf(__VA_ARGS__);                        \
            printf("\n");                               \
        }                                               \
    } while (0)

#define CHECK_SUMMARY() \
    (printf("%d passed, %d failed\n", checks - failures, failures), failures != 0)

#endif

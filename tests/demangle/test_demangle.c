/* symbols/demangle.c on names whose demangled form comes from elsewhere:
 *   C++      llvm-cxxfilt-14 (LLVM's own Itanium demangler) on names clang++-14
 *            gave the functions of a small C++ file (see cxx_names.cpp);
 *   Rust v0  names rustc 1.63 wrote with -C symbol-mangling-version=v0 for
 *            tests/rust/src, demangled by llvm-cxxfilt-14 (LLVM's Rust
 *            demangler); the paths are the source's (cart::level::Level
 *            is `impl Level` in src/level.rs of the crate `cart`);
 *   Rust legacy  by hand from the scheme (rustc_symbol_mangling/legacy.rs):
 *            length-prefixed segments, the last one `h` + 16 hex digits
 *            (dropped), `$LT$` `<`, `$GT$` `>`, `$C$` `,`, `$u20$` ` `,
 *            `$u7b$` `{`, `..` `::`; a `.llvm.N` suffix dropped.
 * Run with no argument: the table, damaged names, random bytes. With
 * --filter: each stdin line demangled (or as it is), one per line, for
 * check_names.py's comparison on every name of the test guests. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"

static int failures;

static void expect(const char *name, const char *want)
{
    char *got = demangle(name, strlen(name));
    if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0)) {
        fprintf(stderr, "FAIL %s\n  want %s\n  got  %s\n", name, want ? want : "(not demangled)",
                got ? got : "(not demangled)");
        failures++;
    }
    free(got);
}

static const struct {
    const char *mangled, *demangled;
} cases[] = {
    /* C++ */
    {"_ZNK4game5Level7tile_atEii", "game::Level::tile_at(int, int) const"},
    {"_ZN4game4GridIhLi9EE2atEm", "game::Grid<unsigned char, 9>::at(unsigned long)"},
    {"_ZN4game12_GLOBAL__N_16hiddenEcyPKc",
     "game::(anonymous namespace)::hidden(char, unsigned long long, char const*)"},
    {"_ZN4game5LevelD2Ev", "game::Level::~Level()"},
    {"_ZN4game5LevelC1Ei", "game::Level::Level(int)"},
    {"_ZNK4game4Vec2plERKS0_", "game::Vec2::operator+(game::Vec2 const&) const"},
    {"_Z10overloadedPFidEPVPvz", "overloaded(int (*)(double), void* volatile*, ...)"},
    {"_ZN4game5Level7currentE", "game::Level::current"},
    {"_ZZN4game10use_lambdaEvENK3$_0clEi", "game::use_lambda()::$_0::operator()(int) const"},
    /* a C++ name without the 17h<hash> segment is not taken for Rust */
    {"_ZN4core9panicking5panicE", "core::panicking::panic"},
    /* Rust legacy */
    {"_ZN4core9panicking18panic_bounds_check17h9e099015b52d9b3bE",
     "core::panicking::panic_bounds_check"},
    {"_ZN4main5level5Level7tile_at17h8daa55d543197f67E", "main::level::Level::tile_at"},
    {"_ZN81_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..index..Index$LT$I$GT$$GT$"
     "5index17ha9fc0e808f363a05E",
     "<alloc::vec::Vec<T,A> as core::ops::index::Index<I>>::index"},
    {"_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h8bcafb02b1c2326bE"
     ".llvm.9149833306887483796",
     "std::rt::lang_start::{{closure}}"},
    {"_ZN4core3fmt3num3imp52_$LT$impl$u20$core..fmt..Display$u20$for$u20$u32$GT$"
     "3fmt17h2464ff3027c192d9E",
     "core::fmt::num::imp::<impl core::fmt::Display for u32>::fmt"},
    /* Rust v0 */
    {"_RNvMNtCsfAj7kB7IjzU_4cart5levelNtB2_5Level7tile_at", "<cart::level::Level>::tile_at"},
    {"_RNvNtCsfAj7kB7IjzU_4cart5level4step", "cart::level::step"},
    {"_RNCNvMNtCsfAj7kB7IjzU_4cart5levelNtB4_5Level3new0B6_",
     "<cart::level::Level>::new::{closure#0}"},
    {"_RINvNtCs4EoLUFkKuUC_4core3ptr13drop_in_placeINtNtCs9tm3sCXHW8O_5alloc3vec3VechEE"
     "CsfAj7kB7IjzU_4cart",
     "core::ptr::drop_in_place::<alloc::vec::Vec<u8>>"},
    {"_RNvXse_NtCs9tm3sCXHW8O_5alloc3vecINtB5_3VechEINtNtNtCs4EoLUFkKuUC_4core3ops5index5Index"
     "jE5indexCsfAj7kB7IjzU_4cart",
     "<alloc::vec::Vec<u8> as core::ops::index::Index<usize>>::index"},
    {"_RNvYNvYjNtNtCs4EoLUFkKuUC_4core3cmp3Ord3cmpINtNtNtBa_3ops8function6FnOnceTRjB1a_EE"
     "9call_onceCsfAj7kB7IjzU_4cart",
     "<<usize as core::cmp::Ord>::cmp as core::ops::function::FnOnce<(&usize, &usize)>>::call_once"},
    /* not mangled, or damaged: left alone */
    {"main", NULL},
    {"rust_begin_unwind", NULL},
    {"_start.command_export", NULL},
    {"game::step(game::Level const&, int)", NULL},
    {"_Z", NULL},
    {"_R", NULL},
    {"", NULL},
    {"_ZN4core9panic", NULL},
    {"_RNvNtCs4EoLUFkKuUC_4core9panicking18panic_bounds_chec", NULL},
    {"_RNvB0_", NULL},
};

/* Names with embedded NULs or over the length cap are refused; random and
 * truncated names never crash (run under ASan+UBSan). */
static void damage(void)
{
    static const char nul[] = "_ZN4core\0panicking5panic17h0123456789abcdefE";
    char *d = demangle(nul, sizeof nul - 1);
    if (d) {
        fprintf(stderr, "FAIL a name with a NUL byte was demangled: %s\n", d);
        failures++;
        free(d);
    }
    size_t big = 100000;
    char *longname = malloc(big + 1);
    memcpy(longname, "_ZN", 3);
    for (size_t i = 3; i < big; i++)
        longname[i] = (char)('0' + (i % 10));
    longname[big] = '\0';
    d = demangle(longname, big);
    if (d) {
        fprintf(stderr, "FAIL a %zu-byte name was demangled\n", big);
        failures++;
        free(d);
    }
    free(longname);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = strlen(cases[c].mangled);
        for (size_t k = 0; k < n; k++)
            free(demangle(cases[c].mangled, k));
    }
    uint32_t seed = 12345;
    static const char alphabet[] = "_ZRNIMXYCsBtvE0123456789abcdefhjlmpu$LTG.";
    char buf[96];
    for (int round = 0; round < 200000; round++) {
        size_t n = 2 + (size_t)(round % 90);
        buf[0] = '_';
        buf[1] = (round & 1) ? 'Z' : 'R';
        for (size_t i = 2; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        free(demangle(buf, n));
    }
}

int main(int argc, char **argv)
{
    if (!demangle_available()) {
        printf("this wisp was built without libiberty: nothing to test\n");
        return 77;
    }
    if (argc == 2 && strcmp(argv[1], "--filter") == 0) {
        char line[16384];
        while (fgets(line, sizeof line, stdin)) {
            size_t n = strcspn(line, "\n");
            char *d = demangle(line, n);
            printf("%s\n", d ? d : (line[n] = '\0', line));
            free(d);
        }
        return 0;
    }
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        expect(cases[c].mangled, cases[c].demangled);
    damage();
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("%zu names and the damage checks: ok\n", sizeof cases / sizeof cases[0]);
    return 0;
}

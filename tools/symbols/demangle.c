/* Demangling through libiberty's cplus_demangle (Debian's libiberty-dev,
 * the demangler of binutils and gdb). It was checked against LLVM's own
 * demanglers (llvm-cxxfilt-14: Itanium and Rust v0) on every name of the
 * Rust test guests (tests/rust) before it was chosen. */
#include "demangle.h"

#include <stdlib.h>
#include <string.h>

#ifdef WISP_HAVE_LIBIBERTY
#include <libiberty/demangle.h>
#endif

/* Longer names are left alone: real ones are a few hundred bytes (the
 * longest of std's v0 names about 600), and libiberty's run time grows
 * with the name's nesting. */
#define DEMANGLE_MAX_NAME 8192

bool demangle_available(void)
{
#ifdef WISP_HAVE_LIBIBERTY
    return true;
#else
    return false;
#endif
}

char *demangle(const char *name, size_t len)
{
#ifdef WISP_HAVE_LIBIBERTY
    if (len < 3 || len > DEMANGLE_MAX_NAME || name[0] != '_' ||
        (name[1] != 'Z' && name[1] != 'R') || memchr(name, '\0', len))
        return NULL;
    char *z = malloc(len + 1);
    if (!z)
        return NULL;
    memcpy(z, name, len);
    z[len] = '\0';
    /* DMGL_PARAMS|DMGL_ANSI: C++ parameter types and qualifiers; without
     * DMGL_VERBOSE Rust legacy hashes and v0 crate disambiguators are
     * left out, as rustc's alternate form prints them. The style is
     * chosen by the prefix rather than DMGL_AUTO, which would also try
     * GNAT and D on names that are neither. A legacy Rust name is also a
     * valid Itanium name, so Rust goes first (it refuses names without
     * the 17h<hash> segment). */
    int common = DMGL_PARAMS | DMGL_ANSI;
    char *out = cplus_demangle(z, common | DMGL_RUST);
    if (!out && z[1] == 'Z')
        out = cplus_demangle(z, common | DMGL_GNU_V3);
    free(z);
    return out;
#else
    (void)name;
    (void)len;
    return NULL;
#endif
}

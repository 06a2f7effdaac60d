/* Names people read: Rust (legacy `_ZN...17h<hash>E` and v0 `_R...`) and
 * C++ (Itanium `_Z...`) symbol names demangled, through Debian's
 * libiberty (package libiberty-dev) when the build found it
 * (WISP_HAVE_LIBIBERTY, tools/meson.build); without it names stay as they
 * are. */
#ifndef WISP_TOOLS_DEMANGLE_H
#define WISP_TOOLS_DEMANGLE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether this build demangles at all. */
bool demangle_available(void);

/* name[0..len) demangled, as a malloc'd NUL-terminated string; NULL when
 * it is not a mangled name this build knows (plain C names, names already
 * demangled, as wasm-ld writes C++ ones), when it is damaged, or when out
 * of memory.
 *   Rust legacy: the path without its hash and without an LLVM `.llvm.N`
 *     suffix, as rustc prints `{:#}`: `core::panicking::panic_bounds_check`,
 *     `<alloc::vec::Vec<T,A> as core::ops::index::Index<I>>::index`;
 *   Rust v0: the path with its generic arguments and without crate
 *     disambiguators: `<cart::level::Level>::tile_at`,
 *     `core::ptr::drop_in_place::<alloc::vec::Vec<u8>>`;
 *   C++: with parameter types: `game::step(game::Level const&, int)`. */
char *demangle(const char *name, size_t len);

#endif

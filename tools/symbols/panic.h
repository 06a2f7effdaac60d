/* Rust panics in a backtrace: the message and location a panic was raised
 * with, read back from the frames of the panic functions and from linear
 * memory, and which frames are the panic machinery (folded into one line
 * unless --full-backtrace) or the Rust runtime's start.
 *
 * A panic on wasm is `panic=abort`: the guest traps with `unreachable`
 * under frames like
 *   __rust_start_panic, rust_panic, std::panicking::rust_panic_with_hook,
 *   std::panicking::begin_panic_handler::{{closure}},
 *   std::sys_common::backtrace::__rust_end_short_backtrace,
 *   rust_begin_unwind, core::panicking::panic_fmt,
 *   core::panicking::panic_bounds_check   <- what the user's code called
 * and the message is a core::fmt::Arguments (literal pieces, and arguments
 * that are each a pointer to the value and a formatting function) plus a
 * core::panic::Location (file, line, column), both in memory, pointed to
 * by the parameters of those frames. panic.c formats the arguments it can
 * tell the type of from the formatting function's name (integers, floats,
 * bool, char, &str, String; `{?}` otherwise), as Rust would.
 *
 * Works the same on a live instance (`wisp run`) and on a coredump
 * (`wisp inspect`): the frames' locals and the memory come through
 * sym_values. Host C; every read of guest memory is checked, and damaged
 * or hostile memory gives `{?}` or no message, never a crash. */
#ifndef WISP_TOOLS_PANIC_H
#define WISP_TOOLS_PANIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "symbols.h"

struct im_module;

/* One frame of the backtrace, innermost first, inlined source frames
 * included (as sym_frames gives them). */
typedef struct panic_frame {
    const char *name;         /* as shown or as in the module (mangled names
                               * are demangled here); NULL: unknown */
    bool inlined;             /* an inlined source frame: no Wasm locals of its own */
    const sym_values *values; /* the Wasm frame's locals; NULL: unknown */
} panic_frame;

typedef enum panic_fold {
    PANIC_SHOWN = 0,
    PANIC_MACHINERY, /* a frame of the panic machinery */
    PANIC_RUNTIME    /* the Rust runtime's start, below the user's main */
} panic_fold;

typedef struct panic_report {
    bool found;             /* a Rust panic: its machinery is on the stack */
    char *message;          /* malloc'd UTF-8; NULL when not found */
    char *file;             /* malloc'd; NULL when the location was not found */
    uint32_t line, column;
    /* frames [0, machinery_end) are the panic machinery (0: none, and
     * always 0 unless found); [runtime_start, n) the runtime's start
     * (n: none), found whether or not the trap is a panic */
    uint32_t machinery_end, runtime_start;
} panic_report;

/* Looks for a panic in frames[0..n). `mod` (may be NULL) is the module
 * parsed by inspect_module.h: its table (element section), function
 * bodies and names tell the formatting functions apart; without it every
 * argument reads `{?}`. `memory` (may be NULL) reads memory 0. */
void panic_analyze(const struct im_module *mod, const sym_values *memory,
                   const panic_frame *frames, uint32_t n, panic_report *out);
void panic_report_free(panic_report *r);

/* panic_analyze with the symbolizer's module (its names, table and code). */
void sym_panic(sym_module *s, const sym_values *memory, const panic_frame *frames, uint32_t n,
               panic_report *out);

/* How frame i is shown. */
panic_fold panic_frame_fold(const panic_report *r, uint32_t i);

/* "panicked at src/level.rs:24:9: index out of bounds: the len is 3 but
 * the index is 3", as Rust 1.73+ words it (`panicked at FILE:LINE:COL`
 * alone without a message, `panicked: MESSAGE` without a location);
 * malloc'd, NULL when !found or out of memory. */
char *panic_line(const panic_report *r);

/* Whether `text` is what Rust's std printed of this same panic on stderr
 * (its default hook, on wasm32-wasi) and nothing else:
 *   thread 'main' panicked at 'MESSAGE', FILE:LINE:COL      (rustc < 1.73)
 *   thread 'main' panicked at FILE:LINE:COL:\nMESSAGE       (1.73 on)
 * each optionally followed by one "note: ..." line. Then panic_line says
 * all of it. */
bool panic_same_as_std(const panic_report *r, const char *text, size_t len);

/* The line that stands for `count` folded frames of one kind, without
 * indentation: "... 7 frames of panic machinery (--full-backtrace shows
 * them)"; what panic_fold_what says they are: "panic machinery", "the
 * Rust runtime's start". */
void panic_fold_line(char *buf, size_t size, panic_fold kind, uint32_t count);
const char *panic_fold_what(panic_fold kind);

#endif

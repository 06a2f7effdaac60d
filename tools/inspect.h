/* `wisp inspect CORE [--module M.wasm] [--json] [--memory ADDR[:LEN]]`:
 * prints the backtrace, globals and memories of a Wasm coredump (see
 * coredump_read.h for the format), with names, module offsets and DWARF
 * file:line when the module is given. The text is described in
 * tools/README.md; the frame lines are backtrace_fmt.h's. */
#ifndef WISP_TOOLS_INSPECT_H
#define WISP_TOOLS_INSPECT_H

/* Usage text of the subcommand (for `wisp help`). */
extern const char inspect_usage[];

/* argv[0] is "inspect"; the options and CORE follow. Returns the exit
 * status: 0, or 1 for a bad command line, an unreadable or damaged coredump
 * or module. Prints to stdout; errors to stderr as
 * "wisp: CORE: damaged coredump at 0x1a: <reason>". */
int inspect_main(int argc, char **argv);

#endif

/* The one command-line parser of every `wisp` command. A command lists its
 * options in a table and reads them one at a time:
 *
 *   enum { O_JSON = 1, O_MODULE };
 *   static const opt_spec specs[] = {
 *       {"--json", NULL, false, O_JSON},
 *       {"--module", NULL, true, O_MODULE},
 *       {NULL}};
 *   opt_parser p = opt_begin("inspect", argc, argv, 1, specs, true);
 *   const char *v;
 *   int id;
 *   while ((id = opt_next(&p, &v)) != OPT_END) switch (id) {
 *       case OPT_HELP: print usage, return 0;
 *       case OPT_BAD: return EXIT_BAD; (the message is printed)
 *       case OPT_OPERAND: v is a file name;
 *       case O_JSON: ...; case O_MODULE: v is the value;
 *   }
 *
 * Every command reads options the same way: `--name VALUE` or
 * `--name=VALUE`; `--help` and `-h`; `--` ends the options. An unknown
 * option or a missing value is reported as
 *   wisp: unknown option '--frob'
 *   run 'wisp inspect --help' for usage
 * With `interleaved` operands may stand between options (`wisp inspect
 * CORE --json`); without it the first operand ends the options and
 * everything from it on is left in argv (`wisp run M.wasm ARGS...`: the
 * guest's own arguments): opt_next returns OPT_END and p.i is its index. */
#ifndef WISP_TOOLS_OPTS_H
#define WISP_TOOLS_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct opt_spec {
    const char *name;  /* "--module"; NULL ends the table */
    const char *alias; /* a short form ("-o"), or NULL */
    bool takes_value;
    int id;            /* > 0: what opt_next returns for it */
} opt_spec;

enum { OPT_END = 0, OPT_OPERAND = -1, OPT_HELP = -2, OPT_BAD = -3 };

typedef struct opt_parser {
    const char *cmd; /* "run": for the usage hint */
    int argc;
    char **argv;
    int i;           /* next argv index to read */
    const opt_spec *specs;
    bool interleaved;
    bool operands_only; /* after "--" */
} opt_parser;

opt_parser opt_begin(const char *cmd, int argc, char **argv, int first, const opt_spec *specs,
                     bool interleaved);

/* The next option's id (value in *value when it takes one), OPT_OPERAND
 * (interleaved only, *value the operand), OPT_HELP, OPT_BAD (reported) or
 * OPT_END. */
int opt_next(opt_parser *p, const char **value);

/* Prints "wisp: MESSAGE" and the usage hint of p's command; returns 1, the
 * CLI's exit status for a bad command line. */
__attribute__((format(printf, 2, 3))) int opt_fail(const opt_parser *p, const char *fmt, ...);

/* Numbers as options take them; each false for anything else or an
 * overflow (the caller says what it expected). */
/* decimal digits only, at most max */
bool opt_uint(const char *s, uint64_t max, uint64_t *out);
/* a hex digit's value (0-9, a-f, A-F), or -1 */
int opt_hex_digit(char c);
/* decimal, or hex with 0x, of the bytes [s, end) */
bool opt_uint_hex(const char *s, const char *end, uint64_t *out);
/* "64M" -> 67108864: digits with an optional K, M or G (binary) suffix,
 * not 0 (--arena, --stack-slots, WISP_FILE_LIMIT) */
bool opt_size(const char *s, uint64_t *out);
/* --code-cache SIZE (wisp run, wisp play): opt_size's form, below 4 GiB;
 * -1 when it is good, else what opt_fail returns */
int opt_code_cache(const opt_parser *p, const char *s, size_t *out);
/* --arena SIZE (wisp run, wisp play): opt_size's form, within size_t; the
 * error's example is the command's default (e.g. "64M"); the same returns */
int opt_arena(const opt_parser *p, const char *s, const char *example, size_t *out);
/* a non-negative decimal number of seconds (strtod syntax), at most max */
bool opt_seconds(const char *s, double max, double *out);

#endif

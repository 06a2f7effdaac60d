/* What `wisp pull` prints on stderr: the progress line, the summary of a
 * pulled dump, and why a pull failed. Each takes the FILE to print to, so
 * the pull fuzzer (tests/fuzz/fuzz_pull.c) prints the same text for any
 * decoder state to a sink. */
#ifndef WISP_TOOLS_PULL_REPORT_H
#define WISP_TOOLS_PULL_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "pull_decode.h"

/* Why the input ended without a result. */
typedef enum pull_end { END_NONE, END_EOF, END_TIMEOUT, END_READ_ERROR } pull_end;

/* What the pull came to, for the messages. */
typedef struct pull_outcome {
    const char *src;        /* the port or the capture file */
    const char *out;        /* -o: where the dump goes */
    bool from_port;         /* src is a serial port (else a capture file) */
    bool request;           /* --request was given */
    double timeout;         /* --timeout, seconds */
    pd_status status;       /* the decoder's last result */
    pull_end ended;         /* why the input stopped (status PD_MORE) */
    int read_err;           /* errno, for END_READ_ERROR */
    unsigned skipped_live;  /* --stored: live dumps passed over */
} pull_outcome;

/* The updating line: "\r\033[K" then "waiting for a coredump on SRC ... 3 s"
 * or "[#####     ] 12.0 KiB / 40.0 KiB   30%  8.1 KiB/s" (30 columns of
 * bar, filled in proportion). `waited`: seconds since the start;
 * `dump_secs`: since the dump's header. */
void pull_print_progress(FILE *f, const pd_decoder *d, const char *src, double waited,
                         double dump_secs);
/* Erases the progress line. */
void pull_print_clear(FILE *f);

/* After PD_DONE and the file written: "wisp: OUT: N-byte coredump pulled
 * in S s (R/s), every CRC checked", and notes about dumps cut off before
 * it and `more` complete ones after it. */
void pull_print_done(FILE *f, const pd_decoder *d, const pull_outcome *o, double secs,
                     unsigned more);

/* Any other outcome: one "wisp: SRC: ...; nothing written to OUT" line. */
void pull_print_failure(FILE *f, const pd_decoder *d, const pull_outcome *o);

#endif

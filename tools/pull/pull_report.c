/* `wisp pull`'s messages; see pull_report.h. */
#include "pull_report.h"

#include <string.h>

#define BAR_WIDTH 30

static void human(double bytes, char *buf, size_t size)
{
    if (bytes < 1024)
        snprintf(buf, size, "%.0f B", bytes);
    else if (bytes < 1024 * 1024)
        snprintf(buf, size, "%.1f KiB", bytes / 1024);
    else
        snprintf(buf, size, "%.2f MiB", bytes / (1024 * 1024));
}

void pull_print_progress(FILE *f, const pd_decoder *d, const char *src, double waited,
                         double dump_secs)
{
    if (!d->in_dump) {
        fprintf(f, "\r\033[Kwaiting for a coredump on %s ... %.0f s", src, waited);
        return;
    }
    char got[32], total[32], rate[32];
    double secs = dump_secs > 0.001 ? dump_secs : 0.001;
    human(d->got, got, sizeof got);
    human(d->total, total, sizeof total);
    human(d->got / secs, rate, sizeof rate);
    /* got <= total is the decoder's promise; clamp anyway, a bar never overflows */
    double part = d->total && d->got < d->total ? (double)d->got / d->total : 1.0;
    int fill = (int)(part * BAR_WIDTH);
    fprintf(f, "\r\033[K[%.*s%*s] %s / %s  %3.0f%%  %s/s", fill,
            "##############################", BAR_WIDTH - fill, "", got, total, 100.0 * part,
            rate);
}

void pull_print_clear(FILE *f)
{
    fputs("\r\033[K", f);
}

void pull_print_done(FILE *f, const pd_decoder *d, const pull_outcome *o, double secs,
                     unsigned more)
{
    char rate[32];
    human(d->total / (secs > 0.001 ? secs : 0.001), rate, sizeof rate);
    fprintf(f, "wisp: %s: %u-byte coredump pulled in %.1f s (%s/s), every CRC checked",
            o->out, d->total, secs, rate);
    if (d->flags & 1)
        fprintf(f, "; the device's stored dump #%u", d->seq);
    fputc('\n', f);
    if (d->abandoned)
        fprintf(f, "wisp: note: %u earlier dump%s cut off (the last at %u of %u bytes): the "
                   "device started over\n",
                d->abandoned, d->abandoned == 1 ? " was" : "s were", d->abandoned_got,
                d->abandoned_total);
    if (more)
        fprintf(f, "wisp: note: %s holds %u more complete dump%s after this one; only the "
                   "first was written\n",
                o->src, more, more == 1 ? "" : "s");
}

void pull_print_failure(FILE *f, const pd_decoder *d, const pull_outcome *o)
{
    const char *src = o->src;
    char why[320];
    if (o->status == PD_MORE && !d->in_dump && o->skipped_live) {
        fprintf(f, "wisp: %s: no dump read back from a flash slot; %u streamed live at a trap "
                   "skipped (--stored); nothing written to %s\n",
                src, o->skipped_live, o->out);
        return;
    }
    if (o->status == PD_NONE) {
        fprintf(f, "wisp: %s: the device has no stored coredump\n", src);
        return;
    }
    if (o->status == PD_ERROR) {
        fprintf(f, "wisp: %s: %s; nothing written to %s\n", src, d->error, o->out);
        return;
    }
    pd_describe_end(d, why, sizeof why);
    if (o->ended == END_TIMEOUT)
        fprintf(f, "wisp: %s: timed out after %g s %s: %s; nothing written to %s%s\n", src,
                o->timeout, d->in_dump ? "without more of the dump" : "waiting for a coredump",
                why, o->out,
                d->in_dump || o->request ? "" : " (to ask for a stored dump: --request)");
    else if (o->ended == END_READ_ERROR)
        fprintf(f, "wisp: %s: cannot read: %s (%s); nothing written to %s\n", src,
                strerror(o->read_err), why, o->out);
    else if (o->from_port)
        fprintf(f, "wisp: %s: the port closed (device reset or unplugged?): %s; nothing "
                   "written to %s\n", src, why, o->out);
    else
        fprintf(f, "wisp: %s: %s; nothing written to %s\n", src, why, o->out);
}

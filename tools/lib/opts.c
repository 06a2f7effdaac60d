/* The command-line parser; see opts.h. */
#include "opts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

opt_parser opt_begin(const char *cmd, int argc, char **argv, int first, const opt_spec *specs,
                     bool interleaved)
{
    opt_parser p = {cmd, argc, argv, first, specs, interleaved, false};
    return p;
}

int opt_fail(const opt_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wisp: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nrun 'wisp %s --help' for usage\n", p->cmd);
    va_end(ap);
    return 1;
}

/* The spec whose name or alias is arg, or arg up to '=' for one that takes
 * a value (*eq then points at the '='). */
static const opt_spec *find(const opt_spec *specs, const char *arg, const char **eq)
{
    const char *e = strchr(arg, '=');
    size_t n = e ? (size_t)(e - arg) : strlen(arg);
    for (const opt_spec *s = specs; s->name; s++) {
        const char *names[2] = {s->name, s->alias};
        for (int k = 0; k < 2; k++) {
            if (!names[k])
                continue;
            if (!strcmp(arg, names[k])) {
                *eq = NULL;
                return s;
            }
            if (e && s->takes_value && strlen(names[k]) == n && !strncmp(arg, names[k], n)) {
                *eq = e;
                return s;
            }
        }
    }
    return NULL;
}

int opt_next(opt_parser *p, const char **value)
{
    *value = NULL;
    while (p->i < p->argc) {
        const char *arg = p->argv[p->i];
        bool is_option = !p->operands_only && arg[0] == '-' && arg[1] != '\0';
        if (!is_option) {
            if (!p->interleaved)
                return OPT_END;
            p->i++;
            *value = arg;
            return OPT_OPERAND;
        }
        p->i++;
        if (!strcmp(arg, "--")) {
            p->operands_only = true;
            if (!p->interleaved)
                return OPT_END;
            continue;
        }
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
            return OPT_HELP;
        const char *eq;
        const opt_spec *s = find(p->specs, arg, &eq);
        if (!s) {
            opt_fail(p, "unknown option '%s'", arg);
            return OPT_BAD;
        }
        if (!s->takes_value)
            return s->id;
        if (eq) {
            *value = eq + 1;
        } else if (p->i < p->argc) {
            *value = p->argv[p->i++];
        } else {
            opt_fail(p, "option %s needs a value", arg);
            return OPT_BAD;
        }
        return s->id;
    }
    return OPT_END;
}

bool opt_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t n = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        uint64_t d = (uint64_t)(*s - '0');
        if (*s < '0' || *s > '9' || n > (UINT64_MAX - d) / 10 || n * 10 + d > max)
            return false;
        n = n * 10 + d;
    }
    *out = n;
    return true;
}

int opt_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool opt_uint_hex(const char *s, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    unsigned base = 10;
    if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (s == end)
        return false;
    for (; s < end; s++) {
        const unsigned d = (unsigned)opt_hex_digit(*s); /* -1: above any base */
        if (d >= base)
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

bool opt_size(const char *s, uint64_t *out)
{
    uint64_t n = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (n > (UINT64_MAX - 9) / 10)
            return false;
        n = n * 10 + (uint64_t)(*p - '0');
    }
    unsigned shift = 0;
    switch (*p) {
    case 'k': case 'K': shift = 10; p++; break;
    case 'm': case 'M': shift = 20; p++; break;
    case 'g': case 'G': shift = 30; p++; break;
    default: break;
    }
    if (p == s || *p || n == 0 || n > (UINT64_MAX >> shift))
        return false;
    *out = n << shift;
    return true;
}

int opt_code_cache(const opt_parser *p, const char *s, size_t *out)
{
    uint64_t n;
    if (!opt_size(s, &n) || n > UINT32_MAX)
        return opt_fail(p, "bad --code-cache size '%s': expected a positive number "
                           "with an optional K or M suffix, e.g. 96K", s);
    *out = (size_t)n;
    return -1;
}

int opt_arena(const opt_parser *p, const char *s, const char *example, size_t *out)
{
    uint64_t n;
    if (!opt_size(s, &n) || n > SIZE_MAX)
        return opt_fail(p, "bad --arena size '%s': expected a positive number with an "
                           "optional K, M or G suffix, e.g. %s", s, example);
    *out = (size_t)n;
    return -1;
}

bool opt_seconds(const char *s, double max, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0) || v > max)
        return false;
    *out = v;
    return true;
}

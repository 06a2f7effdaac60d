/* A recursive-descent JSON syntax checker; see json_check.h. Strings are
 * checked for escapes and control characters, not for UTF-8 (the printer's
 * own tests do that). Depth is capped so hostile nesting cannot overflow
 * the C stack (the printer nests at most 4 levels). */
#include "json_check.h"

#include <string.h>

#define MAX_DEPTH 64

typedef struct jp {
    const char *s;
    size_t pos, len;
} jp;

static void ws(jp *p)
{
    while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]) && p->s[p->pos])
        p->pos++;
}

static bool lit(jp *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return false;
    p->pos += n;
    return true;
}

static bool digits(jp *p)
{
    size_t start = p->pos;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
        p->pos++;
    return p->pos > start;
}

static bool number(jp *p)
{
    if (p->pos < p->len && p->s[p->pos] == '-')
        p->pos++;
    if (p->pos < p->len && p->s[p->pos] == '0')
        p->pos++; /* no leading zeros */
    else if (!digits(p))
        return false;
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        if (!digits(p))
            return false;
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
            p->pos++;
        if (!digits(p))
            return false;
    }
    return true;
}

static bool string(jp *p)
{
    if (p->pos >= p->len || p->s[p->pos] != '"')
        return false;
    p->pos++;
    while (p->pos < p->len) {
        unsigned char c = (unsigned char)p->s[p->pos++];
        if (c == '"')
            return true;
        if (c < 0x20)
            return false;
        if (c != '\\')
            continue;
        if (p->pos >= p->len)
            return false;
        c = (unsigned char)p->s[p->pos++];
        if (c == 'u') {
            for (int i = 0; i < 4; i++, p->pos++)
                if (p->pos >= p->len || !strchr("0123456789abcdefABCDEF", p->s[p->pos]) ||
                    !p->s[p->pos])
                    return false;
        } else if (!strchr("\"\\/bfnrt", c) || !c) {
            return false;
        }
    }
    return false;
}

static bool value(jp *p, int depth);

/* [v, v] or {"k": v, "k": v} */
static bool container(jp *p, int depth, char close, bool object)
{
    p->pos++;
    ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return true;
    }
    for (;;) {
        ws(p);
        if (object) {
            if (!string(p))
                return false;
            ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':')
                return false;
            p->pos++;
        }
        if (!value(p, depth + 1))
            return false;
        ws(p);
        if (p->pos >= p->len)
            return false;
        char c = p->s[p->pos++];
        if (c == close)
            return true;
        if (c != ',')
            return false;
    }
}

static bool value(jp *p, int depth)
{
    ws(p);
    if (p->pos >= p->len || depth > MAX_DEPTH)
        return false;
    switch (p->s[p->pos]) {
    case '{': return container(p, depth, '}', true);
    case '[': return container(p, depth, ']', false);
    case '"': return string(p);
    case 't': return lit(p, "true");
    case 'f': return lit(p, "false");
    case 'n': return lit(p, "null");
    default: return number(p);
    }
}

bool json_check(const char *s, size_t len, size_t *at)
{
    jp p = {s, 0, len};
    bool ok = value(&p, 0);
    if (ok) {
        ws(&p);
        ok = p.pos == len;
    }
    *at = p.pos;
    return ok;
}

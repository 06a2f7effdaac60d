/* See guest.h. */
#include "guest.h"
#include "wisp_coredump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA (4u << 20)

_Noreturn static void die(const char *what, const char *detail)
{
    fprintf(stderr, "guest: %s: %s\n", what, detail);
    exit(2);
}

void guest_trap(guest *g, const char *path, const char *export, int32_t arg)
{
    memset(g, 0, sizeof *g);
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    g->wasm = malloc((size_t)n);
    if (!g->wasm || fread(g->wasm, 1, (size_t)n, f) != (size_t)n)
        die("cannot read", path);
    fclose(f);
    g->wasm_len = (size_t)n;
    g->arena_mem = malloc(ARENA);
    wisp_module *m;
    wisp_func *fn;
    if (!g->arena_mem || wisp_arena_init(&g->arena, g->arena_mem, ARENA) ||
        wisp_module_load(&g->arena, g->wasm, g->wasm_len, &m) ||
        wisp_instance_create(&g->arena, m, NULL, NULL, NULL, &g->inst) ||
        wisp_instance_find_func(g->inst, export, &fn))
        die("cannot instantiate", wisp_arena_error(&g->arena));
    wisp_value a = {.i32 = arg}, r;
    if (wisp_func_call(g->inst, fn, &a, 1, &r, 1) != WISP_ERR_TRAP)
        die("did not trap", export);
    g->opt.executable_name = path; /* as `wisp run` names it */
    g->opt.thread_name = "main";
    g->opt.format = WISP_COREDUMP_STANDARD;
}

typedef struct membuf {
    uint8_t *p;
    size_t len, cap;
} membuf;

static wisp_err mem_write(void *ctx, const uint8_t *bytes, size_t len)
{
    membuf *b = ctx;
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            return WISP_ERR_NOMEM;
    }
    memcpy(b->p + b->len, bytes, len);
    b->len += len;
    return WISP_OK;
}

uint8_t *guest_dump(guest *g, size_t *len)
{
    membuf b = {0};
    wisp_sink sink = {mem_write, &b};
    if (wisp_coredump_write(g->inst, &g->opt, &sink) != WISP_OK)
        die("coredump", "failed");
    *len = b.len;
    return b.p;
}

void guest_free(guest *g)
{
    free(g->wasm);
    free(g->arena_mem);
}

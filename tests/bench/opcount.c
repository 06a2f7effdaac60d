/* opcount: runs a guest on the profiling build of the core (-DWISP_PROFILE,
 * core/interp.c) and prints how many times each internal instruction ran
 * and each pair of instructions that ran one after the other, most
 * frequent first: the counts fusion decisions are made from
 * (tests/bench/README.md).
 *   opcount [--invoke NAME] [--top N] module.wasm [args...]
 * Without --invoke the module is a WASI command (_start); NAME must take
 * no parameters (the bench guests' `run`). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readfile.h"
#include "wasi.h"
#include "wisp.h"
#include "wisp_disasm.h"

static uint64_t *counts, *pairs; /* [op], [prev * nops + op] */
static uint32_t nops, prev = UINT32_MAX;

/* opcode words seen so far: word -> op (a directly threaded word is a
 * handler, found by a search the first time) */
#define CACHE 4096u
static struct { uint32_t word, op; bool used, simd; } cache[CACHE];

void wisp_profile_hook(const uint32_t *ip);
void wisp_profile_hook(const uint32_t *ip)
{
    uint32_t h = (ip[0] * 2654435761u) >> 20 & (CACHE - 1);
    while (cache[h].used && cache[h].word != ip[0])
        h = (h + 1) & (CACHE - 1);
    if (!cache[h].used) {
        const uint32_t op = wisp_disasm_word_op(ip[0]);
        cache[h].used = true;
        cache[h].word = ip[0];
        cache[h].op = op;
        /* the directly threaded SIMD ops share one handler (the first's) */
        cache[h].simd = op < nops && !strcmp(wisp_disasm_op_name(op), "V128_LOAD");
    }
    const uint32_t op = cache[h].simd ? wisp_disasm_insn_op(ip) : cache[h].op;
    if (op >= nops)
        return;
    counts[op]++;
    if (prev != UINT32_MAX)
        pairs[(uint64_t)prev * nops + op]++;
    prev = op;
}

typedef struct row { uint64_t n; uint32_t a, b; } row;

static int by_count(const void *x, const void *y)
{
    const row *p = x, *q = y;
    return p->n < q->n ? 1 : p->n > q->n ? -1 : (p->a != q->a ? (p->a < q->a ? -1 : 1) : (p->b > q->b) - (p->b < q->b));
}

static void print_table(uint64_t total, bool pair, uint32_t top)
{
    size_t n = 0, cap = pair ? (size_t)nops * nops : nops;
    row *rows = malloc(sizeof *rows * (cap ? cap : 1));
    for (size_t i = 0; i < cap; i++)
        if ((pair ? pairs : counts)[i])
            rows[n++] = (row){(pair ? pairs : counts)[i], (uint32_t)(pair ? i / nops : i),
                              (uint32_t)(pair ? i % nops : 0)};
    qsort(rows, n, sizeof *rows, by_count);
    printf("\n%s\n%14s %7s %7s  %s\n", pair ? "pairs (ran one after the other)" : "instructions",
           "count", "%", "cum%", pair ? "first -> second" : "op");
    uint64_t cum = 0;
    for (size_t i = 0; i < n && i < top; i++) {
        cum += rows[i].n;
        printf("%14" PRIu64 " %6.2f%% %6.2f%%  %s%s%s\n", rows[i].n, 100.0 * rows[i].n / total,
               100.0 * cum / total, wisp_disasm_op_name(rows[i].a), pair ? " -> " : "",
               pair ? wisp_disasm_op_name(rows[i].b) : "");
    }
    free(rows);
}

int main(int argc, char **argv)
{
    const char *invoke = NULL;
    uint32_t top = 40;
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (!strcmp(argv[i], "--invoke"))
            invoke = argv[i + 1];
        else if (!strcmp(argv[i], "--top"))
            top = (uint32_t)strtoul(argv[i + 1], NULL, 10);
        else
            break;
    }
    if (i >= argc || argv[i][0] == '-') {
        fprintf(stderr, "usage: opcount [--invoke NAME] [--top N] module.wasm [args...]\n");
        return 1;
    }
    nops = wisp_disasm_op_count();
    counts = calloc(nops, sizeof *counts);
    pairs = calloc((size_t)nops * nops, sizeof *pairs);
    size_t len, size = (size_t)1 << 30;
    const char *why = NULL;
    uint8_t *bytes = read_file(argv[i], &len, &why);
    void *mem = malloc(size);
    if (!bytes || !mem || !counts || !pairs) {
        fprintf(stderr, "opcount: %s: %s\n", argv[i], bytes ? "out of memory" : why);
        return 1;
    }
    wisp_arena arena;
    wisp_module *m;
    wisp_instance *inst;
    wasi_ctx wasi;
    wisp_func *f;
    wisp_arena_init(&arena, mem, size);
    wasi_init(&wasi, argc - i, argv + i);
    wisp_config cfg = {.value_stack_slots = 1u << 20, .call_depth = 65536};
    if (wisp_module_load(&arena, bytes, len, &m) || wasi_bind(&wasi, &arena, m) ||
        wisp_instance_create(&arena, m, &cfg, wasi_resolve, &wasi, &inst) ||
        wisp_instance_find_func(inst, invoke ? invoke : "_start", &f)) {
        fprintf(stderr, "opcount: %s: %s\n", argv[i], wisp_arena_error(&arena));
        return 1;
    }
    wisp_value res[1];
    const uint8_t *p, *r;
    uint32_t np, nr;
    wisp_func_type(f, &p, &np, &r, &nr);
    wisp_err e = wisp_func_call(inst, f, NULL, 0, res, nr > 1 ? 1 : nr);
    const char *how = e == WISP_OK ? "returned" : e == WISP_ERR_TRAP ? "stopped (trap or exit)" : wisp_err_str(e);
    uint64_t total = 0;
    for (uint32_t op = 0; op < nops; op++)
        total += counts[op];
    printf("%s: %s, %" PRIu64 " internal instructions ran\n", argv[i], how, total);
    if (total) {
        print_table(total, false, top);
        print_table(total > 1 ? total - 1 : 1, true, top);
    }
    return 0;
}

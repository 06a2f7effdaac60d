/* Test driver for the coredump writer: runs one export of a guest until it
 * traps, writes the dump through an instrumented sink into a file, and
 * prints what check.py compares the dump against:
 *   - the backtrace as the core's API reports it (bt / bt_local / bt_stack),
 *   - how the writer used the sink: the largest write and the address span
 *     of writes that did not come straight from guest memory (that is the
 *     writer's buffer), and the number of writes from guest memory,
 *   - the C stack the dump took: it runs on its own stack, painted with a
 *     pattern beforehand; the deepest overwritten byte gives the depth
 *     (writer + the core calls it makes + this sink),
 *   - the time it took, that a repeat gives the same bytes, that a sink
 *     error aborts the dump, and that memory changed mid-dump is detected.
 *
 * Usage: cd_dump MODULE.wasm EXPORT OUT.core [--format wasmgdb] [--depth N]
 *                [--arena-mib N] [--exe NAME] [--thread NAME] */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <ucontext.h>
#include "bt_text.h"
#include "readfile.h"
#include "wisp.h"
#include "wisp_coredump.h"

#define PAINT 0xcd
#define DUMP_STACK (256 * 1024)

static void die(const char *what)
{
    fprintf(stderr, "cd_dump: %s\n", what);
    exit(2);
}

static uint8_t *read_module(const char *path, size_t *len)
{
    const char *why;
    uint8_t *b = read_file(path, len, &why);
    if (!b)
        die(why);
    return b;
}

static wisp_err host_fail(wisp_instance *caller, void *user, const wisp_value *args,
                          wisp_value *results)
{
    (void)user;
    (void)results;
    if (args[0].i32 > 100)
        return wisp_host_trap(caller, "sprite id out of range");
    return WISP_OK;
}

static wisp_func *host_fail_fn;

static wisp_err resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    (void)ctx;
    if (imp->kind != WISP_EXTERN_FUNC || imp->name_len != 9 || memcmp(imp->name, "host_fail", 9))
        return WISP_ERR_NOT_FOUND;
    out->kind = WISP_EXTERN_FUNC;
    out->of.func = host_fail_fn;
    return WISP_OK;
}

/* ---- the instrumented sink ---- */

typedef struct test_sink {
    int fd;              /* -1: do not store */
    wisp_instance *inst; /* to tell guest memory from the writer's buffer */
    uint64_t bytes, calls, mem_writes, hash;
    size_t max_other;                 /* largest write not from guest memory */
    uintptr_t other_lo, other_hi;     /* address span of those writes */
    uint64_t fail_at;                 /* fail on this call (1-based); 0: never */
    int mutate, mutated;              /* on the first memory write, dirty a zero chunk */
    uint64_t calls_after_fail;
} test_sink;

static int in_guest_memory(wisp_instance *inst, const uint8_t *p, size_t len)
{
    for (uint32_t i = 0; i < wisp_instance_memory_count(inst); i++) {
        wisp_memory *m;
        if (wisp_instance_memory(inst, i, &m))
            continue;
        const uint8_t *d = wisp_memory_data(m);
        if (p >= d && p + len <= d + wisp_memory_size(m))
            return 1;
    }
    return 0;
}

static wisp_err sink_write(void *ctx, const uint8_t *bytes, size_t len)
{
    test_sink *s = ctx;
    s->calls++;
    if (s->fail_at && s->calls > s->fail_at)
        s->calls_after_fail++;
    if (s->fail_at && s->calls >= s->fail_at)
        return WISP_ERR_NOMEM;
    if (in_guest_memory(s->inst, bytes, len)) {
        s->mem_writes++;
        if (s->mutate) { /* dirty a zero chunk the writer has counted, not yet reached */
            wisp_memory *m;
            wisp_instance_memory(s->inst, 0, &m);
            uint8_t *d = wisp_memory_data(m);
            for (size_t at = wisp_memory_size(m); at >= 4096 && d + at > bytes + len; at -= 4096) {
                size_t k = 0;
                while (k < 4096 && !d[at - 4096 + k])
                    k++;
                if (k == 4096) {
                    d[at - 4096] = 1;
                    s->mutated = 1;
                    break;
                }
            }
            s->mutate = 0;
        }
    } else {
        uintptr_t lo = (uintptr_t)bytes, hi = lo + len;
        if (len > s->max_other)
            s->max_other = len;
        if (!s->other_lo || lo < s->other_lo)
            s->other_lo = lo;
        if (hi > s->other_hi)
            s->other_hi = hi;
    }
    for (size_t i = 0; i < len; i++)
        s->hash = (s->hash ^ bytes[i]) * 1099511628211ull;
    s->bytes += len;
    while (s->fd >= 0 && len) {
        ssize_t n = write(s->fd, bytes, len);
        if (n <= 0)
            return WISP_ERR_ARG;
        bytes += n;
        len -= (size_t)n;
    }
    return WISP_OK;
}

/* ---- the dump, on a painted stack ---- */

static struct {
    wisp_instance *inst;
    const wisp_coredump_options *opt;
    test_sink *sink;
    wisp_err result;
    double ms;
} job;

static void run_dump(void)
{
    wisp_sink sink = {sink_write, job.sink};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    job.result = wisp_coredump_write(job.inst, job.opt, &sink);
    clock_gettime(CLOCK_MONOTONIC, &b);
    job.ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

/* Returns the bytes of stack the dump used. */
static size_t dump_on_painted_stack(void)
{
    static ucontext_t main_ctx, dump_ctx;
    uint8_t *stack = malloc(DUMP_STACK);
    if (!stack)
        die("no memory for the stack");
    memset(stack, PAINT, DUMP_STACK);
    getcontext(&dump_ctx);
    dump_ctx.uc_stack.ss_sp = stack;
    dump_ctx.uc_stack.ss_size = DUMP_STACK;
    dump_ctx.uc_link = &main_ctx;
    makecontext(&dump_ctx, run_dump, 0);
    if (swapcontext(&main_ctx, &dump_ctx))
        die("swapcontext");
    size_t low = 0; /* the stack grows down: find the lowest byte touched */
    while (low < DUMP_STACK && stack[low] == PAINT)
        low++;
    free(stack);
    return DUMP_STACK - low;
}

static void print_backtrace(wisp_instance *inst)
{
    uint32_t n = wisp_backtrace_count(inst);
    printf("frames=%u\n", n);
    for (uint32_t i = 0; i < n; i++) {
        wisp_frame_info fi;
        if (wisp_backtrace_frame(inst, i, &fi))
            die("backtrace_frame failed");
        printf("bt %u host=%d func=%u modoff=%u codeoff=%u nlocals=%u nstack=%u\n", i,
               fi.module == NULL, fi.func_index, fi.module_offset, fi.code_offset, fi.nlocals,
               fi.nstack);
        for (int stack = 0; stack < 2; stack++)
            for (uint32_t j = 0; j < (stack ? fi.nstack : fi.nlocals); j++) {
                wisp_type t;
                wisp_value v;
                wisp_err e = stack ? wisp_backtrace_stack(inst, i, j, &t, &v)
                                   : wisp_backtrace_local(inst, i, j, &t, &v);
                if (e)
                    printf("bt_%s %u %u unknown\n", stack ? "stack" : "local", i, j);
                else
                    printf("bt_%s %u %u %s %llx\n", stack ? "stack" : "local", i, j, bt_type_name(t),
                           (unsigned long long)v.i64 &
                               (t == WISP_I32 || t == WISP_F32 ? 0xffffffffull : ~0ull));
            }
    }
}

int main(int argc, char **argv)
{
    if (argc < 4)
        die("usage: cd_dump MODULE.wasm EXPORT OUT.core [options]");
    wisp_coredump_options opt = {NULL, NULL, WISP_COREDUMP_STANDARD};
    wisp_config cfg = {0, 0, 0};
    size_t arena_mib = 4;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--format"))
            opt.format = strcmp(argv[i + 1], "wasmgdb") ? WISP_COREDUMP_STANDARD
                                                         : WISP_COREDUMP_WASMGDB;
        else if (!strcmp(argv[i], "--depth"))
            cfg.call_depth = (uint32_t)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--arena-mib"))
            arena_mib = (size_t)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--exe"))
            opt.executable_name = argv[i + 1];
        else if (!strcmp(argv[i], "--thread"))
            opt.thread_name = argv[i + 1];
        else
            die("unknown option");
    }

    size_t len;
    uint8_t *wasm = read_module(argv[1], &len);
    wisp_arena arena;
    void *mem = malloc(arena_mib << 20);
    wisp_arena_init(&arena, mem, arena_mib << 20);
    static const uint8_t i32[] = {WISP_I32};
    wisp_module *mod;
    wisp_instance *inst;
    wisp_func *f;
    if (wisp_func_new_host(&arena, i32, 1, NULL, 0, host_fail, NULL, "env.host_fail",
                           &host_fail_fn) ||
        wisp_module_load(&arena, wasm, len, &mod) ||
        wisp_instance_create(&arena, mod, &cfg, resolve, NULL, &inst) ||
        wisp_instance_find_func(inst, argv[2], &f)) {
        fprintf(stderr, "cd_dump: %s\n", wisp_arena_error(&arena));
        return 2;
    }
    wisp_value res[1];
    const uint8_t *p, *r;
    uint32_t np, nr;
    wisp_func_type(f, &p, &np, &r, &nr);
    wisp_err e = wisp_func_call(inst, f, NULL, 0, res, nr);
    wisp_trap_info trap;
    wisp_instance_trap(inst, &trap);
    printf("call=%s\ntrap=%s\n", wisp_err_str(e), e == WISP_ERR_TRAP ? trap.message : "none");
    print_backtrace(inst);

    /* The dump itself. */
    test_sink s;
    memset(&s, 0, sizeof s);
    s.inst = inst;
    s.hash = 14695981039346656037ull;
    s.fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (s.fd < 0)
        die("cannot create the dump file");
    job.inst = inst;
    job.opt = &opt;
    job.sink = &s;
    size_t stack = dump_on_painted_stack();
    close(s.fd);
    printf("result=%s\n", wisp_err_str(job.result));
    printf("buffer=%d\n", WISP_COREDUMP_BUFFER);
    printf("dump_bytes=%llu\nsink_calls=%llu\nmem_writes=%llu\n", (unsigned long long)s.bytes,
           (unsigned long long)s.calls, (unsigned long long)s.mem_writes);
    printf("max_write_outside_mem=%zu\nbuf_span=%zu\n", s.max_other,
           (size_t)(s.other_hi - s.other_lo));
    printf("stack_bytes=%zu\ndump_ms=%.3f\n", stack, job.ms);

    /* Again: the same bytes (nothing in the writer depends on history). */
    test_sink s2;
    memset(&s2, 0, sizeof s2);
    s2.inst = inst;
    s2.fd = -1;
    s2.hash = 14695981039346656037ull;
    wisp_sink sink2 = {sink_write, &s2};
    e = wisp_coredump_write(inst, &opt, &sink2);
    printf("repeat_identical=%d\n", !e && s2.hash == s.hash && s2.bytes == s.bytes);

    /* A sink error on the third call aborts the dump and is returned. */
    test_sink s3;
    memset(&s3, 0, sizeof s3);
    s3.inst = inst;
    s3.fd = -1;
    s3.fail_at = 3;
    wisp_sink sink3 = {sink_write, &s3};
    e = wisp_coredump_write(inst, &opt, &sink3);
    printf("abort_ok=%d\n", e == WISP_ERR_NOMEM && s3.calls == 3 && !s3.calls_after_fail);

    /* Memory that changes between the measuring and the writing pass. */
    if (s.mem_writes) {
        test_sink s4;
        memset(&s4, 0, sizeof s4);
        s4.inst = inst;
        s4.fd = -1;
        s4.mutate = 1;
        wisp_sink sink4 = {sink_write, &s4};
        e = wisp_coredump_write(inst, &opt, &sink4);
        if (s4.mutated)
            printf("mutate_detected=%d\n", e == WISP_ERR_ARG);
    }

    /* Bad arguments. */
    wisp_sink nowrite = {NULL, NULL};
    wisp_coredump_options badfmt = {NULL, NULL, (wisp_coredump_format)7};
    printf("bad_args_ok=%d\n", wisp_coredump_write(NULL, NULL, &sink2) == WISP_ERR_ARG &&
                                   wisp_coredump_write(inst, NULL, NULL) == WISP_ERR_ARG &&
                                   wisp_coredump_write(inst, NULL, &nowrite) == WISP_ERR_ARG &&
                                   wisp_coredump_write(inst, &badfmt, &sink2) == WISP_ERR_ARG);
    free(mem);
    free(wasm);
    return 0;
}

/* CoreMark-style matrix kernels on int16 inputs with int32 results: add and
 * multiply by a constant, matrix * vector, matrix * matrix, and matrix *
 * matrix with bit-field extraction; each result folded into the checksum the
 * way CoreMark's matrix_sum does (data-dependent branches). */
#include "bench.h"

#ifdef SMALL
#define N 12
#define REPS 18
#else
#define N 40
#define REPS 70
#endif

static int16_t A[N * N], B[N * N];
static int32_t C[N * N];

static uint32_t matrix_sum(const int32_t *c, int32_t clipval)
{
    int64_t tmp = 0;
    int32_t prev = 0;
    uint32_t ret = 0;
    for (int i = 0; i < N * N; i++) {
        int32_t cur = c[i];
        tmp += cur;
        if (tmp > clipval) { ret += 10; tmp = 0; }
        else ret += cur > prev ? 1 : 0;
        prev = cur;
    }
    return ret;
}

static void add_const(int16_t *a, int16_t v)
{
    for (int i = 0; i < N * N; i++) a[i] = (int16_t)(a[i] + v);
}

static void mul_const(int32_t *c, const int16_t *a, int16_t v)
{
    for (int i = 0; i < N * N; i++) c[i] = (int32_t)a[i] * v;
}

static void mul_vect(int32_t *c, const int16_t *a, const int16_t *b)
{
    for (int i = 0; i < N; i++) {
        int32_t s = 0;
        for (int j = 0; j < N; j++) s += (int32_t)a[i * N + j] * b[j];
        c[i] = s;
    }
}

static void mul_matrix(int32_t *c, const int16_t *a, const int16_t *b)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int k = 0; k < N; k++) s += (int32_t)a[i * N + k] * b[k * N + j];
            c[i * N + j] = s;
        }
}

static void mul_matrix_bitextract(int32_t *c, const int16_t *a, const int16_t *b)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int k = 0; k < N; k++) {
                int32_t t = (int32_t)a[i * N + k] * b[k * N + j];
                s += ((t >> 2) & 0xf) * ((t >> 5) & 0x7f);
            }
            c[i * N + j] = s;
        }
}

BENCH_RUN
{
    uint32_t seed = 0x1234567u, h = 0;
    for (int i = 0; i < N * N; i++) {
        A[i] = (int16_t)((rnd(&seed) & 0x3ff) - 0x200);
        B[i] = (int16_t)((rnd(&seed) & 0x3ff) - 0x200);
    }
    for (int r = 0; r < REPS; r++) {
        int16_t v = (int16_t)(r & 0xff) | 0x10;
        int32_t clip = 0x100000 + r;
        add_const(A, v);
        mul_const(C, A, v);
        h = mix(h, matrix_sum(C, clip));
        mul_vect(C, A, B);
        h = mix(h, matrix_sum(C, clip));
        mul_matrix(C, A, B);
        h = mix(h, matrix_sum(C, clip));
        mul_matrix_bitextract(C, A, B);
        h = mix(h, matrix_sum(C, clip));
        add_const(A, (int16_t)-v);
        B[r % (N * N)] ^= (int16_t)r;
    }
    return h;
}

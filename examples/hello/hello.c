/* hello: the demo guest bundled with wisp (built as hello.wasm for
 * wasm32-wasi). It exercises what the CLI's WASI layer provides: argv,
 * stdout, the monotonic clock, random_get, exit codes and stdin, and runs
 * a few frames of Conway's game of life as a tiny "game loop".
 *
 *   wisp run hello.wasm [words...]   greet, echo the words, play 4 frames
 *   wisp run hello.wasm --exit=N     the same, then exit(N)
 *   wisp run hello.wasm --cat        copy stdin to stdout, count lines
 *
 * Everything it prints is deterministic except the line starting with
 * "elapsed:", so tests can compare the rest verbatim. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define W 12
#define H 8
#define FRAMES 4

typedef unsigned char grid[H][W];

static int neighbours(grid g, int y, int x)
{
    int n = 0;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
            if (dy || dx)
                n += g[(y + dy + H) % H][(x + dx + W) % W]; /* a torus */
    return n;
}

static void step(grid from, grid to)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int n = neighbours(from, y, x);
            to[y][x] = n == 3 || (n == 2 && from[y][x]);
        }
}

static int population(grid g)
{
    int n = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            n += g[y][x];
    return n;
}

static void draw(grid g, int frame)
{
    printf("frame %d (population %d)\n", frame, population(g));
    for (int y = 0; y < H; y++) {
        char row[W + 1];
        for (int x = 0; x < W; x++)
            row[x] = g[y][x] ? '#' : '.';
        row[W] = '\0';
        printf("  %s\n", row);
    }
}

/* FNV-1a over the final board: 64-bit multiplies, so a wrong i64 op in
 * the interpreter shows up as a different checksum. */
static uint64_t checksum(grid g)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            h ^= g[y][x];
            h *= 0x100000001b3u;
        }
    return h;
}

/* Leibniz series: a deterministic floating-point workout. */
static double leibniz_pi(int terms)
{
    double sum = 0;
    for (int k = 0; k < terms; k++)
        sum += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
    return sum;
}

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cat(void)
{
    char buf[256];
    size_t n;
    long lines = 0;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        fwrite(buf, 1, n, stdout);
        for (size_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
    }
    printf("cat: %ld lines\n", lines);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--cat") == 0)
        return cat();

    printf("hello from wisp! (a wasm32-wasi guest)\n");
    printf("argc = %d\n", argc);
    for (int i = 0; i < argc; i++) /* argv[0]: the module path */
        printf("argv[%d] = %s\n", i, argv[i]);

    long long start = now_us();
    static grid a, b;
    /* A glider: after 4 frames it is the same shape, one cell down-right. */
    a[1][2] = a[2][3] = a[3][1] = a[3][2] = a[3][3] = 1;
    unsigned char (*cur)[W] = a, (*next)[W] = b;
    for (int frame = 0; frame <= FRAMES; frame++) {
        if (frame == 0 || frame == FRAMES)
            draw(cur, frame);
        step(cur, next);
        unsigned char (*t)[W] = cur;
        cur = next;
        next = t;
    }
    printf("checksum: 0x%016llx\n", (unsigned long long)checksum(cur));
    printf("pi ~ %.9f\n", leibniz_pi(10000));

    unsigned char noise[16];
    printf("random: %s\n", getentropy(noise, sizeof noise) == 0 ? "ok" : "failed");
    printf("elapsed: %lld us\n", now_us() - start);

    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--exit=", 7) == 0) {
            printf("exiting with status %d\n", atoi(argv[i] + 7));
            exit(atoi(argv[i] + 7));
        }
    return 0;
}

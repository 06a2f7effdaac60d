/* Rock Rain: the console demo's game (boards/common/console.c runs it).
 * Rocks fall in waves, the ship at the bottom dodges and shoots them.
 * Every 16 frames the game retunes its difficulty from the rocks on
 * screen, and that code has the bug this demo is about: when a wave is
 * cleared the screen is empty and it divides by zero (a few hundred frames
 * in), which a tester would only ever see as "the game froze". With wisp the console
 * prints where, with which values, and hands over a coredump.
 *
 * Built with clang-14 --target=wasm32 -O2 -g, linked by wasm-ld-14 without
 * wasm-opt so the name section stays. */
#include "console.h"

#define MAX_ROCKS 16
#define MAX_SHOTS 4
#define WAVE_LEN 40    /* frames of a wave in which rocks spawn */
#define WAVE_PAUSE 90  /* frames between wave starts with nothing spawned after WAVE_LEN */
#define SHIP_Y 146

typedef struct rock {
    int x, y, size, speed;
} rock;

typedef struct shot {
    int x, y, live;
} shot;

static rock rocks[MAX_ROCKS];
static int nrocks;
static shot shots[MAX_SHOTS];
static int ship_x = SCREEN_W / 2;
static int frame, score, hits, spawn_every = 6, fall_boost;

static void say(const char *s)
{
    int n = 0;
    while (s[n])
        n++;
    log_text(s, n);
}

/* "frame 32: score 4, rocks 6" without printf. */
static char *put_num(char *p, int v)
{
    char tmp[12];
    int n = 0;
    if (v < 0) {
        *p++ = '-';
        v = -v;
    }
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static void report(void)
{
    char line[64], *p = line;
    p = put_str(p, "frame ");
    p = put_num(p, frame);
    p = put_str(p, ": score ");
    p = put_num(p, score);
    p = put_str(p, ", rocks ");
    p = put_num(p, nrocks);
    log_text(line, (int)(p - line));
}

static void spawn_rock(void)
{
    if (nrocks == MAX_ROCKS)
        return;
    uint32_t r = (uint32_t)random_u32();
    rock *k = &rocks[nrocks++];
    k->size = 6 + (int)(r % 10);
    k->x = (int)((r >> 8) % (uint32_t)(SCREEN_W - k->size));
    k->y = -k->size;
    k->speed = 1 + (int)((r >> 20) % 3) + fall_boost;
}

static void remove_rock(int i)
{
    rocks[i] = rocks[--nrocks];
}

static void move_ship(int held)
{
    if (held & BTN_LEFT && ship_x > 6)
        ship_x -= 3;
    if (held & BTN_RIGHT && ship_x < SCREEN_W - 6)
        ship_x += 3;
    if (held & BTN_A) {
        for (int i = 0; i < MAX_SHOTS; i++) {
            if (!shots[i].live) {
                shots[i].x = ship_x;
                shots[i].y = SHIP_Y - 4;
                shots[i].live = 1;
                break;
            }
        }
    }
}

static void move_shots(void)
{
    for (int i = 0; i < MAX_SHOTS; i++) {
        shot *s = &shots[i];
        if (!s->live)
            continue;
        s->y -= 6;
        if (s->y < 0) {
            s->live = 0;
            continue;
        }
        for (int k = 0; k < nrocks; k++) {
            rock *r = &rocks[k];
            if (s->x >= r->x && s->x < r->x + r->size && s->y >= r->y &&
                s->y < r->y + r->size) {
                s->live = 0;
                score += 10 - r->size / 2;
                hits++;
                remove_rock(k);
                break;
            }
        }
    }
}

static void move_rocks(void)
{
    for (int i = 0; i < nrocks;) {
        rocks[i].y += rocks[i].speed;
        if (rocks[i].y >= SCREEN_H)
            remove_rock(i);
        else
            i++;
    }
}

/* The mean fall speed of the rocks on screen. */
__attribute__((noinline)) static int mean_speed(const rock *list, int count)
{
    int total = 0;
    for (int i = 0; i < count; i++)
        total += list[i].speed;
    return total / count; /* the bug: count is 0 between waves */
}

/* Faster rocks when the player keeps up, slower spawning when not. */
__attribute__((noinline)) static void tune_difficulty(int wave_frame)
{
    int speed = mean_speed(rocks, nrocks);
    if (hits * 4 > wave_frame && speed < 4)
        fall_boost++;
    else if (spawn_every < 12)
        spawn_every++;
}

void boot(void)
{
    say("Rock Rain: dodge and shoot (A fires)");
    for (int i = 0; i < 3; i++)
        spawn_rock();
}

void update(void)
{
    frame++;
    int wave_frame = frame % WAVE_PAUSE;
    move_ship(buttons());
    if (wave_frame < WAVE_LEN && wave_frame % spawn_every == 0)
        spawn_rock();
    move_shots();
    move_rocks();
    if (frame % 16 == 0)
        tune_difficulty(wave_frame);
    if (frame % 32 == 0)
        report();
}

void render(void)
{
    clear_screen(NAVY);
    for (int i = 0; i < 24; i++) /* stars drifting down */
        set_pixel((i * 97) % SCREEN_W, (i * 53 + frame / 2) % SCREEN_H, LIGHT_GRAY);
    for (int i = 0; i < nrocks; i++)
        fill_rect(rocks[i].x, rocks[i].y, rocks[i].size, rocks[i].size, BROWN);
    for (int i = 0; i < MAX_SHOTS; i++)
        if (shots[i].live)
            fill_rect(shots[i].x, shots[i].y, 1, 4, YELLOW);
    fill_rect(ship_x - 5, SHIP_Y, 11, 6, WHITE);
    fill_rect(ship_x - 1, SHIP_Y - 3, 3, 3, RED);
    fill_rect(0, 0, score % SCREEN_W, 2, LIME);
}

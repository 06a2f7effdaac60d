/* Float (f32): a small ray tracer, as a game's software 3-D would do with
 * single precision: spheres over a checkered plane, one point light, diffuse
 * and specular-ish shading, hard shadows, one mirror bounce. Only + - * / and
 * sqrtf, so every IEEE-754 platform gets the same bits. */
#include "bench.h"

#ifdef SMALL
#define IW 24
#define IH 16
#define FRAMES 1
#else
#define IW 120
#define IH 80
#define FRAMES 12
#endif

typedef struct { float x, y, z; } vec;

static inline vec v(float x, float y, float z) { vec r = {x, y, z}; return r; }
static inline vec add(vec a, vec b) { return v(a.x + b.x, a.y + b.y, a.z + b.z); }
static inline vec sub(vec a, vec b) { return v(a.x - b.x, a.y - b.y, a.z - b.z); }
static inline vec scale(vec a, float s) { return v(a.x * s, a.y * s, a.z * s); }
static inline float dot(vec a, vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline vec norm(vec a) { return scale(a, 1.0f / __builtin_sqrtf(dot(a, a))); }

#define NS 5
typedef struct { vec c; float r; vec col; float refl; } sphere;
static sphere sp[NS];
static uint8_t image[IW * IH * 3];

/* Nearest hit along o + t*d (d normalized); -1: sky, NS: plane y = 0. */
static int hit(vec o, vec d, float *tout)
{
    int best = -1;
    float bt = 1e30f;
    for (int i = 0; i < NS; i++) {
        vec oc = sub(o, sp[i].c);
        float b = dot(oc, d), c = dot(oc, oc) - sp[i].r * sp[i].r;
        float disc = b * b - c;
        if (disc > 0) {
            float t = -b - __builtin_sqrtf(disc);
            if (t > 1e-3f && t < bt) { bt = t; best = i; }
        }
    }
    if (d.y < -1e-6f) {
        float t = -o.y / d.y;
        if (t > 1e-3f && t < bt) { bt = t; best = NS; }
    }
    *tout = bt;
    return best;
}

static vec trace(vec o, vec d, int depth, vec light)
{
    float t;
    int k = hit(o, d, &t);
    if (k < 0) return v(0.2f + 0.3f * d.y, 0.3f + 0.3f * d.y, 0.6f + 0.4f * d.y);
    vec p = add(o, scale(d, t)), n, col;
    float refl;
    if (k == NS) {
        n = v(0, 1, 0);
        int cx = (int)(p.x + 1000.0f), cz = (int)(p.z + 1000.0f);
        col = (cx + cz) & 1 ? v(0.9f, 0.9f, 0.9f) : v(0.2f, 0.3f, 0.2f);
        refl = 0.2f;
    } else {
        n = scale(sub(p, sp[k].c), 1.0f / sp[k].r);
        col = sp[k].col;
        refl = sp[k].refl;
    }
    vec l = norm(sub(light, p));
    float diff = dot(n, l), shade = 0.1f;
    if (diff > 0) {
        float ts;
        int s = hit(p, l, &ts);
        if (s < 0) {
            vec hv = norm(sub(l, d));
            float spec = dot(n, hv);
            spec = spec > 0 ? spec * spec : 0;
            spec = spec * spec;
            spec = spec * spec;
            shade += diff + 0.5f * spec;
        }
    }
    vec c = scale(col, shade);
    if (depth > 0 && refl > 0) {
        vec r = sub(d, scale(n, 2 * dot(d, n)));
        c = add(scale(c, 1 - refl), scale(trace(p, r, depth - 1, light), refl));
    }
    return c;
}

static uint8_t to8(float f)
{
    if (f <= 0) return 0;
    if (f >= 1) return 255;
    return (uint8_t)(f * 255.0f);
}

BENCH_RUN
{
    uint32_t h = 0;
    for (int i = 0; i < NS; i++) {
        float a = (float)i;
        sp[i].c = v(-3.0f + 1.5f * a, 0.6f + 0.25f * a, 6.0f + (float)(i & 1) * 1.5f);
        sp[i].r = 0.6f + 0.1f * a;
        sp[i].col = v(0.3f + 0.15f * a, 0.9f - 0.15f * a, 0.5f + 0.1f * (float)(i & 2));
        sp[i].refl = i & 1 ? 0.5f : 0.1f;
    }
    for (int f = 0; f < FRAMES; f++) {
        vec eye = v(0.25f * (float)f, 1.5f, -1.0f);
        vec light = v(4.0f - (float)f, 7.0f, -2.0f);
        for (int y = 0; y < IH; y++)
            for (int x = 0; x < IW; x++) {
                vec d = norm(v(((float)x - IW / 2) / IH, ((float)(IH / 2 - y)) / IH - 0.2f, 1.0f));
                vec c = trace(eye, d, 2, light);
                uint8_t *px = image + (y * IW + x) * 3;
                px[0] = to8(c.x); px[1] = to8(c.y); px[2] = to8(c.z);
            }
        uint32_t s = 0;
        for (int i = 0; i < IW * IH * 3; i++) s = s * 31u + image[i];
        h = mix(h, s);
    }
    return h;
}

/* WASM-4's sound unit: two pulse channels (duty 1/8, 1/4, 1/2, 3/4), a
 * triangle and a noise channel, each with an attack/decay/sustain/release
 * envelope, a frequency slide, a pan, and frequencies given in Hz or as
 * MIDI notes. tone()'s packing (the WASM-4 documentation):
 *   frequency  bits 0-15 the start, 16-31 the end of a slide (0: none);
 *              in note mode each is a note (low byte) and a bend in 1/256
 *              of a semitone (high byte)
 *   duration   frames of attack (bits 24-31), decay (16-23), release
 *              (8-15) and sustain (0-7)
 *   volume     peak (bits 8-15; 0: the maximum) and sustain (0-7), 0-100
 *   flags      channel (bits 0-1), pulse duty (2-3), pan (4-5: centre,
 *              left, right), note mode (bit 6)
 * Loudness as the reference's: a pulse or noise channel at most 0x1333, the
 * triangle 0x2000 (about 15% and 25% of full scale). No libm: the notes'
 * frequencies come from a table of the twelve semitones. */
#include "w4_apu.h"

#define LOUD 0x1333
#define LOUD_TRIANGLE 0x2000

void w4_apu_init(wisp_w4_apu *apu, uint32_t rate)
{
    uint8_t *p = (uint8_t *)apu;
    for (uint32_t i = 0; i < sizeof *apu; i++)
        p[i] = 0;
    apu->rate = rate ? rate : 44100;
    apu->channel[3].seed = 1;
}

/* 2^(k/12) for k = 0..11 */
static const float semitone[12] = {
    1.0f,         1.059463094f, 1.122462048f, 1.189207115f, 1.259921050f, 1.334839854f,
    1.414213562f, 1.498307077f, 1.587401052f, 1.681792831f, 1.781797436f, 1.887748625f,
};

/* A MIDI note (69 = A4, 440 Hz) bent up by bend/256 of a semitone. */
static float note_hz(unsigned note, unsigned bend)
{
    int k = (int)note - 69;
    int octave = k >= 0 ? k / 12 : -((11 - k) / 12);
    unsigned step = (unsigned)(k - 12 * octave);
    float f = 440.0f * semitone[step];
    /* the bend, linear between this semitone and the next: < 0.03% off */
    f += f * (semitone[1] - 1.0f) * (float)bend / 256.0f;
    for (; octave > 0; octave--)
        f *= 2.0f;
    for (; octave < 0; octave++)
        f *= 0.5f;
    return f;
}

static float tone_hz(uint32_t v, bool note)
{
    return note ? note_hz(v & 0xff, (v >> 8) & 0xff) : (float)v;
}

void w4_apu_tone(wisp_w4_apu *apu, uint32_t frequency, uint32_t duration, uint32_t volume,
                 uint32_t flags)
{
    const unsigned index = flags & 3u;
    wisp_w4_channel *c = &apu->channel[index];
    const bool note = flags & 0x40u;
    const uint32_t f1 = frequency & 0xffff, f2 = frequency >> 16;
    const uint64_t per_frame = apu->rate; /* samples in n frames: rate * n / 60 */
    const uint32_t attack = duration >> 24, decay = (duration >> 16) & 0xff;
    const uint32_t release = (duration >> 8) & 0xff, sustain = duration & 0xff;
    uint32_t level = volume & 0xff, peak = (volume >> 8) & 0xff;
    level = level < 100 ? level : 100;
    peak = peak < 100 ? peak : 100;

    if (apu->time >= c->release_end) /* silent: start the wave afresh */
        c->phase = index == 2 ? 0.25f : 0.0f;
    c->freq1 = tone_hz(f1, note);
    c->freq2 = f2 ? tone_hz(f2, note) : 0.0f;
    c->start = apu->time;
    c->attack_end = c->start + per_frame * attack / 60;
    c->decay_end = c->attack_end + per_frame * decay / 60;
    c->sustain_end = c->decay_end + per_frame * sustain / 60;
    c->release_end = c->sustain_end + per_frame * release / 60;
    if (index == 2 && release == 0) /* a hard stop of the triangle pops: 1 ms to fade */
        c->release_end += apu->rate / 1000;
    const int32_t loud = index == 2 ? LOUD_TRIANGLE : LOUD;
    c->level = loud * (int32_t)level / 100;
    c->peak = peak ? loud * (int32_t)peak / 100 : loud;
    static const float duty[4] = {0.125f, 0.25f, 0.5f, 0.75f};
    c->duty = duty[(flags >> 2) & 3u];
    c->pan = (uint8_t)((flags >> 4) & 3u);
}

/* v1 to v2 as time goes from t1 to t2 */
static int32_t ramp(uint64_t now, int32_t v1, int32_t v2, uint64_t t1, uint64_t t2)
{
    if (t2 <= t1)
        return v2;
    const float t = (float)(now - t1) / (float)(t2 - t1);
    return v1 + (int32_t)(t * (float)(v2 - v1));
}

static int32_t envelope(const wisp_w4_channel *c, uint64_t now)
{
    if (now >= c->sustain_end)
        return ramp(now, c->level, 0, c->sustain_end, c->release_end);
    if (now >= c->decay_end)
        return c->level;
    if (now >= c->attack_end)
        return ramp(now, c->peak, c->level, c->attack_end, c->decay_end);
    return ramp(now, 0, c->peak, c->start, c->attack_end);
}

/* The step of a pulse softened over one sample on each side (a polynomial
 * band-limited step), so high notes do not alias. */
static float soft_edge(float phase, float inc)
{
    if (phase < inc) {
        const float t = phase / inc;
        return t + t - t * t;
    }
    if (phase > 1.0f - inc) {
        const float t = (phase - (1.0f - inc)) / inc;
        return 1.0f - (t + t - t * t);
    }
    return 1.0f;
}

static int32_t sample(wisp_w4_apu *apu, unsigned index, wisp_w4_channel *c)
{
    const uint64_t now = apu->time;
    float hz = c->freq1;
    if (c->freq2 > 0.0f && c->release_end > c->start)
        hz += (c->freq2 - c->freq1) * (float)(now - c->start) / (float)(c->release_end - c->start);
    const int32_t volume = envelope(c, now);
    if (index == 3) {
        /* the shift register steps hz^2 * 0.0441 times a second */
        c->phase += hz * hz * 0.0441f / (float)apu->rate;
        if (c->phase > 1024.0f) /* past 32 kHz the steps are inaudible: bounded work */
            c->phase = 1024.0f;
        while (c->phase > 0.0f) {
            c->phase -= 1.0f;
            c->seed ^= (uint16_t)(c->seed >> 7);
            c->seed ^= (uint16_t)(c->seed << 9);
            c->seed ^= (uint16_t)(c->seed >> 13);
            c->noise = (int16_t)(2 * (c->seed & 1) - 1);
        }
        return volume * c->noise;
    }
    const float inc = hz / (float)apu->rate;
    c->phase += inc;
    if (c->phase >= 1.0f)
        c->phase -= 1.0f;
    if (index == 2) {
        const float tri = 2.0f * c->phase - 1.0f;
        return (int32_t)((float)volume * (2.0f * (tri < 0 ? -tri : tri) - 1.0f));
    }
    if (c->phase < c->duty)
        return (int32_t)((float)volume * soft_edge(c->phase / c->duty, inc / c->duty));
    return (int32_t)((float)-volume *
                     soft_edge((c->phase - c->duty) / (1.0f - c->duty), inc / (1.0f - c->duty)));
}

static int16_t clamp16(int32_t v)
{
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

void w4_apu_samples(wisp_w4_apu *apu, int16_t *stereo, uint32_t frames)
{
    for (uint32_t i = 0; i < frames; i++, apu->time++) {
        int32_t left = 0, right = 0;
        for (unsigned k = 0; k < 4; k++) {
            wisp_w4_channel *c = &apu->channel[k];
            if (apu->time >= c->release_end)
                continue;
            const int32_t s = sample(apu, k, c);
            if (c->pan != 2)
                left += s;
            if (c->pan != 1)
                right += s;
        }
        stereo[2 * i] = clamp16(left);
        stereo[2 * i + 1] = clamp16(right);
    }
}

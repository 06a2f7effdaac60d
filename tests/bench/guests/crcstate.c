/* CoreMark-style state machine: classify comma-separated numbers (int,
 * float, scientific, invalid) with a switch per character, corrupt the input,
 * classify again, restore; CRC-16 (bitwise, as CoreMark's crcu8) over the
 * counts and table CRC-32 over the buffer. */
#include "bench.h"

#ifdef SMALL
#define BUF 512
#define REPS 24
#else
#define BUF 4096
#define REPS 1000
#endif

enum { START, INVALID, S1, S2, INT, FLOAT, EXPONENT, SCIENTIFIC, NSTATES };

static uint8_t buf[BUF];
static uint32_t crc_table[256];

static const char *const pats[16] = {
    "5012", "1234", "-874", "+122",
    "35.54400", ".1234500", "-110.700", "+0.64400",
    "5.500e+3", "-.123e-2", "-87e+832", "+0.6e-12",
    "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^",
};

static inline int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

static int transition(const uint8_t **instr, uint32_t *tc)
{
    const uint8_t *str = *instr;
    int state = START;
    for (; *str && state != INVALID; str++) {
        uint8_t c = *str;
        if (c == ',') { str++; break; }
        switch (state) {
        case START:
            if (is_digit(c)) state = INT;
            else if (c == '+' || c == '-') state = S1;
            else if (c == '.') state = FLOAT;
            else { state = INVALID; tc[INVALID]++; }
            tc[START]++;
            break;
        case S1:
            if (is_digit(c)) state = INT;
            else if (c == '.') state = FLOAT;
            else state = INVALID;
            tc[S1]++;
            break;
        case INT:
            if (c == '.') { state = FLOAT; tc[INT]++; }
            else if (!is_digit(c)) { state = INVALID; tc[INT]++; }
            break;
        case FLOAT:
            if (c == 'E' || c == 'e') { state = S2; tc[FLOAT]++; }
            else if (!is_digit(c)) { state = INVALID; tc[FLOAT]++; }
            break;
        case S2:
            if (c == '+' || c == '-') state = EXPONENT;
            else state = INVALID;
            tc[S2]++;
            break;
        case EXPONENT:
            if (is_digit(c)) state = SCIENTIFIC;
            else state = INVALID;
            tc[EXPONENT]++;
            break;
        case SCIENTIFIC:
            if (!is_digit(c)) { state = INVALID; tc[INVALID]++; }
            break;
        }
    }
    *instr = str;
    return state;
}

static void scan(uint32_t *final, uint32_t *tc)
{
    const uint8_t *p = buf;
    while (*p) final[transition(&p, tc)]++;
}

static uint16_t crcu8(uint8_t data, uint16_t crc)
{
    for (int i = 0; i < 8; i++) {
        uint8_t x16 = (uint8_t)((data & 1) ^ ((uint8_t)crc & 1));
        data >>= 1;
        if (x16 == 1) { crc ^= 0x4002; crc = (uint16_t)((crc >> 1) | 0x8000); }
        else crc >>= 1;
    }
    return crc;
}

static uint16_t crcu32(uint32_t v, uint16_t crc)
{
    crc = crcu8((uint8_t)v, crc);
    crc = crcu8((uint8_t)(v >> 8), crc);
    crc = crcu8((uint8_t)(v >> 16), crc);
    return crcu8((uint8_t)(v >> 24), crc);
}

static uint32_t crc32(const uint8_t *p, uint32_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--) c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

BENCH_RUN
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    uint32_t seed = 0xace1u, n = 0;
    while (n < BUF - 10) {
        const char *s = pats[rnd(&seed) & 15];
        while (*s && n < BUF - 2) buf[n++] = (uint8_t)*s++;
        buf[n++] = ',';
    }
    while (n < BUF) buf[n++] = 0;

    uint16_t crc = 0;
    uint32_t h = 0;
    for (int r = 0; r < REPS; r++) {
        uint32_t final[NSTATES] = {0}, tc[NSTATES] = {0};
        uint8_t key = (uint8_t)(r | 1);
        int step = 3 + (r & 7);
        scan(final, tc);
        for (int i = 0; i < BUF && buf[i]; i += step)
            if (buf[i] != ',') buf[i] ^= key;
        scan(final, tc);
        for (int i = 0; i < BUF && buf[i]; i += step)
            if (buf[i] != ',') buf[i] ^= key;
        for (int i = 0; i < NSTATES; i++) {
            crc = crcu32(final[i], crc);
            crc = crcu32(tc[i], crc);
        }
        h = mix(h, crc32(buf, BUF));
    }
    return mix(h, crc);
}

/* PWM audio; see audio.h. The DMA timer 0 fires at clk_sys * X / Y =
 * 125 MHz / 11338 = 11,024.9 Hz (the console makes 11,025: 9 ppm slow),
 * each firing moves one 16-bit sample into the slice's CC register (a
 * narrow write is replicated to both halves: A and B get it), which the
 * PWM takes at its next wrap. A frame's samples fill one of two buffers
 * while the DMA plays the other; the next transfer starts when the last
 * one ends, so the frames keep the sound's pace (60 a second) and the gap
 * between two frames' samples is a few cycles. Between samples, and while
 * it waits, `poll` runs: the LCD's lines go out meanwhile (lcd.c). */
#include "audio.h"

#include "regs.h"

#define PIN_AUDIO 28u
#define SLICE 6u      /* GP28: slice 6, channel A */
#define TOP 2047u     /* 11 bits: 125 MHz / 2048 = 61 kHz, above hearing */
#define AUDIO_DMA 1u  /* DMA channel */
#define SYS_HZ 125000000u

static uint16_t buf[2][AUDIO_RATE / 60u + 1u];
static uint32_t which, carry;

void audio_init(wisp_w4 *con)
{
    rp_unreset(RST_PWM | RST_DMA);
    REG(PWM_TOP(SLICE)) = TOP;
    REG(PWM_CC(SLICE)) = (TOP + 1u) / 2u | ((TOP + 1u) / 2u) << 16; /* silence: half */
    REG(PWM_DIV(SLICE)) = 1u << 4;
    REG(PWM_CSR(SLICE)) = 1u; /* EN */
    REG(GPIO_CTRL(PIN_AUDIO)) = FUNC_PWM;
    REG(DMA_TIMER0) = (1u << 16) | ((SYS_HZ + AUDIO_RATE / 2u) / AUDIO_RATE);
    wisp_w4_set_sample_rate(con, AUDIO_RATE);
}

/* A stereo sample frame as the duty: the mean of left and right, from
 * -32768..32767 to 0..2047. */
static uint16_t duty(const int16_t *lr)
{
    return (uint16_t)(((int32_t)lr[0] + lr[1] + 65536) >> 6);
}

void audio_frame(wisp_w4 *con, bool (*poll)(void))
{
    /* 11,025 / 60 = 183.75: the fraction carried to the next frames */
    const uint32_t n = (AUDIO_RATE + carry) / 60u;
    carry = (AUDIO_RATE + carry) % 60u;
    uint16_t *out = buf[which];
    for (uint32_t i = 0; i < n; i++) {
        int16_t lr[2];
        wisp_w4_audio(con, lr, 1);
        out[i] = duty(lr);
        poll();
    }
    while (REG(DMA_CTRL_TRIG(AUDIO_DMA)) & DMA_BUSY)
        poll();
    REG(DMA_READ_ADDR(AUDIO_DMA)) = (uint32_t)(uintptr_t)out;
    REG(DMA_WRITE_ADDR(AUDIO_DMA)) = PWM_CC(SLICE);
    REG(DMA_TRANS_COUNT(AUDIO_DMA)) = n;
    REG(DMA_CTRL_TRIG(AUDIO_DMA)) = DMA_EN | DMA_SIZE_16 | DMA_INCR_READ |
                                    DMA_CHAIN_TO(AUDIO_DMA) | DMA_TREQ(TREQ_TIMER0);
    which ^= 1u;
}

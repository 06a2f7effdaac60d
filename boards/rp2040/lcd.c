/* The ST7789 on SPI0; see lcd.h. Commands and timings from Sitronix's
 * ST7789 datasheet: HWRESET low >= 10 us then 120 ms, SLPOUT then 120 ms,
 * COLMOD 0x55 (RGB565, 16 bits a pixel, sent high byte first), MADCTL 0
 * (rows top down, columns left to right), INVON (the usual 240x240 IPS
 * modules are wired inverted), DISPON; a frame is CASET and RASET (the
 * window, inclusive) then RAMWR and its pixels, which fill the window row
 * by row.
 *
 * The DC pin selects command (low) or data (high) and may change only once
 * the SPI has shifted out the last bit (BSY clear). Pixels go as 16-bit SPI
 * frames, one DMA transfer a line from two line buffers: the CPU converts
 * the next line while the DMA sends this one. At 62.5 MHz a frame's 51,200
 * bytes take 6.6 ms of the 16.7 of a frame at 60 a second, so lcd_poll
 * feeds the lines while the sound is made and waited for (audio.c): the
 * framebuffer is not touched until the next frame. An unchanged frame is
 * not sent. CS stays low: the panel is the bus's only device. */
#include "lcd.h"

#include <stdbool.h>

#include "regs.h"
#include "wisp.h"
#include "wisp_console.h"

#define PIN_DC 16u
#define PIN_CS 17u
#define PIN_SCK 18u
#define PIN_MOSI 19u
#define PIN_RST 20u
#define PIN_BL 21u
#define LCD_DMA 0u /* DMA channel */

#define X0 ((LCD_WIDTH - WISP_W4_WIDTH) / 2)
#define Y0 ((LCD_HEIGHT - WISP_W4_HEIGHT) / 2)

#define CMD_SLPOUT 0x11u
#define CMD_NORON 0x13u
#define CMD_INVON 0x21u
#define CMD_DISPON 0x29u
#define CMD_CASET 0x2au
#define CMD_RASET 0x2bu
#define CMD_RAMWR 0x2cu
#define CMD_MADCTL 0x36u
#define CMD_COLMOD 0x3au

static uint16_t line[2][WISP_W4_WIDTH];
static uint32_t shown_hash;
static bool shown;

/* Waits at least `us` microseconds: asleep when it is long (the SysTick
 * interrupt of icount.c, at least every 134 ms, wakes the core). */
static void wait_us(uint32_t us)
{
    const uint32_t t0 = REG(TIMER_RAWL);
    while (REG(TIMER_RAWL) - t0 < us)
        if (us >= 1000u)
            __asm__ volatile("wfi");
}

static void pin_out(uint32_t pin, bool high)
{
    REG(high ? SIO_GPIO_OUT_SET : SIO_GPIO_OUT_CLR) = 1u << pin;
}

/* Until the last bit is out; what came back in is dropped. */
static void spi_idle(void)
{
    while (REG(SSPSR) & SSPSR_BSY)
        ;
    while (REG(SSPSR) & SSPSR_RNE)
        (void)REG(SSPDR);
}

/* 8 or 16 bits a frame, SPI mode 3 (CPOL 1, CPHA 1: what CS-less ST7789
 * modules need, and fine with CS). The format changes with SSE off. */
static void spi_bits(uint32_t bits)
{
    REG_CLR(SSPCR1) = SSPCR1_SSE;
    REG(SSPCR0) = (bits - 1u) | (1u << 6) | (1u << 7);
    REG_SET(SSPCR1) = SSPCR1_SSE;
}

static void spi_put(uint32_t v)
{
    while (!(REG(SSPSR) & SSPSR_TNF))
        ;
    REG(SSPDR) = v;
}

static void command(uint8_t cmd, const uint8_t *params, uint32_t n)
{
    spi_idle();
    pin_out(PIN_DC, false);
    spi_put(cmd);
    spi_idle();
    pin_out(PIN_DC, true);
    for (uint32_t i = 0; i < n; i++)
        spi_put(params[i]);
}

static void window(uint32_t x0, uint32_t y0, uint32_t w, uint32_t h)
{
    const uint32_t x1 = x0 + w - 1u, y1 = y0 + h - 1u;
    const uint8_t cols[4] = {(uint8_t)(x0 >> 8), (uint8_t)x0, (uint8_t)(x1 >> 8), (uint8_t)x1};
    const uint8_t rows[4] = {(uint8_t)(y0 >> 8), (uint8_t)y0, (uint8_t)(y1 >> 8), (uint8_t)y1};
    command(CMD_CASET, cols, 4);
    command(CMD_RASET, rows, 4);
    command(CMD_RAMWR, 0, 0);
    spi_idle();
    spi_bits(16);
}

static void dma_wait(void)
{
    while (REG(DMA_CTRL_TRIG(LCD_DMA)) & DMA_BUSY)
        ;
}

/* count 16-bit frames from `from` (advancing or not) to the SPI, paced by
 * its TX FIFO's DREQ. */
static void dma_send(const uint16_t *from, uint32_t count, bool advance)
{
    dma_wait();
    REG(DMA_READ_ADDR(LCD_DMA)) = (uint32_t)(uintptr_t)from;
    REG(DMA_WRITE_ADDR(LCD_DMA)) = SSPDR;
    REG(DMA_TRANS_COUNT(LCD_DMA)) = count;
    REG(DMA_CTRL_TRIG(LCD_DMA)) = DMA_EN | DMA_SIZE_16 | (advance ? DMA_INCR_READ : 0) |
                                  DMA_CHAIN_TO(LCD_DMA) | DMA_TREQ(DREQ_SPI0_TX);
}

/* The end of a pixel stream: back to 8-bit frames for commands. */
static void pixels_done(void)
{
    dma_wait();
    spi_idle();
    spi_bits(8);
}

void lcd_init(void)
{
    rp_unreset(RST_SPI0 | RST_DMA);
    static const uint8_t outs[] = {PIN_DC, PIN_CS, PIN_RST, PIN_BL};
    for (uint32_t i = 0; i < sizeof outs; i++) {
        REG(GPIO_CTRL(outs[i])) = FUNC_SIO;
        REG(SIO_GPIO_OE_SET) = 1u << outs[i];
    }
    REG(GPIO_CTRL(PIN_SCK)) = FUNC_SPI;
    REG(GPIO_CTRL(PIN_MOSI)) = FUNC_SPI;
    REG(SSPCPSR) = 2; /* clk_peri (125 MHz) / 2: the ST7789's 16 ns write cycle */
    spi_bits(8);
    REG(SSPDMACR) = 2; /* TXDMAE */

    pin_out(PIN_CS, false);
    pin_out(PIN_BL, false);
    pin_out(PIN_RST, false);
    wait_us(20);
    pin_out(PIN_RST, true);
    wait_us(120000);
    command(CMD_SLPOUT, 0, 0);
    wait_us(120000);
    static const uint8_t colmod = 0x55, madctl = 0;
    command(CMD_COLMOD, &colmod, 1);
    command(CMD_MADCTL, &madctl, 1);
    command(CMD_INVON, 0, 0);
    command(CMD_NORON, 0, 0);
    static const uint16_t black = 0;
    window(0, 0, LCD_WIDTH, LCD_HEIGHT);
    dma_send(&black, (uint32_t)LCD_WIDTH * LCD_HEIGHT, false);
    pixels_done();
    command(CMD_DISPON, 0, 0);
    spi_idle();
    pin_out(PIN_BL, true);
}

static uint16_t rgb565(uint32_t c)
{
    return (uint16_t)(((c >> 8) & 0xf800u) | ((c >> 5) & 0x07e0u) | ((c >> 3) & 0x001fu));
}

/* The frame being sent: its pixels, its palette, the next line to convert
 * and whether it waits in its buffer. */
static const uint8_t *fb;
static uint16_t lut[4];
static uint32_t next_line;
static bool next_ready;

static void convert(uint32_t y)
{
    const uint8_t *in = fb + y * (WISP_W4_WIDTH / 4);
    uint16_t *out = line[y & 1u];
    for (uint32_t x = 0; x < WISP_W4_WIDTH / 4; x++, out += 4) {
        const uint32_t b = *in++; /* four pixels, the leftmost in the low bits */
        out[0] = lut[b & 3u];
        out[1] = lut[(b >> 2) & 3u];
        out[2] = lut[(b >> 4) & 3u];
        out[3] = lut[b >> 6];
    }
}

bool lcd_start(const uint8_t *ram, uint32_t hash)
{
    if (shown && hash == shown_hash)
        return false;
    shown = true;
    shown_hash = hash;
    for (uint32_t i = 0; i < 4; i++) {
        const uint8_t *p = ram + WISP_W4_PALETTE + 4u * i;
        lut[i] = rgb565((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16);
    }
    fb = ram + WISP_W4_FRAMEBUFFER;
    window(X0, Y0, WISP_W4_WIDTH, WISP_W4_HEIGHT);
    convert(0);
    next_line = 0;
    next_ready = true;
    lcd_poll();
    return true;
}

bool lcd_poll(void)
{
    if (!fb)
        return false;
    if (next_ready && !(REG(DMA_CTRL_TRIG(LCD_DMA)) & DMA_BUSY)) {
        dma_send(line[next_line & 1u], WISP_W4_WIDTH, true);
        next_line++;
        next_ready = false;
    }
    if (!next_ready && next_line < WISP_W4_HEIGHT) {
        convert(next_line); /* into the buffer the DMA is not reading */
        next_ready = true;
    }
    if (next_line < WISP_W4_HEIGHT || (REG(DMA_CTRL_TRIG(LCD_DMA)) & DMA_BUSY))
        return true;
    pixels_done();
    fb = 0;
    return false;
}

void lcd_finish(void)
{
    while (lcd_poll())
        ;
}

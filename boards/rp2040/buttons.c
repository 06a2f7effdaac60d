/* GPIO buttons; see buttons.h. */
#include "buttons.h"

#include "regs.h"
#include "wisp_console.h"

static const struct {
    uint8_t pin, bit;
} map[] = {
    {2, WISP_W4_BUTTON_UP},   {3, WISP_W4_BUTTON_DOWN}, {4, WISP_W4_BUTTON_LEFT},
    {5, WISP_W4_BUTTON_RIGHT}, {6, WISP_W4_BUTTON_1},    {7, WISP_W4_BUTTON_2},
};
#define NBUTTONS (sizeof map / sizeof map[0])

void buttons_init(void)
{
    for (uint32_t i = 0; i < NBUTTONS; i++) {
        REG(PADS_GPIO(map[i].pin)) = PAD_IE | PAD_DRIVE_4MA | PAD_PUE | PAD_SCHMITT;
        REG(GPIO_CTRL(map[i].pin)) = FUNC_SIO; /* an input: its output stays disabled */
    }
}

uint8_t buttons_read(void)
{
    const uint32_t in = REG(SIO_GPIO_IN);
    uint8_t pad = 0;
    for (uint32_t i = 0; i < NBUTTONS; i++)
        if (!(in & (1u << map[i].pin)))
            pad |= map[i].bit;
    return pad;
}

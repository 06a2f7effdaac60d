/* `wisp play`'s window (play.h): SDL2 when the build has it, integer
 * scaling, 60 frames a second, the keyboard as both gamepads, sound.
 *   gamepad 1: arrows, X (button 1), Z (button 2)
 *   gamepad 2: E S D F (up left down right), A (button 1), Q (button 2)
 *   the mouse: its place on the screen and its buttons
 *   Escape or closing the window: quit */
#include "play.h"

#include "cli.h"

#ifndef WISP_HAVE_SDL2

bool play_window_available(void)
{
    fprintf(stderr, "wisp: this wisp was built without SDL2, so it has no window: use "
                    "--headless, or apt install libsdl2-dev and build it again\n");
    return false;
}

int play_window(play_session *s, const uint8_t *tape, size_t tape_len)
{
    (void)s, (void)tape, (void)tape_len;
    return EXIT_BAD;
}

#else

#include "sdl_lazy.h" /* <SDL.h>, called through sdl_lazy */

#define W WISP_W4_WIDTH
#define H WISP_W4_HEIGHT

/* SDL2 is loaded only now (sdl_lazy.h): without the library, no window */
bool play_window_available(void)
{
    const char *why;
    if (sdl_lazy_load(&why))
        return true;
    fprintf(stderr, "wisp: no window: %s (apt install libsdl2-2.0-0, or use --headless)\n",
            why);
    return false;
}

static uint8_t pad_bits(const Uint8 *keys, SDL_Scancode up, SDL_Scancode left,
                        SDL_Scancode down, SDL_Scancode right, SDL_Scancode b1,
                        SDL_Scancode b2)
{
    return (uint8_t)((keys[b1] ? WISP_W4_BUTTON_1 : 0) | (keys[b2] ? WISP_W4_BUTTON_2 : 0) |
                     (keys[left] ? WISP_W4_BUTTON_LEFT : 0) |
                     (keys[right] ? WISP_W4_BUTTON_RIGHT : 0) |
                     (keys[up] ? WISP_W4_BUTTON_UP : 0) | (keys[down] ? WISP_W4_BUTTON_DOWN : 0));
}

/* The framebuffer in the palette's colours. */
static void to_pixels(const uint8_t *ram, uint32_t *px)
{
    uint32_t pal[4];
    for (int i = 0; i < 4; i++) {
        const uint8_t *p = ram + WISP_W4_PALETTE + 4 * i;
        pal[i] = 0xff000000u | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    }
    const uint8_t *fb = ram + WISP_W4_FRAMEBUFFER;
    for (int i = 0; i < W * H; i++)
        px[i] = pal[(fb[i >> 2] >> (2 * (i & 3))) & 3];
}

/* The largest whole multiple of the screen that fits, centred. */
static SDL_Rect fit(int w, int h)
{
    int scale = (w < h ? w : h) / W;
    if (scale < 1)
        scale = 1;
    SDL_Rect r = {(w - W * scale) / 2, (h - H * scale) / 2, W * scale, H * scale};
    return r;
}

int play_window(play_session *s, const uint8_t *tape, size_t tape_len)
{
    if (sdl_lazy.SDL_Init(SDL_INIT_VIDEO | SDL_INIT_AUDIO) != 0 && sdl_lazy.SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "wisp: no window: %s\n", sdl_lazy.SDL_GetError());
        return EXIT_BAD;
    }
    SDL_Window *win = sdl_lazy.SDL_CreateWindow("wisp play", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                       W * 3, H * 3, SDL_WINDOW_RESIZABLE);
    SDL_Renderer *ren = win ? sdl_lazy.SDL_CreateRenderer(win, -1, 0) : NULL;
    SDL_Texture *tex = ren ? sdl_lazy.SDL_CreateTexture(ren, SDL_PIXELFORMAT_ARGB8888,
                                               SDL_TEXTUREACCESS_STREAMING, W, H)
                           : NULL;
    if (!tex) {
        fprintf(stderr, "wisp: no window: %s\n", sdl_lazy.SDL_GetError());
        sdl_lazy.SDL_Quit();
        return EXIT_BAD;
    }
    SDL_AudioSpec want = {0}, got;
    want.freq = PLAY_SAMPLE_RATE;
    want.format = AUDIO_S16SYS;
    want.channels = 2;
    want.samples = 1024;
    SDL_AudioDeviceID audio = sdl_lazy.SDL_OpenAudioDevice(NULL, 0, &want, &got, 0);
    if (audio)
        sdl_lazy.SDL_PauseAudioDevice(audio, 0);
    else
        fprintf(stderr, "wisp: no sound: %s\n", sdl_lazy.SDL_GetError());

    const Uint64 hz = sdl_lazy.SDL_GetPerformanceFrequency();
    Uint64 next = sdl_lazy.SDL_GetPerformanceCounter();
    static uint32_t px[W * H];
    int status = -1;
    while (status < 0) {
        SDL_Event ev;
        while (sdl_lazy.SDL_PollEvent(&ev))
            if (ev.type == SDL_QUIT ||
                (ev.type == SDL_KEYDOWN && ev.key.keysym.scancode == SDL_SCANCODE_ESCAPE))
                status = 0;
        if (status >= 0)
            break;
        const Uint8 *keys = sdl_lazy.SDL_GetKeyboardState(NULL);
        uint8_t pads[4] = {
            pad_bits(keys, SDL_SCANCODE_UP, SDL_SCANCODE_LEFT, SDL_SCANCODE_DOWN,
                     SDL_SCANCODE_RIGHT, SDL_SCANCODE_X, SDL_SCANCODE_Z),
            pad_bits(keys, SDL_SCANCODE_E, SDL_SCANCODE_S, SDL_SCANCODE_D, SDL_SCANCODE_F,
                     SDL_SCANCODE_A, SDL_SCANCODE_Q),
            0, 0};
        if (tape_len)
            pads[0] |= tape[s->frame % tape_len];
        int mx, my, ww, wh;
        const Uint32 mb = sdl_lazy.SDL_GetMouseState(&mx, &my);
        sdl_lazy.SDL_GetWindowSize(win, &ww, &wh);
        const SDL_Rect view = fit(ww, wh);
        const int sx = (mx - view.x) * W / view.w, sy = (my - view.y) * H / view.h;
        const bool on = mx >= view.x && my >= view.y && sx < W && sy < H;
        wisp_w4_set_mouse(s->con, (int16_t)(on ? sx : 0x7fff), (int16_t)(on ? sy : 0x7fff),
                          (uint8_t)((mb & SDL_BUTTON_LMASK ? 1 : 0) |
                                    (mb & SDL_BUTTON_RMASK ? 2 : 0) |
                                    (mb & SDL_BUTTON_MMASK ? 4 : 0)));
        int16_t sound[PLAY_FRAME_SAMPLES * 2];
        status = play_frame(s, pads, sound);
        /* keep at most a few frames of sound queued: late is worse than lost */
        if (audio && sdl_lazy.SDL_GetQueuedAudioSize(audio) < sizeof sound * 4)
            sdl_lazy.SDL_QueueAudio(audio, sound, sizeof sound);
        to_pixels(wisp_w4_ram(s->con), px);
        sdl_lazy.SDL_UpdateTexture(tex, NULL, px, W * 4);
        sdl_lazy.SDL_GetRendererOutputSize(ren, &ww, &wh);
        const SDL_Rect dst = fit(ww, wh);
        sdl_lazy.SDL_SetRenderDrawColor(ren, 0, 0, 0, 255);
        sdl_lazy.SDL_RenderClear(ren);
        sdl_lazy.SDL_RenderCopy(ren, tex, NULL, &dst);
        sdl_lazy.SDL_RenderPresent(ren);
        /* 60 frames a second, from a fixed start so errors do not add up */
        next += hz / 60;
        const Uint64 now = sdl_lazy.SDL_GetPerformanceCounter();
        if (now < next)
            sdl_lazy.SDL_Delay((Uint32)((next - now) * 1000 / hz));
        else if (now - next > hz / 4)
            next = now; /* far behind (a slow cart): do not race to catch up */
    }
    if (audio)
        sdl_lazy.SDL_CloseAudioDevice(audio);
    sdl_lazy.SDL_DestroyTexture(tex);
    sdl_lazy.SDL_DestroyRenderer(ren);
    sdl_lazy.SDL_DestroyWindow(win);
    sdl_lazy.SDL_Quit();
    return status;
}

#endif

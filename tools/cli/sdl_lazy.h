/* SDL2 loaded when `wisp play` opens its window, not when `wisp` starts:
 * linked, SDL2 and the ~50 libraries it needs (X11, Wayland, PulseAudio,
 * ...) cost every `wisp run` about 5 ms of loading and relocation before
 * main. play_window.c calls SDL through the pointers here
 * (`sdl_lazy.SDL_Init(...)`), which sdl_lazy_load fills with dlsym; one
 * list (SDL_LAZY_FUNCS) gives the pointers, their types and their names. */
#ifndef WISP_TOOLS_SDL_LAZY_H
#define WISP_TOOLS_SDL_LAZY_H

#include <SDL.h>
#include <stdbool.h>

#define SDL_LAZY_FUNCS(X) \
    X(SDL_CloseAudioDevice) X(SDL_CreateRenderer) X(SDL_CreateTexture) X(SDL_CreateWindow) \
    X(SDL_Delay) X(SDL_DestroyRenderer) X(SDL_DestroyTexture) X(SDL_DestroyWindow) \
    X(SDL_GetError) X(SDL_GetKeyboardState) X(SDL_GetMouseState) \
    X(SDL_GetPerformanceCounter) X(SDL_GetPerformanceFrequency) X(SDL_GetQueuedAudioSize) \
    X(SDL_GetRendererOutputSize) X(SDL_GetWindowSize) X(SDL_Init) X(SDL_OpenAudioDevice) \
    X(SDL_PauseAudioDevice) X(SDL_PollEvent) X(SDL_QueueAudio) X(SDL_Quit) \
    X(SDL_RenderClear) X(SDL_RenderCopy) X(SDL_RenderPresent) X(SDL_SetRenderDrawColor) \
    X(SDL_UpdateTexture)

typedef struct sdl_lazy_api {
#define X(f) __typeof__(f) *f;
    SDL_LAZY_FUNCS(X)
#undef X
} sdl_lazy_api;
extern sdl_lazy_api sdl_lazy;

/* Loads the library (once) and every function of the list; false with a
 * reason ("libSDL2-2.0.so.0: cannot open ...") when it cannot. */
bool sdl_lazy_load(const char **why);

#endif

/* SDL2 by dlopen: see sdl_lazy.h. */
#ifdef WISP_HAVE_SDL2
#include "sdl_lazy.h"

#include <dlfcn.h>
#include <stddef.h>

sdl_lazy_api sdl_lazy;

bool sdl_lazy_load(const char **why)
{
    static void *lib;
    static const char *failed;
    if (lib || failed) {
        *why = failed;
        return lib != NULL;
    }
    void *h = dlopen("libSDL2-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        failed = dlerror();
        *why = failed ? failed : "libSDL2-2.0.so.0: cannot be loaded";
        failed = *why;
        return false;
    }
#define X(f)                                                              \
    if (!(*(void **)&sdl_lazy.f = dlsym(h, #f))) {                        \
        failed = "libSDL2-2.0.so.0 lacks " #f;                            \
        *why = failed;                                                    \
        dlclose(h);                                                       \
        return false;                                                     \
    }
    SDL_LAZY_FUNCS(X)
#undef X
    lib = h;
    return true;
}
#else
typedef int sdl_lazy_unused; /* ISO C: a translation unit is not empty */
#endif

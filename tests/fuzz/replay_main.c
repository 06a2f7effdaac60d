/* A main() for the fuzz targets without libFuzzer: runs each file (or each
 * file of each directory) given once through LLVMFuzzerTestOneInput. Built
 * with the project's compiler (and ASan where available), it replays
 * reproducers and corpora in the ordinary test suite, where clang may be
 * missing.
 *
 *   fuzz_replay_X FILE|DIR... */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* A target may define this to print what the inputs exercised. */
__attribute__((weak)) void fuzz_report(void);

static unsigned long files;

static void one(const char *path)
{
    size_t n;
    const char *why;
    uint8_t *b = read_file(path, &n, &why); /* exact size: ASan sees reads past the end */
    if (!b) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path, why);
        exit(2);
    }
    LLVMFuzzerTestOneInput(b, n);
    free(b);
    files++;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            struct dirent **list;
            int n = scandir(argv[i], &list, NULL, alphasort);
            for (int k = 0; k < n; k++) {
                if (list[k]->d_name[0] != '.') {
                    char path[4096];
                    snprintf(path, sizeof path, "%s/%s", argv[i], list[k]->d_name);
                    one(path);
                }
                free(list[k]);
            }
            free(list);
        } else {
            one(argv[i]);
        }
    }
    printf("replayed %lu inputs\n", files);
    if (fuzz_report)
        fuzz_report();
    return 0;
}

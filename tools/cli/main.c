/* The `wisp` executable: `wisp COMMAND ...` hands argv from COMMAND on to
 * that command's file (cli.h). `wisp help` prints run's usage, which lists
 * every command; `wisp help COMMAND` that command's. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *usage;
} commands[] = {
    {"run", run_main, run_usage},
    {"inspect", inspect_main, inspect_usage},
    {"pull", pull_main, pull_usage},
    {"play", play_main, play_usage},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(run_usage, stderr);
        return EXIT_BAD;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        const struct command *c = argc > 2 ? find(argv[2]) : NULL;
        if (argc > 2 && !c) {
            fprintf(stderr, "wisp: no command '%s'; the commands are run, inspect, pull and play\n",
                    argv[2]);
            return EXIT_BAD;
        }
        fputs(c ? c->usage : run_usage, stdout);
        return 0;
    }
    const struct command *c = find(cmd);
    if (c)
        return c->main(argc - 1, argv + 1);
    if (cmd[0] == '-')
        fprintf(stderr, "wisp: unknown option '%s'\n", cmd);
    else
        fprintf(stderr, "wisp: unknown command '%s' (did you mean 'wisp run'?)\n", cmd);
    fprintf(stderr, "run 'wisp help' for usage\n");
    return EXIT_BAD;
}

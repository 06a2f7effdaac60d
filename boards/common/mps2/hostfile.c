/* Files from the host over semihosting; see hostfile.h. */
#include "hostfile.h"

#include <fcntl.h>
#include <unistd.h>

long hostfile_read(uint8_t *mem, size_t *top, const char *path, uint8_t **bytes)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    off_t n = lseek(fd, 0, SEEK_END);
    if (n < 0 || (size_t)n > *top / 2 || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    const size_t at = (*top - (size_t)n) & ~(size_t)7;
    long got = 0;
    while (got < (long)n) {
        ssize_t r = read(fd, mem + at + got, (size_t)n - (size_t)got);
        if (r <= 0)
            break;
        got += r;
    }
    close(fd);
    if (got != (long)n)
        return -1;
    *top = at;
    *bytes = mem + at;
    return got;
}

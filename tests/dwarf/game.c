/* A small game that crashes four calls deep: a divide by zero in cell_at.
 * tests/dwarf/check.py builds it with clang-14 at -O0 and -O2 (-g, DWARF 4
 * and 5) and reads the values it expects from this file: keep VALUES in
 * check.py in step with the constants here. At -O2 the chain is inlined
 * into main. */
struct point {
    int x, y;
};

static int grid[4][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
static const char *level_name = "caves";

static inline int cell_at(struct point p, int divisor)
{
    int value = grid[p.y][p.x];
    return value / divisor; /* CRASH: divisor is 0 */
}

static inline int move_player(struct point *pos, int dx, int speed)
{
    struct point next = {pos->x + dx, pos->y};
    int divisor = speed - 3;
    return cell_at(next, divisor);
}

static inline int update(int frame, int speed)
{
    struct point pos = {1, 2};
    int score = frame * 10;
    score += move_player(&pos, 1, speed);
    return score;
}

int main(void)
{
    volatile int speed = 3;
    int frames = 7;
    const char *name = level_name;
    int total = update(frames, speed);
    return total + name[0];
}

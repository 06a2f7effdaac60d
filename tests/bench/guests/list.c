/* CoreMark-style linked list: find, reverse, merge sort (through a
 * comparison function pointer: call_indirect), walk. Nodes live in a static
 * pool; the checksum depends only on the data, never on addresses. */
#include "bench.h"

#ifdef SMALL
#define LIST_N 256
#define REPS 10
#else
#define LIST_N 1000
#define REPS 250
#endif

typedef struct node {
    struct node *next;
    int32_t data;
    int32_t idx;
} node;

static node pool[LIST_N];

typedef int (*cmp_fn)(const node *, const node *);

static int cmp_data(const node *a, const node *b) { return a->data - b->data; }
static int cmp_idx(const node *a, const node *b) { return a->idx - b->idx; }

static node *list_reverse(node *l)
{
    node *prev = 0;
    while (l) {
        node *n = l->next;
        l->next = prev;
        prev = l;
        l = n;
    }
    return prev;
}

static node *list_find(node *l, int32_t data)
{
    while (l && l->data != data) l = l->next;
    return l;
}

/* Bottom-up merge sort of a singly linked list (stable). */
static NOINLINE node *list_sort(node *list, cmp_fn cmp)
{
    int insize = 1;
    for (;;) {
        node *p = list, *tail = 0;
        int nmerges = 0;
        list = 0;
        while (p) {
            node *q = p;
            int psize = 0, qsize = insize;
            nmerges++;
            for (int i = 0; i < insize; i++) {
                psize++;
                q = q->next;
                if (!q) break;
            }
            while (psize > 0 || (qsize > 0 && q)) {
                node *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (cmp(p, q) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (nmerges <= 1) return list;
        insize *= 2;
    }
}

BENCH_RUN
{
    uint32_t seed = 0x2545f491u, h = 0;
    for (int i = 0; i < LIST_N; i++) {
        pool[i].idx = i;
        pool[i].data = (int32_t)(rnd(&seed) & 0x7fff);
        pool[i].next = i + 1 < LIST_N ? &pool[i + 1] : 0;
    }
    node *head = &pool[0];
    for (int r = 0; r < REPS; r++) {
        int32_t found = 0, missed = 0;
        for (int k = 0; k < 6; k++) {
            int32_t v = pool[(r * 7 + k * 131) % LIST_N].data ^ (k & 1);
            node *f = list_find(head, v);
            if (f) found += f->idx; else missed++;
        }
        head = list_reverse(head);
        head = list_sort(head, cmp_data);
        uint32_t w = 0;
        for (node *n = head; n; n = n->next) w = w * 31u + (uint32_t)n->data;
        for (node *n = head; n; n = n->next) n->data = (n->data * 5 + r) & 0x7fff;
        head = list_sort(head, cmp_idx);
        h = mix(h, w);
        h = mix(h, (uint32_t)found);
        h = mix(h, (uint32_t)missed);
        h = mix(h, (uint32_t)head->data);
    }
    return h;
}

/* sim.c — in-process network simulator: see sim.h.
 *
 * A datagram waits in a binary heap ordered by (delivery time, sequence), its payload in a
 * fixed slot of a slab allocated at create. When its time comes it moves to the FIFO of its
 * destination, so sim_recv for one address is O(1). Each (from, to) pair is a link: a FIFO
 * with a transmit clock (bandwidth, tail drop) that keeps delivery order unless a datagram is
 * picked for reordering. Links and destinations live in two open-addressing tables with at
 * least twice as many rows as datagrams can be in flight, and a row exists only while it has
 * datagrams, so the tables can never fill. */
#include "sim.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SIM_DEFAULT_CAPACITY    65536u
#define SIM_MAX_CAPACITY        (1u << 20) /* 1.5 GB of slots; beyond is a config error */
#define SIM_DEFAULT_QUEUE_BYTES (256u * 1024u)
#define SIM_NONE                UINT32_MAX

typedef struct sim_item { /* heap entry, kept small so sifting is cheap */
    double due;
    uint64_t seq;
    uint32_t slot;
} sim_item;

typedef struct sim_slot {
    net_addr from, to;
    double due;
    uint32_t len;
    uint32_t next;                   /* free list, or next in its destination's FIFO */
    uint32_t ready_prev, ready_next; /* every due datagram, in delivery order */
} sim_slot;

typedef struct sim_row { /* a link (a = from, b = to) or a destination (a = to) */
    net_addr a, b;
    uint32_t used;
    uint32_t count;      /* link: datagrams in the heap; destination: datagrams due */
    uint32_t head, tail; /* destination: FIFO of due datagrams */
    double busy_until;   /* link: when its transmitter is free */
    double last_due;     /* link: delivery time of the latest in-order datagram */
} sim_row;

typedef struct sim_table {
    sim_row *rows;
    size_t mask;
} sim_table;

struct sim {
    sim_config cfg;
    sim_rng rng;
    sim_stats stats;
    size_t capacity;
    uint8_t *payload; /* capacity slots of NET_MAX_DATAGRAM bytes */
    sim_slot *slots;
    uint32_t free_head;
    sim_item *heap;
    size_t heap_len;
    uint64_t seq;
    uint32_t ready_head, ready_tail;
    sim_table links, dests;
};

/* ---- PRNG: splitmix64 ---------------------------------------------------------------- */

void sim_rng_seed(sim_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t sim_rng_next(sim_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

double sim_rng_unit(sim_rng *r)
{
    return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---- hash tables of links and destinations ------------------------------------------- */

static const net_addr sim_no_addr = {0, 0, 0}; /* the second key of a destination row */

/* Local rather than net_addr_equal, so the simulator links without the socket backend. */
static bool sim_addr_equal(const net_addr *a, const net_addr *b)
{
    return a->ip == b->ip && a->port == b->port;
}

static size_t sim_table_home(const sim_table *t, const net_addr *a, const net_addr *b)
{
    uint64_t h = ((uint64_t)a->ip << 16 | a->port) * 0x9e3779b97f4a7c15u;
    h ^= ((uint64_t)b->ip << 16 | b->port) + 0x632be59bd9b4e019u + (h << 6) + (h >> 2);
    h = (h ^ (h >> 31)) * 0xbf58476d1ce4e5b9u;
    return (size_t)(h ^ (h >> 29)) & t->mask;
}

static bool sim_table_init(sim_table *t, size_t capacity)
{
    size_t n = 16;
    while (n < 2 * capacity) n *= 2;
    t->rows = calloc(n, sizeof *t->rows);
    t->mask = n - 1;
    return t->rows != NULL;
}

static sim_row *sim_table_find(const sim_table *t, const net_addr *a, const net_addr *b)
{
    for (size_t i = sim_table_home(t, a, b);; i = (i + 1) & t->mask) {
        sim_row *r = &t->rows[i];
        if (!r->used) return NULL;
        if (sim_addr_equal(&r->a, a) && sim_addr_equal(&r->b, b)) return r;
    }
}

/* Finds the row or adds a fresh one; there is always room (see the file comment). */
static sim_row *sim_table_get(sim_table *t, const net_addr *a, const net_addr *b)
{
    for (size_t i = sim_table_home(t, a, b);; i = (i + 1) & t->mask) {
        sim_row *r = &t->rows[i];
        if (!r->used) {
            *r = (sim_row){.a = *a,
                           .b = *b,
                           .used = 1,
                           .head = SIM_NONE,
                           .tail = SIM_NONE,
                           .busy_until = -INFINITY,
                           .last_due = -INFINITY};
            return r;
        }
        if (sim_addr_equal(&r->a, a) && sim_addr_equal(&r->b, b)) return r;
    }
}

/* Linear-probing removal by backward shift: no tombstones, so probes stay short. */
static void sim_table_remove(sim_table *t, sim_row *row)
{
    size_t i = (size_t)(row - t->rows);
    for (size_t j = (i + 1) & t->mask; t->rows[j].used; j = (j + 1) & t->mask) {
        size_t k = sim_table_home(t, &t->rows[j].a, &t->rows[j].b);
        bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (stays) continue;
        t->rows[i] = t->rows[j];
        i = j;
    }
    t->rows[i].used = 0;
}

/* ---- heap of pending datagrams ------------------------------------------------------- */

static bool sim_item_before(const sim_item *x, const sim_item *y)
{
    return x->due < y->due || (x->due == y->due && x->seq < y->seq);
}

static void sim_heap_push(sim *s, double due, uint32_t slot)
{
    assert(s->heap_len < s->capacity);
    sim_item item = {due, s->seq++, slot};
    size_t i = s->heap_len++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!sim_item_before(&item, &s->heap[parent])) break;
        s->heap[i] = s->heap[parent];
        i = parent;
    }
    s->heap[i] = item;
}

static sim_item sim_heap_pop(sim *s)
{
    sim_item top = s->heap[0];
    sim_item last = s->heap[--s->heap_len];
    size_t n = s->heap_len, i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && sim_item_before(&s->heap[child + 1], &s->heap[child])) child++;
        if (!sim_item_before(&s->heap[child], &last)) break;
        s->heap[i] = s->heap[child];
        i = child;
    }
    if (n > 0) s->heap[i] = last;
    return top;
}

/* ---- slots ----------------------------------------------------------------------------- */

static uint32_t sim_slot_alloc(sim *s)
{
    uint32_t slot = s->free_head;
    if (slot != SIM_NONE) s->free_head = s->slots[slot].next;
    return slot;
}

static void sim_slot_free(sim *s, uint32_t slot)
{
    s->slots[slot].next = s->free_head;
    s->free_head = slot;
}

static uint8_t *sim_slot_data(sim *s, uint32_t slot)
{
    return s->payload + (size_t)slot * NET_MAX_DATAGRAM;
}

/* ---- configuration ------------------------------------------------------------------- */

static bool sim_is_probability(double p)
{
    return p >= 0.0 && p <= 1.0; /* false for NaN */
}

static bool sim_is_duration(double d)
{
    return d >= 0.0 && isfinite(d);
}

static bool sim_config_valid(const sim_config *cfg)
{
    return sim_is_probability(cfg->loss) && sim_is_probability(cfg->duplicate) &&
           sim_is_probability(cfg->reorder) && sim_is_duration(cfg->latency) &&
           sim_is_duration(cfg->jitter) && sim_is_duration(cfg->reorder_delay) &&
           sim_is_duration(cfg->bandwidth) && cfg->capacity <= SIM_MAX_CAPACITY;
}

/* Copies the impairments; capacity and seed are fixed at create. */
static void sim_apply_config(sim *s, const sim_config *cfg)
{
    s->cfg = *cfg;
    if (s->cfg.reorder_delay == 0.0)
        s->cfg.reorder_delay = 2.0 * (cfg->latency + cfg->jitter) + 0.001;
    if (s->cfg.queue_bytes == 0) s->cfg.queue_bytes = SIM_DEFAULT_QUEUE_BYTES;
}

sim *sim_create(const sim_config *cfg)
{
    assert(cfg);
    if (!sim_config_valid(cfg)) return NULL;
    sim *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->capacity = cfg->capacity ? cfg->capacity : SIM_DEFAULT_CAPACITY;
    sim_apply_config(s, cfg);
    sim_rng_seed(&s->rng, cfg->seed);
    /* malloc, not calloc: untouched slots cost no memory until a datagram uses them. */
    s->payload = malloc(s->capacity * NET_MAX_DATAGRAM);
    s->slots = malloc(s->capacity * sizeof *s->slots);
    s->heap = malloc(s->capacity * sizeof *s->heap);
    bool ok = s->payload && s->slots && s->heap && sim_table_init(&s->links, s->capacity) &&
              sim_table_init(&s->dests, s->capacity);
    if (!ok) {
        sim_destroy(s);
        return NULL;
    }
    for (size_t i = 0; i < s->capacity; i++)
        s->slots[i].next = i + 1 < s->capacity ? (uint32_t)(i + 1) : SIM_NONE;
    s->free_head = 0;
    s->ready_head = s->ready_tail = SIM_NONE;
    return s;
}

void sim_destroy(sim *s)
{
    if (!s) return;
    free(s->payload);
    free(s->slots);
    free(s->heap);
    free(s->links.rows);
    free(s->dests.rows);
    free(s);
}

bool sim_set_config(sim *s, const sim_config *cfg)
{
    assert(s && cfg);
    if (!sim_config_valid(cfg)) return false;
    sim_apply_config(s, cfg);
    return true;
}

/* ---- sending ------------------------------------------------------------------------- */

/* Copies a datagram into a fresh slot and schedules it; false when every slot is taken. */
static bool sim_schedule(sim *s, sim_row *link, const net_addr *from, const net_addr *to,
                         const void *data, size_t len, double due)
{
    uint32_t slot = sim_slot_alloc(s);
    if (slot == SIM_NONE) {
        s->stats.dropped_full++;
        return false;
    }
    sim_slot *sl = &s->slots[slot];
    sl->from = *from;
    sl->to = *to;
    sl->due = due;
    sl->len = (uint32_t)len;
    memcpy(sim_slot_data(s, slot), data, len);
    sim_heap_push(s, due, slot);
    link->count++;
    return true;
}

void sim_send(sim *s, const net_addr *from, const net_addr *to, const void *data, size_t len,
              double now)
{
    assert(s && from && to && (data || len == 0) && isfinite(now));
    s->stats.sent++;
    s->stats.bytes_sent += len;
    /* Empty datagrams are refused too: sim_recv could not tell one from "nothing due". */
    if (len == 0 || len > NET_MAX_DATAGRAM) {
        s->stats.dropped_full++;
        return;
    }
    /* A fixed number of draws per datagram, so one impairment's setting does not shift the
     * random stream of the others. */
    double u_loss = sim_rng_unit(&s->rng), u_jitter = sim_rng_unit(&s->rng);
    double u_reorder = sim_rng_unit(&s->rng), u_dup = sim_rng_unit(&s->rng);
    double u_dup_jitter = sim_rng_unit(&s->rng);
    const sim_config *c = &s->cfg;
    if (u_loss < c->loss) {
        s->stats.dropped_loss++;
        return;
    }

    sim_row *link = sim_table_get(&s->links, from, to);
    double sent_at = now; /* when the last bit leaves the link's transmitter */
    if (c->bandwidth > 0.0) {
        double start = link->busy_until > now ? link->busy_until : now;
        double backlog = (start - now) * c->bandwidth;
        if (backlog + (double)len > (double)c->queue_bytes) {
            s->stats.dropped_queue++;
            if (link->count == 0) sim_table_remove(&s->links, link);
            return;
        }
        sent_at = start + (double)len / c->bandwidth;
    }

    double due = sent_at + c->latency + u_jitter * c->jitter;
    bool reordered = u_reorder < c->reorder;
    if (reordered) {
        due += c->reorder_delay; /* later datagrams of the link overtake this one */
    } else if (due < link->last_due) {
        due = link->last_due; /* jitter alone never reorders a link */
    }
    if (!sim_schedule(s, link, from, to, data, len, due)) {
        if (link->count == 0) sim_table_remove(&s->links, link);
        return;
    }
    if (c->bandwidth > 0.0) link->busy_until = sent_at;
    if (reordered)
        s->stats.reordered++;
    else
        link->last_due = due;

    if (u_dup < c->duplicate) {
        s->stats.duplicated++;
        double dup_due = sent_at + c->latency + u_dup_jitter * c->jitter;
        if (dup_due < due) dup_due = due; /* the copy arrives right after the original */
        if (sim_schedule(s, link, from, to, data, len, dup_due) && !reordered)
            link->last_due = dup_due;
    }
}

/* ---- receiving ----------------------------------------------------------------------- */

/* Moves every datagram due by 'now' from the heap to its destination's FIFO. */
static void sim_drain(sim *s, double now)
{
    while (s->heap_len > 0 && s->heap[0].due <= now) {
        uint32_t slot = sim_heap_pop(s).slot;
        sim_slot *sl = &s->slots[slot];
        sim_row *link = sim_table_find(&s->links, &sl->from, &sl->to);
        assert(link && link->count > 0);
        if (--link->count == 0) sim_table_remove(&s->links, link);

        sim_row *dest = sim_table_get(&s->dests, &sl->to, &sim_no_addr);
        sl->next = SIM_NONE;
        if (dest->tail == SIM_NONE)
            dest->head = slot;
        else
            s->slots[dest->tail].next = slot;
        dest->tail = slot;
        dest->count++;

        sl->ready_next = SIM_NONE;
        sl->ready_prev = s->ready_tail;
        if (s->ready_tail == SIM_NONE)
            s->ready_head = slot;
        else
            s->slots[s->ready_tail].ready_next = slot;
        s->ready_tail = slot;
    }
}

size_t sim_recv(sim *s, const net_addr *to, void *buf, size_t cap, net_addr *from, double now)
{
    assert(s && to && buf && from && cap >= NET_MAX_DATAGRAM && isfinite(now));
    sim_drain(s, now);
    sim_row *dest = sim_table_find(&s->dests, to, &sim_no_addr);
    if (!dest) return 0;
    uint32_t slot = dest->head;
    sim_slot *sl = &s->slots[slot];
    if (sl->due > now) return 0; /* only when the caller's clock went backwards */

    dest->head = sl->next;
    if (dest->head == SIM_NONE) dest->tail = SIM_NONE;
    if (--dest->count == 0) sim_table_remove(&s->dests, dest);
    if (sl->ready_prev == SIM_NONE)
        s->ready_head = sl->ready_next;
    else
        s->slots[sl->ready_prev].ready_next = sl->ready_next;
    if (sl->ready_next == SIM_NONE)
        s->ready_tail = sl->ready_prev;
    else
        s->slots[sl->ready_next].ready_prev = sl->ready_prev;

    size_t len = sl->len;
    memcpy(buf, sim_slot_data(s, slot), len);
    *from = sl->from;
    sim_slot_free(s, slot);
    s->stats.delivered++;
    s->stats.bytes_delivered += len;
    return len;
}

double sim_next_time(const sim *s)
{
    assert(s);
    double t = INFINITY;
    if (s->heap_len > 0) t = s->heap[0].due;
    if (s->ready_head != SIM_NONE && s->slots[s->ready_head].due < t)
        t = s->slots[s->ready_head].due;
    return isinf(t) ? -1.0 : t;
}

sim_stats sim_get_stats(const sim *s)
{
    assert(s);
    return s->stats;
}

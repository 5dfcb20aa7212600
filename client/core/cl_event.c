/* cl_event.c — the bounded event queue (see cl_event.h). */
#include "cl_event.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Record: u32 size | fixed fields | u16 n, text | u16 n, chat_text | u32 n, message bytes */
#define CL_EVQ_FIXED offsetof(cl_event, text)

bool cl_evq_init(cl_evq *q, size_t cap)
{
    assert(q);
    memset(q, 0, sizeof *q);
    q->cap = cap ? cap : CL_EVENT_BYTES;
    q->buf = malloc(q->cap);
    return q->buf != NULL;
}

void cl_evq_free(cl_evq *q)
{
    free(q->buf);
    memset(q, 0, sizeof *q);
}

size_t cl_evq_record_size(const cl_event *ev, size_t msg_len)
{
    return 4 + CL_EVQ_FIXED + 2 + strnlen(ev->text, sizeof ev->text - 1) + 2 +
           strnlen(ev->chat_text, sizeof ev->chat_text - 1) + 4 + msg_len;
}

size_t cl_evq_free_bytes(const cl_evq *q)
{
    return q->cap - (q->tail - q->head);
}

static void cl_evq_put(uint8_t *p, size_t *o, const void *data, size_t n)
{
    if (n) memcpy(p + *o, data, n);
    *o += n;
}

bool cl_evq_push(cl_evq *q, const cl_event *ev, const uint8_t *msg_bytes, size_t msg_len)
{
    assert(q && ev && (msg_bytes || msg_len == 0));
    size_t size = cl_evq_record_size(ev, msg_len);
    if (size > cl_evq_free_bytes(q)) {
        q->dropped++;
        return false;
    }
    if (q->tail + size > q->cap) { /* move what is queued to the front */
        memmove(q->buf, q->buf + q->head, q->tail - q->head);
        q->tail -= q->head;
        q->head = 0;
    }
    uint8_t *p = q->buf + q->tail;
    size_t o = 0;
    uint32_t size32 = (uint32_t)size;
    uint16_t tlen = (uint16_t)strnlen(ev->text, sizeof ev->text - 1);
    uint16_t clen = (uint16_t)strnlen(ev->chat_text, sizeof ev->chat_text - 1);
    uint32_t mlen = (uint32_t)msg_len;
    cl_evq_put(p, &o, &size32, 4);
    cl_evq_put(p, &o, ev, CL_EVQ_FIXED);
    cl_evq_put(p, &o, &tlen, 2);
    cl_evq_put(p, &o, ev->text, tlen);
    cl_evq_put(p, &o, &clen, 2);
    cl_evq_put(p, &o, ev->chat_text, clen);
    cl_evq_put(p, &o, &mlen, 4);
    cl_evq_put(p, &o, msg_bytes, msg_len);
    assert(o == size);
    q->tail += size;
    q->count++;
    return true;
}

static void cl_evq_get(const uint8_t *p, size_t *o, void *data, size_t n)
{
    if (n) memcpy(data, p + *o, n);
    *o += n;
}

bool cl_evq_pop(cl_evq *q, cl_event *ev)
{
    assert(q && ev);
    if (q->head == q->tail) return false;
    const uint8_t *p = q->buf + q->head;
    size_t o = 0;
    uint32_t size, mlen;
    uint16_t tlen, clen;
    cl_evq_get(p, &o, &size, 4);
    cl_evq_get(p, &o, ev, CL_EVQ_FIXED);
    cl_evq_get(p, &o, &tlen, 2);
    cl_evq_get(p, &o, ev->text, tlen);
    ev->text[tlen] = '\0';
    cl_evq_get(p, &o, &clen, 2);
    cl_evq_get(p, &o, ev->chat_text, clen);
    ev->chat_text[clen] = '\0';
    cl_evq_get(p, &o, &mlen, 4);
    if (mlen == 0 || !msg_decode(p + o, mlen, &ev->m, NULL)) {
        ev->m.type = MSG_NONE; /* msg_decode zeroes it on failure; the first check skips it */
    }
    o += mlen;
    assert(o == size);
    q->head += size;
    q->count--;
    if (q->head == q->tail) q->head = q->tail = 0;
    return true;
}

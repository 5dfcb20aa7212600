/* Client room table: what history has been shown, catching up after a reconnect, events. */
#include "../test.h"

#include "cl_event.h"
#include "cl_rooms.h"

static cl_rooms t;

static bool hist(uint32_t room, uint64_t id)
{
    msg_chat_message m = {.server_id = id, .room_id = room, .history = true};
    return cl_rooms_message(&t, &m);
}

static void live(uint32_t room, uint64_t id)
{
    msg_chat_message m = {.server_id = id, .room_id = room};
    cl_rooms_message(&t, &m);
}

static cl_room_state *joined_room(uint32_t id, const char *name)
{
    cl_room_state *r = cl_rooms_add(&t, id, name);
    cl_rooms_set_joined(r, true);
    return r;
}

static void test_table(void)
{
    cl_rooms_clear(&t);
    msg_room_info info = {.room_id = 5, .name = "General", .online = 2, .total = 9, .joined = true};
    cl_room_state *r = cl_rooms_put(&t, &info, false);
    CHECK(r && !r->pub.joined); /* ROOM_EVENT says nothing about membership */
    cl_rooms_put(&t, &info, true);
    CHECK(r->pub.joined && r->pub.total == 9);
    CHECK(cl_rooms_named(&t, "general") == r); /* case-insensitive */
    CHECK(cl_rooms_get(&t, 6) == NULL);
    for (uint32_t i = 0; i < CL_MAX_ROOMS + 5; i++) cl_rooms_add(&t, 100 + i, "x");
    CHECK_EQ(t.count, CL_MAX_ROOMS);
    CHECK(cl_rooms_add(&t, 99999, "full") == NULL);
    cl_rooms_remove(&t, 5);
    CHECK(cl_rooms_get(&t, 5) == NULL);
    CHECK_EQ(t.count, CL_MAX_ROOMS - 1);
}

static void test_join_then_rejoin(void)
{
    cl_rooms_clear(&t);
    cl_room_state *r = joined_room(1, "General");
    /* the join's history: 11..20, then its end */
    for (uint64_t id = 11; id <= 20; id++) CHECK(!hist(1, id));
    CHECK(!cl_rooms_page_end(&t, 1, true, false, &(uint64_t){0}));
    CHECK_EQ(r->pub.seen_lo, 11);
    CHECK_EQ(r->pub.seen_hi, 20);
    live(1, 21);
    CHECK_EQ(r->pub.seen_hi, 21);
    /* joining again replays the same page: all of it is flagged seen */
    for (uint64_t id = 12; id <= 21; id++) CHECK(hist(1, id));
    cl_rooms_page_end(&t, 1, true, true, &(uint64_t){0});
    /* /history fetches older ones: new, and the range grows down */
    for (uint64_t id = 1; id <= 10; id++) CHECK(!hist(1, id));
    cl_rooms_page_end(&t, 1, true, false, &(uint64_t){0});
    CHECK_EQ(r->pub.seen_lo, 1);
    /* edits of old messages are always delivered */
    msg_chat_message edit = {.server_id = 5, .room_id = 1, .edited = true};
    CHECK(!cl_rooms_message(&t, &edit));
    /* leaving forgets */
    cl_rooms_set_joined(r, false);
    CHECK_EQ(r->pub.seen_hi, 0);
}

static void test_catch_up_after_gap(void)
{
    cl_rooms_clear(&t);
    cl_room_state *r = joined_room(1, "General");
    for (uint64_t id = 1; id <= 100; id++) live(1, id);
    CHECK_EQ(r->pub.seen_hi, 100);
    cl_rooms_freeze(&t);
    CHECK(r->frozen);
    /* 120 messages were missed (101..220); a live one arrives after the reconnect */
    live(1, 221);
    /* the rejoin's page is the newest 50 (171..220 as the server had them at the time) */
    for (uint64_t id = 171; id <= 220; id++) CHECK(!hist(1, id));
    uint64_t before = 0;
    CHECK(cl_rooms_page_end(&t, 1, true, true, &before));
    CHECK_EQ(before, 171);
    for (uint64_t id = 121; id <= 170; id++) CHECK(!hist(1, id));
    CHECK(cl_rooms_page_end(&t, 1, true, true, &before));
    CHECK_EQ(before, 121);
    /* the last page reaches back into what was shown before the gap */
    for (uint64_t id = 71; id <= 100; id++) CHECK(hist(1, id));
    for (uint64_t id = 101; id <= 120; id++) CHECK(!hist(1, id));
    CHECK(!cl_rooms_page_end(&t, 1, true, true, &before));
    CHECK(!r->frozen);
    CHECK_EQ(r->pub.seen_lo, 1);
    CHECK_EQ(r->pub.seen_hi, 221);
    /* a late duplicate of anything is now seen */
    CHECK(hist(1, 150));
    CHECK(hist(1, 221));
}

static void test_catch_up_twice_overlapping(void)
{
    cl_rooms_clear(&t);
    cl_room_state *r = joined_room(1, "General");
    for (uint64_t id = 1; id <= 10; id++) live(1, id);
    cl_rooms_freeze(&t);
    /* the server replays what was missed (resume) and the client asks for the newest page:
     * the overlap is shown once */
    for (uint64_t id = 11; id <= 15; id++) CHECK(!hist(1, id));
    CHECK(!cl_rooms_page_end(&t, 1, true, false, &(uint64_t){0}));
    CHECK(!r->frozen);
    for (uint64_t id = 1; id <= 15; id++) CHECK(hist(1, id));
    cl_rooms_page_end(&t, 1, true, false, &(uint64_t){0});
    CHECK_EQ(r->pub.seen_hi, 15);
}

static void test_catch_up_bounded(void)
{
    cl_rooms_clear(&t);
    cl_room_state *r = joined_room(1, "General");
    live(1, 1);
    cl_rooms_freeze(&t);
    uint64_t top = 1000000, before = 0;
    int pages = 0;
    while (pages < 100) {
        for (uint64_t id = top - 49; id <= top; id++) hist(1, id);
        pages++;
        if (!cl_rooms_page_end(&t, 1, true, true, &before)) break;
        CHECK_EQ(before, top - 49);
        top -= 50;
    }
    CHECK_EQ(pages, CL_CATCHUP_PAGES); /* gives up after the limit instead of paging for ever */
    CHECK(!r->frozen);
}

static void test_event_queue(void)
{
    cl_evq q;
    CHECK(cl_evq_init(&q, 4096));
    static cl_event ev, out;
    memset(&ev, 0, sizeof ev);
    ev.type = CL_EV_QUEUED;
    snprintf(ev.text, sizeof ev.text, "hello");
    snprintf(ev.chat_text, sizeof ev.chat_text, "a message");
    msg m = {.type = MSG_CHAT_ACK};
    m.chat_ack.server_id = 5;
    uint8_t bytes[64];
    size_t len;
    CHECK(msg_encode(&m, bytes, sizeof bytes, &len));
    /* expectations in push order: the id, and whether a message went with it */
    uint64_t want_id[256];
    bool want_msg[256];
    size_t head = 0, tail = 0;
    uint64_t next = 1;
    for (;;) {
        ev.client_msg_id = next;
        bool with = next % 3 != 0;
        if (!cl_evq_push(&q, &ev, with ? bytes : NULL, with ? len : 0)) break;
        want_id[tail % 256] = next++;
        want_msg[tail++ % 256] = with;
    }
    CHECK(tail > 3);
    CHECK_EQ(q.dropped, 1);
    for (int round = 0; round < 200; round++) { /* wraps and compacts many times */
        CHECK(cl_evq_pop(&q, &out));
        CHECK_EQ(out.type, CL_EV_QUEUED);
        CHECK_EQ(out.client_msg_id, want_id[head % 256]);
        CHECK_STR(out.text, "hello");
        CHECK_STR(out.chat_text, "a message");
        CHECK_EQ(out.m.type, want_msg[head++ % 256] ? MSG_CHAT_ACK : MSG_NONE);
        if (out.m.type == MSG_CHAT_ACK) CHECK_EQ(out.m.chat_ack.server_id, 5);
        ev.client_msg_id = next;
        bool with = next % 3 != 0;
        CHECK(cl_evq_push(&q, &ev, with ? bytes : NULL, with ? len : 0));
        want_id[tail % 256] = next++;
        want_msg[tail++ % 256] = with;
    }
    while (cl_evq_pop(&q, &out)) CHECK_EQ(out.client_msg_id, want_id[head++ % 256]);
    CHECK_EQ(head, tail);
    CHECK_EQ(q.count, 0);
    cl_evq_free(&q);
}

int main(void)
{
    TEST_RUN(test_table);
    TEST_RUN(test_join_then_rejoin);
    TEST_RUN(test_catch_up_after_gap);
    TEST_RUN(test_catch_up_twice_overlapping);
    TEST_RUN(test_catch_up_bounded);
    TEST_RUN(test_event_queue);
    return test_summary();
}

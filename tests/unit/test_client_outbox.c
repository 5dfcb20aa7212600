/* Client outbox: append, ack, reload after a crash, compaction, damaged tails, locking. */
#include "../test.h"
#include "../test_fs.h"

#include "cl_outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static msg chat(uint32_t room, uint64_t id, const char *text)
{
    msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_CHAT_SEND;
    m.chat_send.room_id = room;
    m.chat_send.client_msg_id = id;
    snprintf(m.chat_send.text, sizeof m.chat_send.text, "%s", text);
    return m;
}

static msg dm(const char *to, uint64_t id, const char *text)
{
    msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_CHAT_DM;
    snprintf(m.chat_dm.to, sizeof m.chat_dm.to, "%s", to);
    m.chat_dm.client_msg_id = id;
    snprintf(m.chat_dm.text, sizeof m.chat_dm.text, "%s", text);
    return m;
}

static cl_outbox *open_box(const char *path, cl_outbox_report *rep)
{
    bool busy;
    char err[256];
    cl_outbox *o = cl_outbox_open(path, rep, &busy, err, sizeof err);
    if (!o) fprintf(stderr, "  open %s: %s\n", path, err);
    return o;
}

static void test_append_and_ack(void)
{
    char path[300], err[256];
    path_of(path, sizeof path, "a.outbox");
    cl_outbox_report rep;
    cl_outbox *o = open_box(path, &rep);
    CHECK(o != NULL);
    if (!o) return;
    CHECK_EQ(rep.loaded, 0);
    CHECK_EQ(cl_outbox_count(o), 0);
    msg m1 = chat(1, 101, "one"), m2 = dm("bob", 102, "two"), m3 = chat(2, 103, "three");
    CHECK(cl_outbox_add(o, &m1, err, sizeof err));
    CHECK(cl_outbox_add(o, &m2, err, sizeof err));
    CHECK(cl_outbox_add(o, &m3, err, sizeof err));
    CHECK_EQ(cl_outbox_count(o), 3);
    CHECK_EQ(cl_outbox_at(o, 0)->id, 101);
    CHECK_EQ(cl_outbox_at(o, 1)->type, MSG_CHAT_DM);
    CHECK_EQ((long)cl_outbox_file_size(o), file_size(path)); /* on disk at once */
    msg back;
    CHECK(cl_outbox_decode(cl_outbox_find(o, 102), &back));
    CHECK_STR(back.chat_dm.to, "bob");
    CHECK_STR(back.chat_dm.text, "two");
    CHECK(cl_outbox_ack(o, 102));
    CHECK(!cl_outbox_ack(o, 102)); /* a second ack finds nothing */
    CHECK(!cl_outbox_ack(o, 999));
    CHECK_EQ(cl_outbox_count(o), 2);
    CHECK_EQ(cl_outbox_at(o, 1)->id, 103);
    CHECK_EQ(cl_outbox_msg_id(&m2), 102);
    msg other = {.type = MSG_ROOM_LIST};
    CHECK_EQ(cl_outbox_msg_id(&other), 0);
    cl_outbox_close(o);
}

static void test_reload_after_crash(void)
{
    char path[300], err[256];
    path_of(path, sizeof path, "b.outbox");
    cl_outbox *o = open_box(path, NULL);
    CHECK(o != NULL);
    if (!o) return;
    for (uint64_t i = 1; i <= 5; i++) {
        char text[32];
        snprintf(text, sizeof text, "message %d", (int)i);
        msg m = chat(7, i * 10, text);
        CHECK(cl_outbox_add(o, &m, err, sizeof err));
    }
    CHECK(cl_outbox_ack(o, 20));
    CHECK(cl_outbox_ack(o, 40));
    cl_outbox_close(o); /* as a crash would: no compaction, acks only in the log */

    cl_outbox_report rep;
    o = open_box(path, &rep);
    CHECK(o != NULL);
    if (!o) return;
    CHECK_EQ(rep.loaded, 3);
    CHECK_EQ(rep.dropped_bytes, 0);
    CHECK_EQ(cl_outbox_count(o), 3);
    CHECK_EQ(cl_outbox_at(o, 0)->id, 10); /* the order survives */
    CHECK_EQ(cl_outbox_at(o, 1)->id, 30);
    CHECK_EQ(cl_outbox_at(o, 2)->id, 50);
    msg back;
    CHECK(cl_outbox_decode(cl_outbox_at(o, 2), &back));
    CHECK_STR(back.chat_send.text, "message 5");
    CHECK_EQ(back.chat_send.room_id, 7);
    CHECK(!cl_outbox_at(o, 0)->sent); /* bookkeeping starts fresh */
    cl_outbox_close(o);
}

static void test_compaction(void)
{
    char path[300], err[256];
    path_of(path, sizeof path, "c.outbox");
    cl_outbox *o = open_box(path, NULL);
    CHECK(o != NULL);
    if (!o) return;
    long empty = file_size(path);
    CHECK_EQ(empty, 8); /* just the magic */
    char text[1001];
    memset(text, 'x', 1000);
    text[1000] = '\0';
    for (uint64_t i = 1; i <= 100; i++) {
        msg m = chat(1, i, text);
        CHECK(cl_outbox_add(o, &m, err, sizeof err));
    }
    long full = file_size(path);
    CHECK(full > 100 * 1000);
    for (uint64_t i = 1; i <= 99; i++) CHECK(cl_outbox_ack(o, i));
    CHECK(file_size(path) > full); /* acks are appended */
    CHECK(cl_outbox_compact(o, err, sizeof err));
    long compact = file_size(path);
    CHECK(compact > 1000 && compact < 1100); /* one live entry */
    CHECK_EQ((long)cl_outbox_file_size(o), compact);
    msg m = chat(1, 500, "after compaction");
    CHECK(cl_outbox_add(o, &m, err, sizeof err)); /* appending still works */
    cl_outbox_close(o);
    cl_outbox_report rep;
    o = open_box(path, &rep);
    CHECK(o != NULL);
    if (!o) return;
    CHECK_EQ(rep.loaded, 2);
    CHECK_EQ(cl_outbox_at(o, 0)->id, 100);
    CHECK_EQ(cl_outbox_at(o, 1)->id, 500);
    cl_outbox_close(o);

    /* opening compacts too: many acked entries leave a small file */
    path_of(path, sizeof path, "c2.outbox");
    o = open_box(path, NULL);
    if (!o) return;
    for (uint64_t i = 1; i <= 50; i++) {
        msg mm = chat(1, i, text);
        cl_outbox_add(o, &mm, err, sizeof err);
        cl_outbox_ack(o, i);
    }
    cl_outbox_close(o);
    CHECK(file_size(path) > 50 * 1000);
    o = open_box(path, NULL);
    CHECK(o && cl_outbox_count(o) == 0);
    CHECK_EQ(file_size(path), 8);
    cl_outbox_close(o);
}

/* Copies the file and cuts it, or appends bytes, then checks what a reload keeps. */
static void test_damaged_tail(void)
{
    char path[300], err[256];
    path_of(path, sizeof path, "d.outbox");
    cl_outbox *o = open_box(path, NULL);
    CHECK(o != NULL);
    if (!o) return;
    msg m1 = chat(1, 1, "first"), m2 = chat(1, 2, "second"), m3 = chat(1, 3, "third");
    cl_outbox_add(o, &m1, err, sizeof err);
    cl_outbox_add(o, &m2, err, sizeof err);
    long two = file_size(path);
    cl_outbox_add(o, &m3, err, sizeof err);
    long three = file_size(path);
    cl_outbox_close(o);

    /* a write cut in the middle of the third record */
    CHECK(truncate(path, three - 5) == 0);
    cl_outbox_report rep;
    o = open_box(path, &rep);
    CHECK(o != NULL);
    if (!o) return;
    CHECK_EQ(rep.loaded, 2);
    CHECK_EQ(rep.dropped_bytes, three - 5 - two);
    CHECK_EQ(file_size(path), two); /* the tail is gone from the file too */
    cl_outbox_close(o);

    /* garbage after the good records */
    FILE *f = fopen(path, "ab");
    fwrite("\x41\xff\xff\x00\x00garbage", 1, 12, f);
    fclose(f);
    o = open_box(path, &rep);
    CHECK(o && rep.loaded == 2 && rep.dropped_bytes == 12);
    cl_outbox_close(o);

    /* a flipped byte inside the second record: its CRC fails, it and what follows go */
    f = fopen(path, "r+b");
    fseek(f, two - 8, SEEK_SET);
    int c = fgetc(f);
    fseek(f, two - 8, SEEK_SET);
    fputc(c ^ 0x20, f);
    fclose(f);
    o = open_box(path, &rep);
    CHECK(o && rep.loaded == 1 && rep.dropped_bytes > 0);
    if (o) CHECK_EQ(cl_outbox_at(o, 0)->id, 1);
    cl_outbox_close(o);

    /* a file that is not an outbox at all is moved aside, not trusted */
    f = fopen(path, "wb");
    fputs("hello, I am not an outbox\n", f);
    fclose(f);
    o = open_box(path, &rep);
    CHECK(o && rep.moved_aside && rep.loaded == 0);
    char aside[320];
    snprintf(aside, sizeof aside, "%s.bad", path);
    CHECK(file_size(aside) > 0);
    cl_outbox_close(o);

    /* an empty file (created, then a crash) is a fresh outbox */
    f = fopen(path, "wb");
    fclose(f);
    o = open_box(path, &rep);
    CHECK(o && !rep.moved_aside && rep.loaded == 0);
    cl_outbox_close(o);
}

static void test_lock(void)
{
    char path[300], err[256];
    path_of(path, sizeof path, "e.outbox");
    cl_outbox *a = open_box(path, NULL);
    CHECK(a != NULL);
    bool busy = false;
    cl_outbox *b = cl_outbox_open(path, NULL, &busy, err, sizeof err);
    CHECK(b == NULL);
    CHECK(busy);
    cl_outbox_close(a);
    b = cl_outbox_open(path, NULL, &busy, err, sizeof err);
    CHECK(b != NULL);
    cl_outbox_close(b);
}

static void test_refuses_bad_messages(void)
{
    char path[300], err[256];
    path_of(path, sizeof path, "f.outbox");
    cl_outbox *o = open_box(path, NULL);
    if (!o) return;
    msg m = chat(1, 9, "x");
    m.chat_send.text[0] = '\xff'; /* not UTF-8: cannot be encoded */
    CHECK(!cl_outbox_add(o, &m, err, sizeof err));
    CHECK(err[0] != '\0');
    CHECK_EQ(cl_outbox_count(o), 0);
    CHECK_EQ(file_size(path), 8);
    cl_outbox_close(o);
}

int main(void)
{
    test_tmpdir(dir, sizeof dir);
    TEST_RUN(test_append_and_ack);
    TEST_RUN(test_reload_after_crash);
    TEST_RUN(test_compaction);
    TEST_RUN(test_damaged_tail);
    TEST_RUN(test_lock);
    TEST_RUN(test_refuses_bad_messages);
    test_rmtree(dir);
    return test_summary();
}

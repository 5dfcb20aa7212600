/* Client known_servers: first use, same key, changed key refused, trust override, file care. */
#include "../test.h"
#include "../test_fs.h"

#include "cl_home.h"
#include "cl_known.h"
#include "identity.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[256];

static void read_all(const char *path, char *out, size_t cap)
{
    out[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return;
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    fclose(f);
}

static void key_of(uint8_t key[32], uint8_t seed)
{
    for (int i = 0; i < 32; i++) key[i] = (uint8_t)(seed * 31 + i);
}

static void test_server_name(void)
{
    char out[64];
    CHECK(cl_known_server_name("Chat.LAN", 7777, out, sizeof out));
    CHECK_STR(out, "chat.lan:7777");
    CHECK(cl_known_server_name("10.0.0.2:99", 7777, out, sizeof out));
    CHECK_STR(out, "10.0.0.2:99");
    CHECK(!cl_known_server_name("host:", 7777, out, sizeof out));
    CHECK(!cl_known_server_name("host:70000", 7777, out, sizeof out));
    CHECK(!cl_known_server_name(":80", 7777, out, sizeof out));
    CHECK(!cl_known_server_name("two words", 7777, out, sizeof out));
    CHECK(!cl_known_server_name("a-very-long-host-name", 7777, out, 8));
}

static void test_first_same_changed_trusted(void)
{
    char path[300], err[256], text[4096];
    snprintf(path, sizeof path, "%s/known_servers", dir);
    uint8_t k1[32], k2[32], old[32];
    key_of(k1, 1);
    key_of(k2, 2);

    CHECK_EQ(cl_known_check(path, "127.0.0.1:7777", k1, false, old, err, sizeof err), CL_KNOWN_NEW);
    read_all(path, text, sizeof text);
    char hex[CL_KEY_HEX_SIZE], line[128];
    cl_known_hex(k1, hex);
    snprintf(line, sizeof line, "127.0.0.1:7777 %s\n", hex);
    CHECK(strstr(text, line) != NULL);
    CHECK(text[0] == '#'); /* a header says what the file is */

    CHECK_EQ(cl_known_check(path, "127.0.0.1:7777", k1, false, old, err, sizeof err),
             CL_KNOWN_MATCH);
    /* the same key under another port is another server */
    CHECK_EQ(cl_known_check(path, "127.0.0.1:7778", k2, false, old, err, sizeof err), CL_KNOWN_NEW);

    memset(old, 0, sizeof old);
    char before[4096], after[4096];
    read_all(path, before, sizeof before);
    CHECK_EQ(cl_known_check(path, "127.0.0.1:7777", k2, false, old, err, sizeof err),
             CL_KNOWN_CHANGED);
    CHECK(memcmp(old, k1, 32) == 0);
    read_all(path, after, sizeof after);
    CHECK_STR(after, before); /* refused: nothing written */
    CHECK(strstr(after, line) != NULL);

    CHECK_EQ(cl_known_check(path, "127.0.0.1:7777", k2, true, old, err, sizeof err),
             CL_KNOWN_REPLACED);
    CHECK(memcmp(old, k1, 32) == 0);
    read_all(path, after, sizeof after);
    CHECK(strstr(after, line) == NULL);
    cl_known_hex(k2, hex);
    snprintf(line, sizeof line, "127.0.0.1:7777 %s", hex);
    CHECK(strstr(after, line) != NULL);
    CHECK_EQ(cl_known_check(path, "127.0.0.1:7777", k2, false, old, err, sizeof err),
             CL_KNOWN_MATCH);
    /* the other server's line is untouched, and each server has one line */
    uint8_t got[32];
    CHECK(cl_known_lookup(path, "127.0.0.1:7778", got, err, sizeof err));
    CHECK(memcmp(got, k2, 32) == 0);
    int lines = 0;
    for (const char *p = after; *p; p++) lines += *p == '\n';
    CHECK_EQ(lines, 4); /* two comment lines, two servers */
}

static void test_keeps_other_lines(void)
{
    char path[300], err[256], text[4096];
    snprintf(path, sizeof path, "%s/known_other", dir);
    FILE *f = fopen(path, "wb");
    fputs("# my notes\n\nbroken line without key\nhost.lan:7777 zz\n"
          "host.lan:7777 0000000000000000000000000000000000000000000000000000000000000001\n"
          "tail.lan:1 0000000000000000000000000000000000000000000000000000000000000002",
          f);
    fclose(f);
    uint8_t key[32], want[32] = {0};
    want[31] = 1;
    CHECK(cl_known_lookup(path, "host.lan:7777", key, err, sizeof err));
    CHECK(memcmp(key, want, 32) == 0);
    CHECK(!cl_known_lookup(path, "host.lan:7778", key, err, sizeof err));
    CHECK_STR(err, ""); /* not found is not an error */
    uint8_t k3[32];
    key_of(k3, 3);
    CHECK(cl_known_store(path, "host.lan:7777", k3, err, sizeof err));
    CHECK(cl_known_store(path, "new.lan:7777", k3, err, sizeof err));
    read_all(path, text, sizeof text);
    CHECK(strstr(text, "# my notes\n\nbroken line without key\nhost.lan:7777 zz\n") == text);
    CHECK(strstr(text, "tail.lan:1 0000") != NULL);
    CHECK(strstr(text, "new.lan:7777 ") != NULL);
    CHECK(cl_known_lookup(path, "host.lan:7777", key, err, sizeof err));
    CHECK(memcmp(key, k3, 32) == 0);
    CHECK(cl_known_lookup(path, "tail.lan:1", key, err, sizeof err));
}

static void test_unreadable(void)
{
    char err[256];
    uint8_t key[32];
    /* a folder where the file should be: reading fails with a message */
    char path[300];
    snprintf(path, sizeof path, "%s/adir", dir);
    char mk[320];
    snprintf(mk, sizeof mk, "mkdir -p '%s'", path);
    CHECK(system(mk) == 0);
    CHECK(!cl_known_lookup(path, "x:1", key, err, sizeof err));
    CHECK(err[0] != '\0');
    CHECK_EQ(cl_known_check(path, "x:1", key, false, NULL, err, sizeof err), CL_KNOWN_ERROR);
}

static void test_fingerprint_matches_server(void)
{
    CHECK(sodium_init() >= 0);
    for (int i = 0; i < 5; i++) {
        uint8_t pk[32], sk[64];
        crypto_sign_keypair(pk, sk);
        char mine[CL_FINGERPRINT_SIZE], server[IDENT_FINGERPRINT_SIZE];
        cl_known_fingerprint(pk, mine);
        ident_fingerprint(pk, server, sizeof server);
        CHECK_STR(mine, server);
        CHECK_EQ(strlen(mine), 39);
    }
}

static void test_home(void)
{
    char out[512], err[256], want[512];
    snprintf(want, sizeof want, "%s/h1/sub", dir);
    CHECK(cl_home_resolve(want, out, sizeof out, err, sizeof err));
    CHECK_STR(out, want);
    CHECK(access(want, F_OK) == 0);
    setenv("PARLEY_HOME", want, 1);
    CHECK(cl_home_resolve(NULL, out, sizeof out, err, sizeof err));
    CHECK_STR(out, want);
    char box[512];
    CHECK(cl_home_outbox_path(want, "127.0.0.1:7777", "Alice B", false, 0, box, sizeof box));
    char expect[600];
    snprintf(expect, sizeof expect, "%s/outbox/127.0.0.1%%3A7777_u_alice%%20b.outbox", want);
    CHECK_STR(box, expect);
    CHECK(cl_home_outbox_path(want, "127.0.0.1:7777", "alice", true, 2, box, sizeof box));
    snprintf(expect, sizeof expect, "%s/outbox/127.0.0.1%%3A7777_g_alice.2.outbox", want);
    CHECK_STR(box, expect);
    unsetenv("PARLEY_HOME");
}

int main(void)
{
    test_tmpdir(dir, sizeof dir);
    TEST_RUN(test_server_name);
    TEST_RUN(test_first_same_changed_trusted);
    TEST_RUN(test_keeps_other_lines);
    TEST_RUN(test_unreadable);
    TEST_RUN(test_fingerprint_matches_server);
    TEST_RUN(test_home);
    test_rmtree(dir);
    return test_summary();
}

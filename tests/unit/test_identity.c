/* Identity key: create, reload, refuse damaged files, fingerprint, sign; and the fsutil
 * helpers it stands on (atomic write, mkdir -p, bounded read). */
#include "fsutil.h"
#include "identity.h"
#include "../test.h"
#include "../test_fs.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    CHECK_EQ(fwrite(data, 1, len, f), len);
    fclose(f);
}

static size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
    size_t len = 0;
    CHECK_EQ(fsu_read(path, buf, cap, &len), FSU_OK);
    return len;
}

static void test_create_and_reload(void)
{
    char dir[64], data[128], path[160];
    test_tmpdir(dir, sizeof dir);
    snprintf(data, sizeof data, "%s/data/server", dir);
    snprintf(path, sizeof path, "%s/%s", data, IDENT_FILE_NAME);

    ident_key k1, k2;
    bool created = false;
    CHECK_EQ(ident_load_or_create(&k1, data, &created), IDENT_OK);
    CHECK(created);
    struct stat sb;
    CHECK(stat(data, &sb) == 0 && (sb.st_mode & 0777) == 0700);
    CHECK(stat(path, &sb) == 0);
    CHECK_EQ(sb.st_mode & 0777, 0600);
    CHECK_EQ(sb.st_size, IDENT_FILE_BYTES);
    CHECK_EQ(count_entries(data), 1); /* no temp file left behind */

    created = true;
    CHECK_EQ(ident_load_or_create(&k2, data, &created), IDENT_OK);
    CHECK(!created);
    CHECK(memcmp(k1.pk, k2.pk, sizeof k1.pk) == 0);
    CHECK(memcmp(k1.sk, k2.sk, sizeof k1.sk) == 0);

    /* The key in the file is a working libsodium key pair. */
    uint8_t pk[IDENT_PUBLIC_BYTES];
    CHECK(crypto_sign_ed25519_sk_to_pk(pk, k2.sk) == 0);
    CHECK(memcmp(pk, k2.pk, sizeof pk) == 0);

    /* Another data dir gets another identity. */
    char other[160];
    snprintf(other, sizeof other, "%s/other", dir);
    CHECK_EQ(ident_load_or_create(&k2, other, &created), IDENT_OK);
    CHECK(created);
    CHECK(memcmp(k1.pk, k2.pk, sizeof k1.pk) != 0);
    test_rmtree(dir);
}

static void test_save_load(void)
{
    char dir[64], path[128];
    test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/key", dir);
    ident_key k, back;
    CHECK(ident_generate(&k));
    CHECK_EQ(ident_load(&back, path), IDENT_ERR_NOT_FOUND);
    CHECK_EQ(ident_save(&k, path), IDENT_OK);
    CHECK_EQ(ident_load(&back, path), IDENT_OK);
    CHECK(memcmp(&k, &back, sizeof k) == 0);
    uint8_t raw[128];
    CHECK_EQ(read_file(path, raw, sizeof raw), IDENT_FILE_BYTES);
    CHECK(memcmp(raw, "PLYIDK1\n", 8) == 0);

    /* Saving again replaces the file atomically. */
    ident_key k2;
    CHECK(ident_generate(&k2));
    CHECK_EQ(ident_save(&k2, path), IDENT_OK);
    CHECK_EQ(ident_load(&back, path), IDENT_OK);
    CHECK(memcmp(&k2, &back, sizeof k2) == 0);
    CHECK_EQ(count_entries(dir), 1);

    char missing[160];
    snprintf(missing, sizeof missing, "%s/no/such/dir/key", dir);
    CHECK_EQ(ident_save(&k, missing), IDENT_ERR_WRITE);
    CHECK_EQ(count_entries(dir), 1);

    ident_wipe(&k);
    uint8_t zero[sizeof k];
    memset(zero, 0, sizeof zero);
    CHECK(memcmp(&k, zero, sizeof k) == 0);
    test_rmtree(dir);
}

/* A damaged key file is refused with a specific error and never replaced. */
static void test_damaged_files(void)
{
    char dir[64], path[128];
    test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s", dir, IDENT_FILE_NAME);
    ident_key k, out;
    bool created = true;
    CHECK_EQ(ident_load_or_create(&k, dir, &created), IDENT_OK);
    uint8_t good[IDENT_FILE_BYTES], buf[IDENT_FILE_BYTES + 8];
    CHECK_EQ(read_file(path, good, sizeof good), sizeof good);

    write_file(path, good, sizeof good - 1);
    CHECK_EQ(ident_load(&out, path), IDENT_ERR_SIZE);
    CHECK_EQ(ident_load_or_create(&out, dir, &created), IDENT_ERR_SIZE);
    CHECK(!created);
    CHECK_EQ(read_file(path, buf, sizeof buf), sizeof good - 1); /* left as it was */

    memcpy(buf, good, sizeof good);
    buf[sizeof good] = 0;
    write_file(path, buf, sizeof good + 1);
    CHECK_EQ(ident_load(&out, path), IDENT_ERR_SIZE);
    write_file(path, "", 0);
    CHECK_EQ(ident_load(&out, path), IDENT_ERR_SIZE);

    memcpy(buf, good, sizeof good);
    buf[0] = 'X';
    write_file(path, buf, sizeof good);
    CHECK_EQ(ident_load(&out, path), IDENT_ERR_FORMAT);

    memcpy(buf, good, sizeof good);
    buf[sizeof good - 1] ^= 1; /* last byte of the stored public key */
    write_file(path, buf, sizeof good);
    CHECK_EQ(ident_load(&out, path), IDENT_ERR_MISMATCH);
    CHECK_EQ(ident_load_or_create(&out, dir, &created), IDENT_ERR_MISMATCH);

    memcpy(buf, good, sizeof good);
    buf[8] ^= 1; /* first byte of the seed */
    write_file(path, buf, sizeof good);
    CHECK_EQ(ident_load(&out, path), IDENT_ERR_MISMATCH);

    write_file(path, good, sizeof good);
    CHECK_EQ(ident_load(&out, path), IDENT_OK);
    CHECK(memcmp(&out, &k, sizeof k) == 0);

    /* A key path that is a folder cannot be read. */
    char sub[128], subkey[160];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(subkey, sizeof subkey, "%s/%s", sub, IDENT_FILE_NAME);
    CHECK_EQ(fsu_mkdir_p(subkey, 0700), FSU_OK);
    CHECK_EQ(ident_load_or_create(&out, sub, &created), IDENT_ERR_READ);

    /* A data dir that cannot be created, and one too long to name. */
    char blocked[160];
    snprintf(blocked, sizeof blocked, "%s/%s/deeper", dir, IDENT_FILE_NAME);
    CHECK_EQ(ident_load_or_create(&out, blocked, &created), IDENT_ERR_DATA_DIR);
    char longdir[FSU_PATH_MAX + 10];
    memset(longdir, 'd', sizeof longdir - 1);
    longdir[sizeof longdir - 1] = '\0';
    CHECK_EQ(ident_load_or_create(&out, longdir, &created), IDENT_ERR_PATH_LONG);
    test_rmtree(dir);
}

static bool is_b32(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
}

static void test_fingerprint(void)
{
    uint8_t pk[IDENT_PUBLIC_BYTES];
    memset(pk, 0, sizeof pk);
    char fp[IDENT_FINGERPRINT_SIZE], fp2[64];
    ident_fingerprint(pk, fp, sizeof fp);
    CHECK_EQ(strlen(fp), IDENT_FINGERPRINT_SIZE - 1);
    for (size_t i = 0; i < strlen(fp); i++) {
        if (i % 5 == 4)
            CHECK(fp[i] == '-');
        else
            CHECK(is_b32(fp[i]));
    }
    /* Pinned: a fingerprint people have compared must never change for the same key. */
    CHECK_STR(fp, "ZY5E-VYAU-XJPH-ATCG-VRJU-5L4M-QPVM-NHAD");
    ident_fingerprint(pk, fp2, sizeof fp2);
    CHECK_STR(fp, fp2);
    pk[31] = 1;
    ident_fingerprint(pk, fp2, sizeof fp2);
    CHECK(strcmp(fp, fp2) != 0);
}

static void test_sign_verify(void)
{
    ident_key k, other;
    CHECK(ident_generate(&k));
    CHECK(ident_generate(&other));
    const char msg[] = "server hello, client nonce 1234";
    uint8_t sig[IDENT_SIG_BYTES];
    ident_sign(&k, msg, sizeof msg, sig);
    CHECK(ident_verify(k.pk, msg, sizeof msg, sig));
    CHECK(!ident_verify(other.pk, msg, sizeof msg, sig));
    CHECK(!ident_verify(k.pk, msg, sizeof msg - 1, sig));
    sig[5] ^= 0x40;
    CHECK(!ident_verify(k.pk, msg, sizeof msg, sig));
    ident_sign(&k, NULL, 0, sig);
    CHECK(ident_verify(k.pk, NULL, 0, sig));
}

static void test_err_strings(void)
{
    for (int i = IDENT_OK; i <= IDENT_ERR_WRITE; i++) {
        const char *s = ident_err_str((ident_err)i);
        CHECK(strlen(s) > 1);
        for (int j = 0; j < i; j++) CHECK(strcmp(s, ident_err_str((ident_err)j)) != 0);
    }
    CHECK_STR(ident_err_str((ident_err)99), "unknown identity error");
    for (int i = FSU_OK; i <= FSU_ERR_IO; i++) {
        const char *s = fsu_err_str((fsu_err)i);
        CHECK(strlen(s) > 1);
        for (int j = 0; j < i; j++) CHECK(strcmp(s, fsu_err_str((fsu_err)j)) != 0);
    }
}

/* fsutil. --------------------------------------------------------------------------------- */

static void test_fsu_join(void)
{
    char out[16];
    CHECK(fsu_join(out, sizeof out, "dir", "file"));
    CHECK_STR(out, "dir/file");
    CHECK(fsu_join(out, sizeof out, "dir//", "file"));
    CHECK_STR(out, "dir/file");
    CHECK(fsu_join(out, sizeof out, "/", "f"));
    CHECK_STR(out, "/f");
    CHECK(fsu_join(out, sizeof out, "", "f"));
    CHECK_STR(out, "f");
    CHECK(!fsu_join(out, sizeof out, "longdirectory", "file"));
    CHECK_STR(out, "");
    CHECK(fsu_join(out, sizeof out, "abcdefghij", "klmn")); /* 15 + NUL fits exactly */
}

static void test_fsu_files(void)
{
    char dir[64], path[128], deep[160];
    test_tmpdir(dir, sizeof dir);
    snprintf(deep, sizeof deep, "%s/a//b/c/", dir);
    CHECK_EQ(fsu_mkdir_p(deep, 0750), FSU_OK);
    CHECK_EQ(fsu_mkdir_p(deep, 0750), FSU_OK); /* existing is fine */
    struct stat sb;
    CHECK(stat(deep, &sb) == 0 && S_ISDIR(sb.st_mode));
    CHECK_EQ(fsu_mkdir_p("", 0700), FSU_ERR_IO);

    snprintf(path, sizeof path, "%s/f", dir);
    CHECK_EQ(fsu_write_atomic(path, "hello", 5, 0640), FSU_OK);
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640);
    char buf[8];
    size_t len = 99;
    CHECK_EQ(fsu_read(path, buf, 5, &len), FSU_OK); /* exactly the capacity */
    CHECK_EQ(len, 5);
    CHECK(memcmp(buf, "hello", 5) == 0);
    CHECK_EQ(fsu_read(path, buf, 4, &len), FSU_ERR_TOO_BIG);
    CHECK_EQ(len, 0);
    CHECK_EQ(fsu_write_atomic(path, "", 0, 0600), FSU_OK);
    CHECK_EQ(fsu_read(path, buf, sizeof buf, &len), FSU_OK);
    CHECK_EQ(len, 0);
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);

    char missing[160];
    snprintf(missing, sizeof missing, "%s/none", dir);
    CHECK_EQ(fsu_read(missing, buf, sizeof buf, &len), FSU_ERR_NOT_FOUND);
    CHECK_EQ(errno, ENOENT);

    /* Below a regular file: not a directory. */
    char below[160];
    snprintf(below, sizeof below, "%s/f/g", dir);
    CHECK_EQ(fsu_mkdir_p(below, 0700), FSU_ERR_NOT_DIR);
    CHECK_EQ(fsu_mkdir_p(path, 0700), FSU_ERR_NOT_DIR);
    CHECK_EQ(fsu_write_atomic(below, "x", 1, 0600), FSU_ERR_IO);

    char longpath[FSU_PATH_MAX + 4];
    memset(longpath, 'p', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = '\0';
    CHECK_EQ(fsu_mkdir_p(longpath, 0700), FSU_ERR_PATH_LONG);
    CHECK_EQ(fsu_write_atomic(longpath + 10, "x", 1, 0600), FSU_ERR_PATH_LONG);
    test_rmtree(dir);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    TEST_RUN(test_create_and_reload);
    TEST_RUN(test_save_load);
    TEST_RUN(test_damaged_files);
    TEST_RUN(test_fingerprint);
    TEST_RUN(test_sign_verify);
    TEST_RUN(test_err_strings);
    TEST_RUN(test_fsu_join);
    TEST_RUN(test_fsu_files);
    return test_summary();
}

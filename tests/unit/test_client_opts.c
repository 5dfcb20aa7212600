/* The options every client program shares: taking them from argv, the log-in rules, and the
 * password file. */
#include "../test.h"
#include "../test_fs.h"

#include "cl_opts.h"
#include "msg.h"

#include <stdio.h>
#include <string.h>

static bool opts_parse(int argc, char **argv, cl_opts *o, char *err, size_t errcap)
{
    cl_opts_init(o);
    for (int i = 1; i < argc; i++) {
        int took = cl_opts_take(o, argc, argv, &i, err, errcap);
        if (took <= 0) {
            if (took == 0) snprintf(err, errcap, "not ours: %s", argv[i]);
            return false;
        }
    }
    return cl_opts_check_login(o, err, errcap);
}

static void test_take(void)
{
    cl_opts o;
    char err[256];
    char *a[] = {"p",       "--server", "127.0.0.1:7000", "--user", "ann",       "--register",
                 "--email", "a@b.c",    "--home",         "/h",     "--verbose", "--trust-new-key",
                 "-h"};
    CHECK(opts_parse(13, a, &o, err, sizeof err));
    CHECK_STR(o.server, "127.0.0.1:7000");
    CHECK_STR(o.user, "ann");
    CHECK_STR(o.email, "a@b.c");
    CHECK_STR(o.home, "/h");
    CHECK_STR(o.discover_addr, CL_OPTS_DISCOVER_ADDR);
    CHECK(o.do_register && o.verbose && o.trust_new_key && o.help && !o.version && !o.guest);
    /* a value that is missing is named; an option that is not ours is left alone */
    char *b[] = {"p", "--guest"};
    int i = 1;
    CHECK_EQ(cl_opts_take(&o, 2, b, &i, err, sizeof err), -1);
    CHECK(strstr(err, "--guest") != NULL);
    char *c[] = {"p", "--json", "x"};
    i = 1;
    CHECK_EQ(cl_opts_take(&o, 3, c, &i, err, sizeof err), 0);
    CHECK_EQ(i, 1);
}

static void test_login_rules(void)
{
    cl_opts o;
    char err[256];
    char *both[] = {"p", "--guest", "a", "--user", "b"};
    CHECK(!opts_parse(5, both, &o, err, sizeof err));
    CHECK(strstr(err, "exclude") != NULL);
    char *empty[] = {"p", "--guest", ""};
    CHECK(!opts_parse(3, empty, &o, err, sizeof err));
    char long_name[MSG_NAME_MAX + 2];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    char *longn[] = {"p", "--user", long_name};
    CHECK(!opts_parse(3, longn, &o, err, sizeof err));
    char *reg[] = {"p", "--register"};
    CHECK(!opts_parse(2, reg, &o, err, sizeof err));
    char *mail[] = {"p", "--user", "a", "--email", "e"};
    CHECK(!opts_parse(5, mail, &o, err, sizeof err));
    char *pw[] = {"p", "--guest", "a", "--password-file", "f"};
    CHECK(!opts_parse(5, pw, &o, err, sizeof err));
    char *fine[] = {"p", "--guest", "gina"};
    CHECK(opts_parse(3, fine, &o, err, sizeof err));
}

static void test_password_file(void)
{
    char dir[256], path[320], out[MSG_PASSWORD_MAX + 1], err[512];
    test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/pw", dir);
    FILE *f = fopen(path, "wb");
    fputs("s3cret pass\r\nsecond line\n", f);
    fclose(f);
    CHECK(cl_opts_read_password(path, out, sizeof out, err, sizeof err));
    CHECK_STR(out, "s3cret pass");
    f = fopen(path, "wb");
    fputs("\n", f);
    fclose(f);
    CHECK(!cl_opts_read_password(path, out, sizeof out, err, sizeof err));
    CHECK(strstr(err, "first line") != NULL);
    f = fopen(path, "wb");
    for (unsigned i = 0; i < MSG_PASSWORD_MAX + 1u; i++) fputc('p', f);
    fclose(f);
    CHECK(!cl_opts_read_password(path, out, sizeof out, err, sizeof err));
    snprintf(path, sizeof path, "%s/missing", dir);
    CHECK(!cl_opts_read_password(path, out, sizeof out, err, sizeof err));
    CHECK(strstr(err, "cannot read") != NULL);
    test_rmtree(dir);
}

int main(void)
{
    TEST_RUN(test_take);
    TEST_RUN(test_login_rules);
    TEST_RUN(test_password_file);
    return test_summary();
}

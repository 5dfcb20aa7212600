/* test_fs.h — temporary folders for tests that write files (POSIX). */
#ifndef PARLEY_TEST_FS_H
#define PARLEY_TEST_FS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes a fresh folder under /tmp and writes its path into buf; exits the test on failure. */
static inline void test_tmpdir(char *buf, size_t cap)
{
    snprintf(buf, cap, "/tmp/parley-test-XXXXXX");
    if (!mkdtemp(buf)) {
        perror("mkdtemp");
        exit(2);
    }
}

/* Removes dir and everything below it. */
static inline void test_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[2048];
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path) continue;
        if (unlink(path) != 0) test_rmtree(path);
    }
    closedir(d);
    rmdir(dir);
}

#endif

/* Client JSON writer: escaping of every awkward byte, nesting, overflow. */
#include "../test.h"

#include "cl_json.h"

static const char *esc(const char *s, size_t len)
{
    static char out[1024];
    if (cl_json_escape(s, len, out, sizeof out) == 0) return "<overflow>";
    return out;
}

static void test_escape(void)
{
    CHECK_STR(esc("plain", 5), "\"plain\"");
    CHECK_STR(esc("", 0), "\"\"");
    CHECK_STR(esc("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
    CHECK_STR(esc("l1\nl2\r\tx\b\f", 10), "\"l1\\nl2\\r\\tx\\b\\f\"");
    CHECK_STR(esc("\x01\x1f\x7f", 3), "\"\\u0001\\u001f\\u007f\"");
    CHECK_STR(esc("esc\x1b[31m", 8), "\"esc\\u001b[31m\"");
    CHECK_STR(esc("nul\0x", 5), "\"nul\\u0000x\"");
    CHECK_STR(esc("/", 1), "\"/\"");
    /* valid UTF-8 passes through */
    CHECK_STR(esc("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", 15),
              "\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"");
    /* invalid UTF-8 becomes U+FFFD, one per bad byte */
    CHECK_STR(esc("\xff", 1), "\"\\ufffd\"");
    CHECK_STR(esc("\xc3", 1), "\"\\ufffd\"");                                  /* cut sequence */
    CHECK_STR(esc("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"");                       /* overlong */
    CHECK_STR(esc("\xed\xa0\x80", 3), "\"\\ufffd\\ufffd\\ufffd\"");            /* surrogate */
    CHECK_STR(esc("\xf4\x90\x80\x80", 4), "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
    CHECK_STR(esc("a\xe2\x82", 3), "\"a\\ufffd\\ufffd\"");
}

static void test_escape_overflow(void)
{
    char out[8];
    CHECK_EQ(cl_json_escape("abcdef", 6, out, sizeof out), 0);
    CHECK_STR(out, "");
    CHECK_EQ(cl_json_escape("abcde", 5, out, sizeof out), 7); /* exactly fits with NUL */
    CHECK_EQ(cl_json_escape("\n\n\n", 3, out, sizeof out), 0);
}

static void test_writer(void)
{
    char buf[512];
    cl_json j;
    cl_json_init(&j, buf, sizeof buf);
    cl_json_object(&j, NULL);
    cl_json_str(&j, "type", "chat");
    cl_json_uint(&j, "id", 18446744073709551615ull);
    cl_json_int(&j, "neg", -5);
    cl_json_bool(&j, "ok", true);
    cl_json_num(&j, "delay", 0.5);
    cl_json_null(&j, "none");
    cl_json_array(&j, "list");
    cl_json_uint(&j, NULL, 1);
    cl_json_object(&j, NULL);
    cl_json_str(&j, "k\"ey", "v\n");
    cl_json_end(&j);
    cl_json_array(&j, NULL);
    cl_json_end(&j);
    cl_json_end(&j);
    cl_json_end(&j);
    CHECK(cl_json_ok(&j));
    CHECK_STR(cl_json_text(&j), "{\"type\":\"chat\",\"id\":18446744073709551615,\"neg\":-5,"
                                "\"ok\":true,\"delay\":0.500,\"none\":null,"
                                "\"list\":[1,{\"k\\\"ey\":\"v\\n\"},[]]}");
}

static void test_writer_errors(void)
{
    char buf[16];
    cl_json j;
    cl_json_init(&j, buf, sizeof buf);
    cl_json_object(&j, NULL);
    cl_json_str(&j, "text", "far too long for sixteen bytes");
    cl_json_end(&j);
    CHECK(!cl_json_ok(&j)); /* never a cut line reported as good */
    cl_json_init(&j, buf, sizeof buf);
    cl_json_object(&j, NULL);
    CHECK(!cl_json_ok(&j)); /* unclosed */
    cl_json_end(&j);
    CHECK(cl_json_ok(&j));
    cl_json_end(&j);
    CHECK(!cl_json_ok(&j)); /* closed once too often */
}

int main(void)
{
    TEST_RUN(test_escape);
    TEST_RUN(test_escape_overflow);
    TEST_RUN(test_writer);
    TEST_RUN(test_writer_errors);
    return test_summary();
}

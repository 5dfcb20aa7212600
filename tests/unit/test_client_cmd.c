/* Client command parsing: every command, its arguments, and the errors for bad ones. */
#include "../test.h"

#include "cl_cmd.h"

static cl_cmd c;
static char err[256];

static bool parse(const char *line)
{
    return cl_cmd_parse(line, &c, err, sizeof err);
}

static bool fails_with(const char *line, const char *needle)
{
    bool ok = !parse(line) && strstr(err, needle) != NULL;
    if (!ok) fprintf(stderr, "  '%s' -> '%s' (wanted '%s')\n", line, err, needle);
    return ok;
}

static void test_plain_lines(void)
{
    CHECK(parse("hello world\n") && c.kind == CL_CMD_SAY);
    CHECK_STR(c.text, "hello world");
    CHECK(parse("  spaced  \r\n") && c.kind == CL_CMD_SAY);
    CHECK_STR(c.text, "  spaced  ");
    CHECK(parse("//slash at the start") && c.kind == CL_CMD_SAY);
    CHECK_STR(c.text, "/slash at the start");
    CHECK(parse("") && c.kind == CL_CMD_NONE);
    CHECK(parse("   \t \n") && c.kind == CL_CMD_NONE);
    char big[MSG_TEXT_MAX + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(fails_with(big, "message too long: 4001 bytes, at most 4000"));
    big[MSG_TEXT_MAX] = '\0';
    CHECK(parse(big) && strlen(c.text) == MSG_TEXT_MAX);
    CHECK(fails_with("bad \xff utf8", "not valid UTF-8"));
}

static void test_simple_commands(void)
{
    CHECK(parse("/help") && c.kind == CL_CMD_HELP);
    CHECK(parse("/logout") && c.kind == CL_CMD_LOGOUT);
    CHECK(parse("/rooms") && c.kind == CL_CMD_ROOMS);
    CHECK(parse("/quit\n") && c.kind == CL_CMD_QUIT);
    CHECK(fails_with("/quit now", "usage: /quit"));
    CHECK(fails_with("/rooms all", "usage: /rooms"));
    CHECK(fails_with("/frobnicate x", "unknown command /frobnicate"));
    CHECK(fails_with("/", "empty command"));
    CHECK(fails_with("/HELP", "unknown command /HELP"));
    CHECK(strstr(cl_cmd_help(), "/join NAME [PASSWORD]") != NULL);
    CHECK_STR(cl_cmd_name(CL_CMD_MUTE), "mute");
}

static void test_accounts(void)
{
    CHECK(parse("/login alice") && c.kind == CL_CMD_LOGIN && !c.has_secret);
    CHECK_STR(c.name, "alice");
    CHECK(parse("/login alice s3cretpass") && c.has_secret);
    CHECK_STR(c.secret, "s3cretpass");
    CHECK(fails_with("/login", "usage: /login NAME [PASSWORD]"));
    CHECK(fails_with("/login a b c", "usage: /login"));
    CHECK(parse("/register bob longpassword bob@example.com") && c.kind == CL_CMD_REGISTER);
    CHECK_STR(c.name, "bob");
    CHECK_STR(c.secret, "longpassword");
    CHECK_STR(c.email, "bob@example.com");
    CHECK(parse("/register bob") && !c.has_secret);
    CHECK(fails_with("/register bob short", "password too short: at least 8 bytes"));
    CHECK(fails_with("/register", "usage: /register"));
    CHECK(fails_with("/login abcdefghijklmnopqrstuvwxyz0123456789", "user name too long"));
}

static void test_rooms(void)
{
    CHECK(parse("/create Games") && c.kind == CL_CMD_CREATE && !c.flag);
    CHECK_STR(c.name, "Games");
    CHECK(parse("/create Secret --private hunter2hunter2") && c.flag && c.has_secret);
    CHECK_STR(c.secret, "hunter2hunter2");
    CHECK(fails_with("/create Secret --private", "a private room needs a password"));
    CHECK(fails_with("/create Secret --privat pw", "usage: /create"));
    CHECK(fails_with("/create Secret --private short", "password too short"));
    CHECK(parse("/join General") && c.kind == CL_CMD_JOIN && !c.has_secret);
    CHECK(parse("/join \"Board games\" pw") && c.has_secret);
    CHECK_STR(c.name, "Board games");
    CHECK_STR(c.secret, "pw");
    CHECK(fails_with("/join \"Board games", "missing closing quote"));
    CHECK(fails_with("/join \"\"", "room name is empty"));
    CHECK(fails_with("/join \"a\"b", "put a space after the quoted"));
    CHECK(fails_with("/join", "usage: /join NAME [PASSWORD]"));
    CHECK(fails_with("/join a b c", "usage: /join"));
    char longroom[80];
    snprintf(longroom, sizeof longroom, "/join %049d", 7);
    CHECK(fails_with(longroom, "room name too long: 49 bytes, at most 48"));
    CHECK(parse("/leave") && c.kind == CL_CMD_LEAVE && c.name[0] == '\0');
    CHECK(parse("/leave Games") && c.kind == CL_CMD_LEAVE);
    CHECK_STR(c.name, "Games");
    CHECK(parse("/delete Games") && c.kind == CL_CMD_DELETE);
    CHECK(fails_with("/delete", "usage: /delete NAME"));
    CHECK(parse("/who") && c.kind == CL_CMD_WHO && !c.name[0]);
    CHECK(parse("/who General") && c.kind == CL_CMD_WHO);
    CHECK(fails_with("/who a b", "usage: /who"));
}

static void test_people(void)
{
    CHECK(parse("/search ali") && c.kind == CL_CMD_SEARCH);
    CHECK_STR(c.text, "ali");
    CHECK(fails_with("/search", "usage: /search TEXT"));
    CHECK(fails_with("/search 0123456789012345678901234567890123", "search text too long"));
    CHECK(parse("/status away gone fishing") && c.kind == CL_CMD_STATUS);
    CHECK_EQ(c.status, MSG_STATUS_AWAY);
    CHECK_STR(c.text, "gone fishing");
    CHECK(parse("/status online") && c.status == MSG_STATUS_ONLINE && !c.text[0]);
    CHECK(parse("/status busy") && c.status == MSG_STATUS_BUSY);
    CHECK(parse("/status invisible") && c.status == MSG_STATUS_INVISIBLE);
    CHECK(fails_with("/status offline", "unknown status 'offline'"));
    CHECK(fails_with("/status", "usage: /status"));
    CHECK(parse("/dm bob hi there  ") && c.kind == CL_CMD_DM);
    CHECK_STR(c.name, "bob");
    CHECK_STR(c.text, "hi there");
    CHECK(fails_with("/dm bob", "usage: /dm NAME TEXT"));
    CHECK(fails_with("/dm", "usage: /dm"));
    CHECK(parse("/history") && c.kind == CL_CMD_HISTORY && c.number == CL_CMD_HISTORY_DEFAULT);
    CHECK(parse("/history 50") && c.number == 50);
    CHECK(fails_with("/history 0", "from 1 to 50"));
    CHECK(fails_with("/history 51", "from 1 to 50"));
    CHECK(fails_with("/history ten", "from 1 to 50"));
    CHECK(fails_with("/history 5 6", "usage: /history"));
}

static void test_moderation(void)
{
    CHECK(parse("/kick bob being rude") && c.kind == CL_CMD_KICK && !c.flag);
    CHECK_STR(c.name, "bob");
    CHECK_STR(c.text, "being rude");
    CHECK(parse("/kick bob --server spam") && c.flag);
    CHECK_STR(c.text, "spam");
    CHECK(parse("/kick --server bob") && c.flag && !c.text[0]);
    CHECK_STR(c.name, "bob");
    CHECK(fails_with("/kick", "usage: /kick"));
    CHECK(parse("/ban mallory") && c.kind == CL_CMD_BAN && !c.text[0]);
    CHECK(parse("/ban mallory spam bot") && c.kind == CL_CMD_BAN);
    CHECK_STR(c.text, "spam bot");
    CHECK(fails_with("/ban", "usage: /ban"));
    CHECK(parse("/mute bob 60 calm down") && c.kind == CL_CMD_MUTE && c.number == 60);
    CHECK_STR(c.text, "calm down");
    CHECK(parse("/mute bob 0") && c.number == 0);
    CHECK(fails_with("/mute bob", "usage: /mute NAME SECONDS"));
    CHECK(fails_with("/mute bob soon", "mute seconds must be a number"));
    CHECK(fails_with("/mute bob 99999999999", "mute seconds must be a number"));
    CHECK(fails_with("/mute bob -5", "mute seconds must be a number"));
    char reason[300] = "/ban x ";
    memset(reason + 7, 'r', 201);
    reason[208] = '\0';
    CHECK(fails_with(reason, "reason too long: 201 bytes, at most 200"));
}

int main(void)
{
    TEST_RUN(test_plain_lines);
    TEST_RUN(test_simple_commands);
    TEST_RUN(test_accounts);
    TEST_RUN(test_rooms);
    TEST_RUN(test_people);
    TEST_RUN(test_moderation);
    return test_summary();
}

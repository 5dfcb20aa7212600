# POSIX build entry. Programs are made from folders (the same globs premake5.lua uses):
#   shared/*.c       -> libparley.a          (protocol, crypto, sockets, ...)
#   client/core/*.c  -> libparley-client.a   (client core: session, voice, files)
#   server/*.c       -> parley-server
#   client/cli/*.c   -> parley-cli
#   client/gui/*.c   -> parley
#   tools/NAME/*.c   -> NAME                 (one program per tools/ folder)
#   tests/unit/*.c   -> one test program each (ASan + UBSan build)
#   tests/fuzz/*.c   -> one libFuzzer target each (clang)
# Libraries come from tools/deps/libs.txt.
#
#   make            release build in build/release
#   make test       sanitizer build in build/test, then every test (tests/run.sh)
#   make fuzz       libFuzzer targets in build/fuzz
MODE     ?= release
BUILD    := build/$(MODE)
CC       ?= cc
CLANG    ?= clang
PKGS     := $(shell awk '!/^\#/ && $$1 != "-" {print $$1}' tools/deps/libs.txt)
ifneq ($(MAKECMDGOALS),clean)
  ifneq ($(shell pkg-config --exists $(PKGS) && echo yes),yes)
    $(error pkg-config cannot find some of: $(PKGS). Run ./parley.sh setup (or tools/deps/setup.sh) first)
  endif
endif
DEP_CFLAGS := $(shell pkg-config --cflags $(PKGS)) -I/usr/include/stb
DEP_LIBS   := $(shell pkg-config --libs $(PKGS)) -lm -lpthread
WARN     := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla -Werror
CFLAGS_COMMON := -std=c11 -D_DEFAULT_SOURCE -Ishared -Iclient/core -Iserver $(WARN) $(DEP_CFLAGS)

ifeq ($(MODE),release)
  CFLAGS_MODE := -O2 -g
else ifeq ($(MODE),test)
  CFLAGS_MODE := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDFLAGS_MODE := -fsanitize=address,undefined
else ifeq ($(MODE),debug)
  CFLAGS_MODE := -O0 -g
else
  $(error MODE must be release, test or debug)
endif
ALL_CFLAGS := $(CFLAGS_COMMON) $(CFLAGS_MODE) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_MODE) $(LDFLAGS)

SHARED_SRC := $(wildcard shared/*.c)
CORE_SRC   := $(wildcard client/core/*.c)
SERVER_SRC := $(wildcard server/*.c)
CLI_SRC    := $(wildcard client/cli/*.c)
GUI_SRC    := $(wildcard client/gui/*.c)
TOOL_DIRS  := $(patsubst tools/%/,%,$(sort $(dir $(wildcard tools/*/*.c))))
TEST_SRC   := $(wildcard tests/unit/*.c)
FUZZ_SRC   := $(wildcard tests/fuzz/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIB_SHARED := $(BUILD)/libparley.a
LIB_CORE   := $(BUILD)/libparley-client.a
LIBS       := $(LIB_CORE) $(LIB_SHARED)

# A program is built once its folder has a main.c.
PROGRAMS := $(if $(wildcard server/main.c),$(BUILD)/parley-server) \
            $(if $(wildcard client/cli/main.c),$(BUILD)/parley-cli) \
            $(if $(wildcard client/gui/main.c),$(BUILD)/parley) $(patsubst %,$(BUILD)/%,$(TOOL_DIRS))
TESTS    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))

.PHONY: all test tests fuzz clean run
.SECONDARY:
all: $(PROGRAMS)
tests: $(TESTS) $(PROGRAMS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB_SHARED): $(call obj,$(SHARED_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_CORE): $(call obj,$(CORE_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^ $(if $(CORE_SRC),,; true)

$(BUILD)/parley-server: $(call obj,$(SERVER_SRC)) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(call obj,$(SERVER_SRC)) $(LIBS) $(DEP_LIBS)
$(BUILD)/parley-cli: $(call obj,$(CLI_SRC)) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(call obj,$(CLI_SRC)) $(LIBS) $(DEP_LIBS)
$(BUILD)/parley: $(call obj,$(GUI_SRC)) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(call obj,$(GUI_SRC)) $(LIBS) $(DEP_LIBS)

define tool_rule
$(BUILD)/$(1): $(call obj,$(wildcard tools/$(1)/*.c)) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $$@ $(call obj,$(wildcard tools/$(1)/*.c)) $(LIBS) $(DEP_LIBS)
endef
$(foreach t,$(TOOL_DIRS),$(eval $(call tool_rule,$(t))))

# Server sources other than main.c are linked into tests so server logic is testable.
SERVER_LIB_OBJ := $(call obj,$(filter-out server/main.c,$(SERVER_SRC)))
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(SERVER_LIB_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(SERVER_LIB_OBJ) $(LIBS) $(DEP_LIBS)

test:
	$(MAKE) MODE=test tests
	$(if $(FUZZ_SRC),$(MAKE) fuzz)
	bash tests/run.sh build/test

# libFuzzer targets: clang with its own sanitizer runtime, built from sources directly.
FUZZ_BUILD := build/fuzz
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -Ishared -Iclient/core -Iserver $(DEP_CFLAGS) -g -O1 \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
fuzz: $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRC))
$(FUZZ_BUILD)/%: tests/fuzz/%.c $(SHARED_SRC) $(CORE_SRC) $(filter-out server/main.c,$(SERVER_SRC))
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^ $(DEP_LIBS)

run: all
	bash tools/run-local.sh $(BUILD)

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Compile-checks the portable code and the Windows platform files with Debian's MinGW-w64
# cross compiler (package gcc-mingw-w64-x86-64-win32). Files that include SDL are left out:
# Debian ships only the Linux-configured SDL headers.
MINGW ?= x86_64-w64-mingw32-gcc
WIN_SHIM := build/win-shim
WIN_SRC := $(shell grep -L 'include <SDL' $(SHARED_SRC) $(SERVER_SRC) $(CORE_SRC) $(CLI_SRC) 2>/dev/null)
check-windows:
	@mkdir -p $(WIN_SHIM)
	@ln -sfn /usr/include/sodium $(WIN_SHIM)/sodium
	@ln -sf /usr/include/sodium.h $(WIN_SHIM)/sodium.h
	@ln -sf /usr/include/sqlite3.h $(WIN_SHIM)/sqlite3.h
	@ln -sf /usr/include/zlib.h $(WIN_SHIM)/zlib.h
	@ln -sfn /usr/include/speex $(WIN_SHIM)/speex
	@ln -sf /usr/include/zconf.h $(WIN_SHIM)/zconf.h
	@for f in $(WIN_SRC); do \
	  $(MINGW) -std=c11 -Ishared -Iclient/core -Iserver -I$(WIN_SHIM) -D__USE_MINGW_ANSI_STDIO=1 $(WARN) -Wno-float-conversion -fsyntax-only $$f || exit 1; \
	done; echo "check-windows: $(words $(WIN_SRC)) files compile for Windows"
.PHONY: check-windows

# portolan - vendor port references as an explorable map of network flows.
#
#   make            build ./portolan (installs missing -dev packages first)
#   make run        build, create the default database if absent, open it
#   make test       the whole test suite (prove; ends with "Result: PASS")
#   make test-asan  the same suite against an ASan/UBSan build
#   make test-valgrind  the CLI under valgrind (tests/cli/valgrind.t alone)
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each (60)
#   make bench      benchmarks at 10k and 100k flows (BENCH_FULL=1: and 1M),
#                   side by side with sqlite3 and rg; writes doc/benchmarks.md
#   make install PREFIX=/usr/local DESTDIR=
#   make clean

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/portolan
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

.DEFAULT_GOAL := all
CC ?= cc
BUILD ?= build
BIN ?= portolan
VERSION := 0.1.0

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-unused-parameter
OPT ?= -O2 -g
SAN ?=
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS) \
             -DPORTOLAN_VERSION='"$(VERSION)"' -MMD -MP $(CFLAGS)
LDFLAGS_ALL = $(SAN) $(LDFLAGS)
LIBS_ALL = $(PKG_LIBS) -lpthread -lm

# The -dev packages: .ci/deps installs what is missing (as root) or says
# how, then writes the pkg-config flags here. make reloads it by itself.
-include $(BUILD)/config.mk
$(BUILD)/config.mk: .ci/deps
	@mkdir -p $(BUILD)
	@./.ci/deps > $@.tmp && mv $@.tmp $@

DOCS := $(sort $(wildcard data/docs/*.txt))

CORE_SRC := $(sort $(wildcard src/*.c))
APP_MAIN := src/main.c
LIB_SRC := $(filter-out $(APP_MAIN),$(CORE_SRC)) \
           $(sort $(wildcard db/*.c)) $(sort $(wildcard import/*.c)) \
           $(sort $(wildcard ui/*.c))
GEN_SRC := $(BUILD)/gen/embedded.c

LIB_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) \
           $(BUILD)/obj/gen/embedded.o
APP_OBJ := $(BUILD)/obj/src/main.o

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

# Each fuzz target also builds without libFuzzer, as replay_TARGET, so the
# suite replays tests/fuzz/regress/ (tests/cli/fuzz_regress.t).
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
REPLAY_BIN := $(addprefix $(BUILD)/tests/replay_,$(FUZZ_TARGETS))

.PHONY: all run test bench test-asan test-valgrind fuzz fuzz-run check-tools man-keys \
        install uninstall clean
all: $(BIN)

$(BIN): $(APP_OBJ) $(BUILD)/libportolan.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(APP_OBJ) $(BUILD)/libportolan.a $(LIBS_ALL)

$(BUILD)/libportolan.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/obj/%.o: %.c | $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/gen/embedded.o: $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -c -o $@ $<

# The bundled documents and the schema live inside the binary, so a new
# default database can be made wherever portolan is installed.
$(GEN_SRC): src/embed.sh db/schema.sql $(DOCS)
	@mkdir -p $(dir $@)
	sh src/embed.sh db/schema.sql $(DOCS) > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libportolan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libportolan.a $(LIBS_ALL)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libportolan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< tests/fuzz/replay.c \
	  $(BUILD)/libportolan.a $(LIBS_ALL)

# The default database of `make run` lives where portolan keeps it for the
# user ($XDG_DATA_HOME/portolan/portolan.db); portolan creates it from the
# bundled documents the first time.
run: $(BIN)
	./$(BIN)

# The man page's KEYS section comes from the explorer's action list.
man-keys: $(BIN)
	@awk -v keys="$$(./$(BIN) keys --roff)" \
	  '/^\.\\" BEGIN KEYS/ {print; print keys; skip = 1; next} \
	   /^\.\\" END KEYS/ {skip = 0} !skip' doc/portolan.1 > doc/portolan.1.tmp
	@mv doc/portolan.1.tmp doc/portolan.1

check-tools:
	@./.ci/deps --test > /dev/null

TESTS_T := $(sort $(wildcard tests/cli/*.t tests/ui/*.t))
test: check-tools $(BIN) $(UNIT_BIN) $(REPLAY_BIN)
	@PORTOLAN=$(CURDIR)/$(BIN) PORTOLAN_TESTBIN=$(CURDIR)/$(BUILD)/tests \
	  prove -f $(addprefix ./,$(UNIT_BIN)) $(addprefix ./,$(TESTS_T))

# A sanitizer report ends the program with exit 86, which no test takes
# for an answer (by default it is 1, portolan's "warnings" or "none").
test-asan:
	ASAN_OPTIONS=exitcode=86 UBSAN_OPTIONS=exitcode=86:print_stacktrace=1 \
	  $(MAKE) BUILD=build-asan BIN=build-asan/portolan OPT='-O1 -g -fno-omit-frame-pointer' \
	  SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' test

# valgrind.t also runs in `make test` (skipped without valgrind); this runs
# it alone, with valgrind required.
test-valgrind: check-tools $(BIN)
	@PORTOLAN=$(CURDIR)/$(BIN) PORTOLAN_VALGRIND=required \
	  prove -f ./tests/cli/valgrind.t

# libFuzzer needs clang (.ci/deps --fuzz installs it and its runtime). The
# library is built again with fuzzer coverage in build-fuzz/; each target
# then runs FUZZ_SECONDS on a corpus made from data/docs (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz:
	@./.ci/deps --fuzz > /dev/null
	$(MAKE) CC=clang BUILD=build-fuzz BIN=build-fuzz/portolan OPT='-O1 -g' \
	  SAN='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' \
	  fuzz-run

fuzz-run: $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
	sh tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libportolan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(BUILD)/libportolan.a \
	  $(LIBS_ALL)

# The benchmarks (tests/bench/): a corpus generator, an in-process
# harness linked with the library, and run.pl, which drives them with the
# real binary, sqlite3 and rg (.ci/deps --bench installs those), prints one
# table and rewrites doc/benchmarks.md. No test asserts a timing.
BENCH_FULL ?=
BENCH_BIN := $(BUILD)/bench/bench $(BUILD)/bench/gen
bench: $(BIN) $(BENCH_BIN)
	@./.ci/deps --bench > /dev/null
	perl tests/bench/run.pl --portolan ./$(BIN) --bench $(BUILD)/bench/bench \
	  --gen $(BUILD)/bench/gen --work $(BUILD)/bench/data \
	  --out doc/benchmarks.md $(if $(BENCH_FULL),--full)

$(BUILD)/bench/gen: tests/bench/gen.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $<

$(BUILD)/bench/bench: tests/bench/bench.c $(BUILD)/libportolan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libportolan.a \
	  $(LIBS_ALL)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/docs \
	  $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/portolan
	install -m 644 $(DOCS) data/docs/README $(DESTDIR)$(DATADIR)/docs/
	install -m 644 doc/portolan.1 $(DESTDIR)$(MANDIR)/man1/portolan.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/portolan $(DESTDIR)$(MANDIR)/man1/portolan.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz portolan

-include $(shell find $(BUILD)/obj $(BUILD)/tests -name "*.d" 2>/dev/null)

# Makefile - concurrency-model study.  `make` builds the model binaries,
# `make test` builds and runs the test suite, `make sanitize` runs it again
# under ThreadSanitizer and under ASan+UBSan.  Quiet unless V=1.

CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
prefix  ?= /usr/local
DESTDIR ?=
# SANITIZER=thread | address (address includes undefined)
SANITIZER ?=
V ?= 0
WERROR ?= 0

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

CCNAME := $(notdir $(firstword $(CC)))
BUILD  ?= build/$(CCNAME)$(if $(SANITIZER),-$(SANITIZER))
# Normal builds put the programs in bin/; sanitizer builds keep theirs apart.
BIN    ?= $(if $(SANITIZER),$(BUILD)/bin,bin)

STUDY_CFLAGS := -std=gnu11 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -pthread
STUDY_CPPFLAGS := -Icommon -MMD -MP -DSTUDY_VERSION='"$(VERSION)"'
STUDY_LDLIBS := -pthread -lm
OMPFLAGS := -fopenmp

ifeq ($(SANITIZER),thread)
  STUDY_CFLAGS += -fsanitize=thread -fno-omit-frame-pointer
  STUDY_LDFLAGS += -fsanitize=thread
else ifeq ($(SANITIZER),address)
  STUDY_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
  STUDY_LDFLAGS += -fsanitize=address,undefined
else ifneq ($(SANITIZER),)
  $(error SANITIZER must be thread or address, not '$(SANITIZER)')
endif

ifeq ($(V),1)
  Q :=
  say = @:
else
  Q := @
  say = @printf '  %-7s %s\n'
endif

MODELS := pthreads openmp multiprocess
COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o)
# Each model's objects, without its main.o (the test runner links them all).
model_obj = $(patsubst %.c,$(BUILD)/%.o,$(filter-out impl-$(1)/main.c,$(wildcard impl-$(1)/*.c)))
TEST_SRC := $(filter-out tests/fold_check.c,$(wildcard tests/*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
UNIT := $(BUILD)/tests/unit

MODEL_PROGRAMS := $(MODELS:%=$(BIN)/%)
PROGRAMS := $(MODEL_PROGRAMS) $(BIN)/mpi

# The MPI model (impl-mpi/, bin/mpi), built against Open MPI through its
# compiler wrapper's flags.  Not in MODELS: its ranks are started by
# mpirun, so it is not linked into the unit-test binary or run bare.
# -isystem: warnings (-Werror in CI) are for our code, not mpi.h's.
MPICC ?= mpicc
MPI_CPPFLAGS := $(patsubst -I%,-isystem %,$(shell $(MPICC) --showme:compile 2>/dev/null))
MPI_LDLIBS := $(shell $(MPICC) --showme:link 2>/dev/null)

# The embedded-CPython host, once per interpreter linked from .pythons/
# (tools/pythons.sh, `make pythons`).  pyflags.sh turns the links into
# PY_TAGS and per-tag flags; with no interpreter, nothing is built.  Each
# host is linked the way its interpreter's executable is: statically to
# libpython3.X.a when the executable is (and the .a is installed), else to
# libpython3.X.so (PY_LINK_<tag>).
PYTHONS_DIR ?= .pythons
# Optional interpreters for `make pythons` (and study, test) to provide as
# well: WITH=3.13t.  PGO=1 (OPTIMIZED=1, its old name) builds the local
# interpreters with --enable-optimizations --with-lto; SAME_BUILD=1 builds
# 3.12 from source as 3.14 is built (PY312_TARBALL=path, or Debian's
# archive); tools/pythons.sh says what each costs and why one cannot be had.
WITH ?=
PGO ?= $(OPTIMIZED)
SAME_BUILD ?=
PYTHONS_ENV = WITH="$(WITH)" PGO="$(PGO)" SAME_BUILD="$(SAME_BUILD)"
PYMK := $(BUILD)/pythons.mk
-include $(PYMK)
EMBEDDED := $(PY_TAGS:%=$(BIN)/embedded-py-%)
# The direct way, per interpreter too: its own executable (PY_EXE_<tag>)
# driven over a socket; no libpython linked.
DIRECT := $(PY_TAGS:%=$(BIN)/direct-py-%)
PY_SOURCE := impl-embedded-py/study_workloads.py
DRIVER_SOURCE := impl-embedded-py/direct_driver.py

.PHONY: all test test-run test-bins sanitize clean install deps fold-check calldag-check pythons study report compare fuzz fuzz-regress valgrind soak mutants
all: $(PROGRAMS) $(EMBEDDED) $(DIRECT) $(BIN)/kernel-stats $(BIN)/study $(BIN)/analyze $(BIN)/compare $(BIN)/estimators

# The one pattern rule.  OpenMP flags reach only impl-openmp's objects (and
# the links that need libgomp), so no other model is affected by libgomp.
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(STUDY_CPPFLAGS) $(CPPFLAGS) $(STUDY_CFLAGS) $(if $(filter impl-openmp/%,$<),$(OMPFLAGS)) $(CFLAGS) -c -o $@ $<

.SECONDARY:
.SECONDEXPANSION:
$(MODEL_PROGRAMS): $(BIN)/%: $(COMMON_OBJ) $$(call model_obj,%) $(BUILD)/impl-%/main.o
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(if $(filter openmp,$*),$(OMPFLAGS)) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(STUDY_LDLIBS) $(LDLIBS)

$(BUILD)/impl-mpi/%.o: STUDY_CPPFLAGS += $(MPI_CPPFLAGS)
$(BIN)/mpi: $(COMMON_OBJ) $(call model_obj,mpi) $(BUILD)/impl-mpi/main.o
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(MPI_LDLIBS) $(STUDY_LDLIBS) $(LDLIBS)

# pyflags.sh also decides each host's link (tools/pylink.sh: the way the
# interpreter's executable is linked) and writes each interpreter's build
# info, $(BUILD)/pythons/<tag>.json (tools/pyinfo.py), which both binaries
# compile in and print with --build-info.
$(PYMK): tools/pyflags.sh tools/pylink.sh tools/pyinfo.py $(wildcard $(PYTHONS_DIR) $(PYTHONS_DIR)/*)
	@mkdir -p $(@D)
	$(Q)tools/pyflags.sh $(PYTHONS_DIR) $(BUILD)/pythons > $@.tmp && mv $@.tmp $@

# Per interpreter: Python's headers only (--includes, never --cflags), the
# module source and the build info compiled in with .incbin.
$(BUILD)/py-%/host.o: impl-embedded-py/host.c $(PY_SOURCE) $(PYMK)
	@mkdir -p $(@D)
	$(say) CC "$@"
	$(Q)$(CC) $(STUDY_CPPFLAGS) $(CPPFLAGS) $(PY_INC_$*) -DSTUDY_PY_SOURCE='"$(PY_SOURCE)"' -DSTUDY_BUILD_INFO='"$(PY_INFO_$*)"' $(STUDY_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BIN)/embedded-py-%: $(BUILD)/py-%/host.o $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(PY_LIB_$*) $(STUDY_LDLIBS) $(LDLIBS)

# The direct driver: no Python headers, no libpython; the executable's
# path, the workloads and the driver compiled in.
$(BUILD)/py-%/direct.o: impl-embedded-py/direct.c $(PY_SOURCE) $(DRIVER_SOURCE) $(PYMK)
	@mkdir -p $(@D)
	$(say) CC "$@"
	$(Q)$(CC) $(STUDY_CPPFLAGS) $(CPPFLAGS) -DSTUDY_PY_SOURCE='"$(PY_SOURCE)"' -DSTUDY_DRIVER_SOURCE='"$(DRIVER_SOURCE)"' -DSTUDY_PYTHON_EXE='"$(PY_EXE_$*)"' -DSTUDY_BUILD_INFO='"$(PY_INFO_$*)"' $(STUDY_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BIN)/direct-py-%: $(BUILD)/py-%/direct.o $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(STUDY_LDLIBS) $(LDLIBS)

$(UNIT): $(TEST_OBJ) $(COMMON_OBJ) $(foreach m,$(MODELS),$(call model_obj,$(m))) $(BUILD)/impl-mpi/wide.o $(BUILD)/runner/child.o $(BUILD)/runner/loadmon.o $(BUILD)/runner/plan.o $(BUILD)/analysis/dataset.o $(BUILD)/analysis/meta.o $(BUILD)/analysis/html.o $(BUILD)/analysis/svg.o $(BUILD)/analysis/schedule.o
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(OMPFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ -lcunit $(ANALYSIS_LIBS) $(STUDY_LDLIBS) $(LDLIBS)

# The sumsq kernel must really loop under both compilers (clang folds the
# plain loop into a closed form): each one present compiles common/workload.c
# to assembly, at the build's CFLAGS and at -O3, and tests/fold_check.c finds
# the loop in kernel_sumsq (a branch back over a multiply) - from the code,
# not from a clock.
FOLD_COMPILERS := $(foreach c,gcc clang,$(if $(shell command -v $(c) 2>/dev/null),$(c)))
FOLD_LEVELS := cflags O3
FOLD_ASM := $(foreach c,$(FOLD_COMPILERS),$(foreach l,$(FOLD_LEVELS),$(BUILD)/fold/workload-$(c)-$(l).s))
FOLD_CHECK := $(BUILD)/fold/fold-check
$(BUILD)/fold/workload-%.s: common/workload.c common/workload.h
	@mkdir -p $(@D)
	$(say) ASM $@
	$(Q)$(word 1,$(subst -, ,$*)) -std=gnu11 -Icommon $(if $(filter O3,$(word 2,$(subst -, ,$*))),$(CFLAGS) -O3,$(CFLAGS)) -S -o $@ common/workload.c
$(FOLD_CHECK): tests/fold_check.c
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -o $@ $<

fold-check: $(FOLD_CHECK) $(FOLD_ASM)
	$(Q)$(FOLD_CHECK) --self-test > /dev/null || $(FOLD_CHECK) --self-test
	$(Q)for s in $(FOLD_ASM); do $(FOLD_CHECK) $$s kernel_sumsq "$$(basename $$s .s | sed 's/^workload-//')" || exit 1; done

# The study runner.
RUNNER_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard runner/*.c))
$(BUILD)/runner/%.o: STUDY_CPPFLAGS += -DSTUDY_CFLAGS_USED='"$(CFLAGS)"'
$(BIN)/study: $(RUNNER_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ -ljansson $(STUDY_LDLIBS) $(LDLIBS)

# The analysis: statistics, figure data, report; gnuplot draws.  jansson
# reads meta.json, md4c parses the Markdown of report.html.
ANALYSIS_LIBS := -ljansson -lmd4c
ANALYSIS_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out analysis/compare.c,$(wildcard analysis/*.c)))
$(BIN)/analyze: $(ANALYSIS_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(ANALYSIS_LIBS) -lm $(STUDY_LDLIBS) $(LDLIBS)

# Two studies side by side: make compare A=results/x B=results/y [O=dir]
# [COMPARE_ARGS=--force].
COMPARE_OBJ := $(patsubst %,$(BUILD)/analysis/%.o,compare dataset meta html svg scripts out gnuplot opts)
$(BIN)/compare: $(COMPARE_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(ANALYSIS_LIBS) -lm $(STUDY_LDLIBS) $(LDLIBS)

# No file calls back into its caller: the files' references (nm) form no
# cycle, in the runner, the analysis and common/ (tools/calldag.py).
calldag-check: $(ANALYSIS_OBJ) $(BUILD)/analysis/compare.o $(RUNNER_OBJ) $(COMMON_OBJ)
	$(Q)tools/calldag.py --self-test > /dev/null || tools/calldag.py --self-test
	$(Q)tools/calldag.py $^

A ?=
B ?=
O ?=
COMPARE_ARGS ?=
compare: $(BIN)/compare
	$(Q)if [ -z "$(A)" ] || [ -z "$(B)" ]; then echo "make compare: give two results folders: make compare A=results/x B=results/y" >&2; exit 2; fi
	$(Q)$(BIN)/compare $(COMPARE_ARGS) $(if $(O),-o "$(O)") "$(A)" "$(B)"

# Single-thread kernel figures (ns per iteration, ns per node).
$(BIN)/kernel-stats: $(BUILD)/tools/kernel_stats.o $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(STUDY_LDLIBS) $(LDLIBS)

# Two cells' median-based and low-quantile-based intervals side by side
# (tools/estimators.c).
$(BIN)/estimators: $(BUILD)/tools/estimators.o $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(STUDY_CFLAGS) $(CFLAGS) $(STUDY_LDFLAGS) $(LDFLAGS) -o $@ $^ $(STUDY_LDLIBS) $(LDLIBS)

# libFuzzer targets (clang): the CSV reader + the analysis's loader, the
# thread-list + command-line parser, and the markdown-to-HTML converter
# with its SVG inliner.  `make fuzz` runs each for
# FUZZ_SECONDS on a scratch corpus seeded from tests/fuzz/regress-*/; a
# crasher is written to tests/fuzz/regress-<target>/ and then replayed by
# every `make test` (fuzz-regress).
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -std=gnu11 -g -O1 -Icommon -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRC_csv := tests/fuzz/fuzz_csv.c analysis/dataset.c common/csvread.c common/cli.c common/err.c common/pin.c common/workload.c
FUZZ_SRC_cli := tests/fuzz/fuzz_cli.c common/cli.c common/err.c common/pin.c common/workload.c
FUZZ_SRC_html := tests/fuzz/fuzz_html.c analysis/html.c analysis/svg.c common/atomic.c common/text.c common/err.c
FUZZ_LIBS_html := -lmd4c
FUZZ_TARGETS := csv cli html
$(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c $(wildcard common/*.h common/*.c analysis/*.c analysis/*.h)
	@mkdir -p $(@D)
	$(say) FUZZCC $@
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(FUZZ_SRC_$*) $(FUZZ_LIBS_$*) -lm

fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz-%)
	@for t in $(FUZZ_TARGETS); do \
	    corpus=$(BUILD)/fuzz/corpus-$$t; mkdir -p $$corpus; cp tests/fuzz/regress-$$t/* $$corpus/ 2>/dev/null; \
	    echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
	    $(BUILD)/fuzz/fuzz-$$t $$corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	        -artifact_prefix=tests/fuzz/regress-$$t/crash- -print_final_stats=1 2>&1 | \
	        grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Done" ; \
	done

# Replays every kept input once (seeds and former crashers).
fuzz-regress: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz-%)
	$(Q)for t in $(FUZZ_TARGETS); do \
	    $(BUILD)/fuzz/fuzz-$$t tests/fuzz/regress-$$t/* > $(BUILD)/fuzz/regress-$$t.log 2>&1 || \
	    { cat $(BUILD)/fuzz/regress-$$t.log; exit 1; }; \
	    echo "fuzz-regress $$t: $$(ls tests/fuzz/regress-$$t | wc -l) inputs replayed, 0 crashes"; \
	done

# valgrind memcheck over the native binaries, every model and split, pinned
# and not: no invalid access, no definite or indirect leak.
VALGRIND ?= valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
valgrind: $(PROGRAMS) $(BIN)/analyze
	$(Q)for m in $(MODELS); do \
	    for a in "-w sumsq -s weak -n 100000" "-w sumsq -s strong -n 100000 --pin cores" \
	             "-w nqueens -s rr -n 7" "-w nqueens -s dynamic -n 7 --pin cores"; do \
	        $(VALGRIND) $(BIN)/$$m $$a -t 1,3 -r 2 -q --timeline /dev/null > /dev/null || \
	            { echo "valgrind: $$m $$a failed"; exit 1; }; \
	    done; \
	done; echo "valgrind: $(MODELS): 12 runs, 0 errors, 0 leaks"

# The embedded host over 200 repetitions per mode (RSS must stay flat).
soak: all
	$(Q)tools/soak.sh $(BIN)

deps:
	@tools/deps.sh

# Finds or builds CPython 3.12, 3.14 and 3.14t (cached per machine), and
# those WITH names, and links them from .pythons/.
pythons:
	@$(PYTHONS_ENV) tools/pythons.sh

# The main job: on a fresh machine, install what is missing, provide the
# interpreters, build, run the preset, analyse and plot.  PRESET=smoke |
# quick | article; STUDY_ARGS adds runner options (e.g. --pin cores).
PRESET ?= quick
STUDY_ARGS ?=
study: deps
	@$(PYTHONS_ENV) tools/pythons.sh
	@$(MAKE) --no-print-directory all
	$(Q)$(BIN)/study --preset $(PRESET) $(STUDY_ARGS); rc=$$?; \
	    if [ $$rc -ne 0 ] && [ $$rc -ne 1 ]; then exit $$rc; fi; \
	    [ $$rc -eq 0 ] || echo "make study: some runs failed; their status and reason are in results/latest/raw.csv" >&2
	$(Q)$(BIN)/analyze results/latest > /dev/null
	@echo "report: $$(cd results/latest && pwd -P)/report.md"

# Re-analyse and re-plot one results folder: make report RESULTS=results/<dir>
RESULTS ?= results/latest
report: $(BIN)/analyze
	$(Q)$(BIN)/analyze $(RESULTS) > /dev/null
	@echo "report: $$(cd $(RESULTS) && pwd -P)/report.md"

# test finds or builds the interpreters first, then re-enters make so that
# the embedded binaries of every interpreter found are part of the build.
test: deps
	@$(PYTHONS_ENV) tools/pythons.sh
	@$(MAKE) --no-print-directory test-run

test-run: $(PROGRAMS) $(EMBEDDED) $(DIRECT) $(BIN)/study $(BIN)/analyze $(BIN)/compare $(BIN)/estimators $(UNIT) fuzz-regress
	$(Q)STUDY_BIN=$(BIN) STUDY_PY_TAGS="$(PY_TAGS)" PYTHONS_DIR="$(abspath $(PYTHONS_DIR))" $(UNIT)
	$(Q)$(MAKE) --no-print-directory fold-check calldag-check

# What a test run needs built (tools/mutants.sh builds it in each mutant's
# copy of the tree).
test-bins: $(PROGRAMS) $(BIN)/study $(BIN)/analyze $(BIN)/estimators $(UNIT)

# The mutation table: each patch in tests/mutants/ makes one plausible
# mistake, and the suites its header names must fail on it.  Prints
# "killed NAME (by SUITE/TEST)" or "SURVIVED NAME" per mutant and fails if
# any survives.  Not part of `make test` (it rebuilds and reruns suites once
# per mutant); MUTANTS="name ..." runs some.
MUTANTS ?=
mutants:
	$(Q)tools/mutants.sh $(MUTANTS)

# `make print-VAR`: a variable's value, for scripts (tools/mutants.sh).
print-%:
	@echo '$($*)'

# The whole suite under each sanitizer.  Suppressions cover third-party
# code only; each file says why.
sanitize:
	$(Q)TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	    $(MAKE) --no-print-directory test SANITIZER=thread
	$(Q)ASAN_OPTIONS="detect_leaks=1 abort_on_error=0" LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp print_suppressions=0" UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1" \
	    $(MAKE) --no-print-directory test SANITIZER=address

install: $(PROGRAMS) $(EMBEDDED) $(DIRECT)
	install -d $(DESTDIR)$(prefix)/bin
	install -m 755 $(PROGRAMS) $(EMBEDDED) $(DIRECT) $(DESTDIR)$(prefix)/bin

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)

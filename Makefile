# Thin wrapper over meson. `make demo` and `make test` work on a fresh
# Debian machine: missing apt packages are installed first (as root).

BUILD     ?= build
ARM_BUILD ?= build-arm
MPS2_BUILD ?= build-mps2
MPS2_NOTRAP_BUILD ?= build-mps2-notrap
MPS2_M0_BUILD ?= build-mps2-m0
TESTSUITE ?= ../shared/testsuite
MESON_OPTS ?=

.PHONY: all deps build arm mps2 rp2040 demo hello test clean

all: build

deps:
	@bash tools/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) -Dtestsuite=$(TESTSUITE) $(MESON_OPTS)

$(ARM_BUILD)/build.ninja:
	meson setup $(ARM_BUILD) --cross-file boards/mps2-an385/cross.ini

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The core for Cortex-M3 at -Os, linked with -nostdlib against libgcc only;
# prints its size.
arm: deps $(ARM_BUILD)/build.ninja
	ninja -C $(ARM_BUILD)

# wisp-runner.elf for QEMU mps2-an385 at -O2 (boards/mps2-an385/README.md);
# run a module: boards/mps2-an385/run.sh FILE.wasm [FUNC]
# Cross files are read at setup only: the build dirs below are set up afresh
# when theirs change (or were set up with ones that are gone).
MPS2_CROSS = boards/mps2-an385/cross.ini boards/mps2-an385/board.ini
$(MPS2_BUILD)/build.ninja: $(MPS2_CROSS)
	rm -rf $(MPS2_BUILD)
	meson setup $(MPS2_BUILD) --cross-file boards/mps2-an385/cross.ini --cross-file boards/mps2-an385/board.ini

mps2: deps $(MPS2_BUILD)/build.ninja
	ninja -C $(MPS2_BUILD)

# wisp-w4 (WASM-4 carts) and wisp-demo for the Raspberry Pi Pico at -O2
# (boards/rp2040/README.md): $(RP2040_BUILD)/boards/rp2040/wisp-w4.uf2 and
# wisp-demo.uf2. A cart goes into wisp-w4's flash with
# boards/rp2040/w4cart.py; to build one in and run it in rp2040js:
#   boards/rp2040/run-cart.sh CART.wasm FRAMES [TAPE]   (same build dir)
RP2040_BUILD ?= build-rp2040-w4
RP2040_CROSS = boards/rp2040/cross.ini boards/rp2040/board.ini boards/rp2040/w4.ini
$(RP2040_BUILD)/build.ninja: $(RP2040_CROSS)
	rm -rf $(RP2040_BUILD)
	meson setup $(RP2040_BUILD) $(foreach f,$(RP2040_CROSS),--cross-file $(f)) -Dsimd=false

rp2040: deps $(RP2040_BUILD)/build.ninja
	ninja -C $(RP2040_BUILD) boards/rp2040/wisp-w4.uf2 boards/rp2040/wisp-w4-size.txt \
	    boards/rp2040/wisp-demo.uf2

# The console demo on QEMU mps2-an385 (boards/mps2-an385/demo.py): a game
# plays, crashes; backtrace and coredump over the serial line, the dump
# pulled with `wisp pull --request` and read by `wisp inspect`.
# `make demo GAME=path/to/game.wasm` runs your own game (examples/game/console.h).
DEMO_BUILD ?= build-demo
GAME ?=
demo: build
	python3 boards/mps2-an385/demo.py --source . --wisp $(BUILD)/tools/wisp \
	  --build $(DEMO_BUILD) $(if $(GAME),--game $(GAME))

# The WASI demo guest on the host.
hello: build
	$(BUILD)/tools/wisp run $(BUILD)/examples/hello.wasm hello wisp

# Every test, then the host suites once more under ASan+UBSan (issue 7),
# then built with clang instead of gcc (issue 15).
test: build arm
	meson test -C $(BUILD) --print-errorlogs --num-processes 2
	$(MAKE) test-asan
	$(MAKE) test-clang
	$(MAKE) test-narrow

# The core, the tools and the host suites built with clang-14 (the boards
# and the fuzzers are built the same way in either build).
CLANG_BUILD ?= build-clang
.PHONY: test-clang
$(CLANG_BUILD)/build.ninja:
	CC=clang-14 meson setup $(CLANG_BUILD) -Dtestsuite=$(TESTSUITE) $(MESON_OPTS)

test-clang: deps $(CLANG_BUILD)/build.ninja
	ninja -C $(CLANG_BUILD)
	meson test -C $(CLANG_BUILD) --no-suite boards --no-suite fuzz --print-errorlogs --num-processes 2

# The core as 32-bit targets build it (WISP_NARROW: an i32/f32 result writes
# half its slot, and with WISP_MOVE32 a move of one moves half), on the
# host: the spec suite, the translator's and the unit tests.
NARROW_BUILD ?= build-narrow
.PHONY: test-narrow
$(NARROW_BUILD)/build.ninja:
	meson setup $(NARROW_BUILD) -Dtestsuite=$(TESTSUITE) -Dc_args=-DWISP_NARROW=1 $(MESON_OPTS)

test-narrow: deps $(NARROW_BUILD)/build.ninja
	ninja -C $(NARROW_BUILD)
	meson test -C $(NARROW_BUILD) --suite spec --suite translate --suite unit --print-errorlogs \
	    --num-processes 2

# Speed benchmarks (issue 6, tests/bench/README.md), not part of `make test`:
# wisp against wasm3, WAMR, wabt and native on tests/bench/guests, plus the
# Cortex-M3 instruction counts (QEMU), arena/stack, load speed and Thumb size
# tables. Writes $(BUILD)/bench/results.md and results.csv. BENCH_N=5 (best of).
.PHONY: bench
bench: build mps2 $(MPS2_NOTRAP_BUILD)/build.ninja $(MPS2_M0_BUILD)/build.ninja
	ninja -C $(MPS2_M0_BUILD) boards/mps2-an385/wisp-w4.elf  # the carts' M0 image too
	python3 tests/bench/bench.py --build $(BUILD) --mps2-build $(MPS2_BUILD) \
	    --mps2-notrap-build $(MPS2_NOTRAP_BUILD) --mps2-m0-build $(MPS2_M0_BUILD)

# The WASM-4 carts on QEMU mps2-an385 (issue 18, tests/bench/carts.py): wisp-w4.elf
# (Cortex-M3 and M0 builds) beside WASM-4's own runtime, arena, code and
# instructions per frame; writes $(BUILD)/bench/carts.md. CARTS_FRAMES=600.
CARTS ?= ../shared/carts
CARTS_FRAMES ?= 600
.PHONY: bench-carts
bench-carts: mps2 $(MPS2_M0_BUILD)/build.ninja
	ninja -C $(MPS2_M0_BUILD) boards/mps2-an385/wisp-w4.elf
	python3 tests/bench/carts.py --m3 $(MPS2_BUILD)/boards/mps2-an385/wisp-w4.elf \
	    --m0 $(MPS2_M0_BUILD)/boards/mps2-an385/wisp-w4.elf \
	    --peer ../shared/peers/wasm4/w4ref-mps2.elf --carts $(CARTS) \
	    --frames $(CARTS_FRAMES) --out $(BUILD)/bench

# The carts' native ceiling (tests/bench/native/README.md): each cart through
# wasm2c and arm-none-eabi-gcc -O2 for the Cortex-M0, instructions per frame on
# QEMU mps2-an385; writes $(BUILD)/bench/native.md (beside wisp's M0 medians when
# bench-carts wrote $(BUILD)/bench/carts.md). NATIVE_FRAMES=60, NATIVE_JOBS=1.
NATIVE_FRAMES ?= 60
NATIVE_JOBS ?= 1
.PHONY: bench-native
bench-native:
	python3 tests/bench/native/native.py --cart-dir $(CARTS) --frames $(NATIVE_FRAMES) \
	    --jobs $(NATIVE_JOBS) --build $(BUILD)/bench/native --out $(BUILD)/bench/native.md \
	    $(if $(wildcard $(BUILD)/bench/carts.md),--wisp $(BUILD)/bench/carts.md)

# The runner again without backtraces: `make bench` shows what they cost.
$(MPS2_NOTRAP_BUILD)/build.ninja: $(MPS2_CROSS)
	rm -rf $(MPS2_NOTRAP_BUILD)
	meson setup $(MPS2_NOTRAP_BUILD) --cross-file boards/mps2-an385/cross.ini \
	    --cross-file boards/mps2-an385/board.ini -Dtrap_info=false

# And compiled for the Cortex-M0 instruction set (boards/mps2-an385/m0.ini).
$(MPS2_M0_BUILD)/build.ninja: $(MPS2_CROSS) boards/mps2-an385/m0.ini
	rm -rf $(MPS2_M0_BUILD)
	meson setup $(MPS2_M0_BUILD) --cross-file boards/mps2-an385/cross.ini \
	    --cross-file boards/mps2-an385/board.ini --cross-file boards/mps2-an385/m0.ini

# Robustness (issue 7, tests/fuzz/README.md, tests/robust/README.md).
# `make fuzz`: the long form of what `make test` runs briefly: each libFuzzer
# target FUZZ_TIME seconds (two at a time), DIFF_COUNT differential modules
# with a new seed, and the arena sweep over every spec module.
# `make test-asan`: unit, spec, cli and console suites once more under ASan+UBSan,
# with slot operands as byte offsets (WISP_SLOT_BYTES, the Cortex-M0's
# encoding: so the spec suite runs it on the host too).
ASAN_BUILD ?= build-asan
FUZZ_TIME  ?= 600
DIFF_COUNT ?= 20000
.PHONY: fuzz test-asan
fuzz: build
	bash tests/fuzz/long.sh $(BUILD) $(FUZZ_TIME) $(DIFF_COUNT)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Dtestsuite=$(TESTSUITE) -Db_sanitize=address,undefined \
	    -Dc_args=-DWISP_SLOT_BYTES=1 $(MESON_OPTS)

test-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  meson test -C $(ASAN_BUILD) --suite unit --suite spec --suite cli --suite console --print-errorlogs --num-processes 2

clean:
	rm -rf $(BUILD) $(ARM_BUILD) $(MPS2_BUILD) $(ASAN_BUILD) $(DEMO_BUILD) $(CLANG_BUILD) \
	    $(MPS2_NOTRAP_BUILD) $(MPS2_M0_BUILD) $(RP2040_BUILD) $(NARROW_BUILD)

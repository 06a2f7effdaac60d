# Thin wrapper over meson. `make demo` and `make test` work on a fresh
# Debian machine: missing apt packages are installed first (as root).

BUILD     ?= build
ARM_BUILD ?= build-arm
TESTSUITE ?= ../shared/testsuite
MESON_OPTS ?=

.PHONY: all deps build arm demo test clean

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

demo: build
	$(BUILD)/tools/wisp run $(BUILD)/examples/hello.wasm hello wisp

test: build arm
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

clean:
	rm -rf $(BUILD) $(ARM_BUILD)

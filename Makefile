# SPDX-License-Identifier: Apache-2.0
# The two commands: `make run` (install, build, run the default scenario) and `make test`.
# `make run` installs and builds only what the geosim command needs (scripts/install-deps.sh run;
# no tests, no benchmarks); `make test` and the other targets install everything (... test) and
# build the tests and benchmarks too, in the same build directory.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO ?= scenarios/paris-2026.yaml

FUZZ_BUILD ?= build-fuzz
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 60

.PHONY: all deps deps-run configure configure-run build build-run run test check clean bench fuzz test-sanitize package

all: build

deps:
	@bash scripts/install-deps.sh test

deps-run:
	@bash scripts/install-deps.sh run

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGEOSIM_MPI=ON \
	  -DGEOSIM_BUILD_TESTS=ON -DGEOSIM_BUILD_BENCH=ON >/dev/null

configure-run: deps-run
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGEOSIM_MPI=ON \
	  -DGEOSIM_BUILD_TESTS=OFF -DGEOSIM_BUILD_BENCH=OFF >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

build-run: configure-run
	@cmake --build $(BUILD) -j $(JOBS)

run: build-run
	./$(BUILD)/geosim run $(SCENARIO)

check: build-run
	./$(BUILD)/geosim check scenarios/*.yaml

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# A Debian package of what `cmake --install` installs (the command, the engine library and headers,
# the Python module), under /usr, into $(BUILD): geosim_VERSION_ARCH.deb. tests/package/deb.sh checks it.
package: build
	cd $(BUILD) && cpack -G DEB

# libFuzzer targets (clang, ASan, UBSan) run for FUZZ_SECONDS each; see fuzz/run.sh.
fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGEOSIM_FUZZ=ON -DGEOSIM_BUILD_TESTS=OFF -DGEOSIM_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_scenario fuzz_expr fuzz_native fuzz_outputs
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh $(FUZZ_BUILD)

# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer (assertions on).
# Any report aborts the process; reports also go to $(ASAN_BUILD)/sanitizer-logs, which must stay
# empty. The MPI tests run without leak detection: Open MPI's plugins, unloaded at exit, leave
# leaks that no suppression can name ("<unknown module>"); every other check stays on for them.
SANITIZER_ENV = GEOSIM_TEST_TIME_SCALE=4 \
  ASAN_OPTIONS=abort_on_error=1:strict_string_checks=1:check_initialization_order=1:log_path=$(CURDIR)/$(ASAN_BUILD)/sanitizer-logs/asan \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/$(ASAN_BUILD)/sanitizer-logs/ubsan
test-sanitize: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
	  -DGEOSIM_SANITIZE=ON -DGEOSIM_MPI=ON -DGEOSIM_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@rm -rf $(ASAN_BUILD)/sanitizer-logs && mkdir -p $(ASAN_BUILD)/sanitizer-logs
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ASAN_OPTIONS=$$ASAN_OPTIONS:detect_leaks=1 \
	  ctest --output-on-failure -j $(JOBS) -E '^mpi\.'
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ASAN_OPTIONS=$$ASAN_OPTIONS:detect_leaks=0 \
	  ctest --output-on-failure -j $(JOBS) -R '^mpi\.'
	@if [ -n "$$(ls -A $(ASAN_BUILD)/sanitizer-logs)" ]; then \
	  echo "sanitizer reports:"; cat $(ASAN_BUILD)/sanitizer-logs/*; exit 1; fi
	@echo "test-sanitize: no sanitizer reports"

# Timings and peak memory (paris-2026, engine vs hand-written loop), geosim against its peers on
# one thread (native, interpreted, hand-written, the tuned floor and NumPy at 2,000, 20,000 and
# 200,000 runs, with the ratios; bench/peers.py, about 5 minutes: PEERS="--runs 2000,20000 --repeat 1"
# shortens it to seconds), the random-stream comparison (xoshiro256++ vs Philox), the elementary
# functions scalar against their SIMD batch form (geosim_math_bench), large synthetic
# scenarios (compile time, native vs interpreted, sparse influence; bench/scaling.sh), then
# instruction counts under callgrind, which do not depend on the machine's load; docs/performance.md.
PEERS ?=
bench: build
	./$(BUILD)/bench/geosim_bench
	/usr/bin/python3 bench/peers.py --bench $(BUILD)/bench/geosim_bench $(PEERS)
	./$(BUILD)/bench/geosim_rng_bench
	./$(BUILD)/bench/geosim_math_bench
	bash bench/scaling.sh $(BUILD)/geosim
	bash bench/decisions.sh $(BUILD)/geosim
	bash bench/callgrind.sh $(BUILD)/bench/geosim_bench

clean:
	rm -rf $(BUILD)

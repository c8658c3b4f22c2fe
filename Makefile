# The two commands: `make run` (install, build, run the default scenario) and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO ?= scenarios/paris-2026.yaml

.PHONY: all deps configure build run test check clean bench

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGEOSIM_MPI=ON >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/geosim run $(SCENARIO)

check: build
	./$(BUILD)/geosim check scenarios/*.yaml

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	./$(BUILD)/bench/geosim_bench

clean:
	rm -rf $(BUILD)

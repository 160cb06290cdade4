# The two commands a newcomer needs: `make demo` and `make test`. Each sets up what it needs first.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
RELEASE_BIN := .build/release/arbor

.PHONY: setup build release test demo bench clean

setup:
	@scripts/setup-system.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product arbor

# Builds everything and runs every test (Swift Testing), printing the Swift test summary.
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The main job on the embedded default: a live R-MCTS search on MiniWeb with the offline agent.
demo: release
	$(RELEASE_BIN) demo

# Benchmarks print each figure beside its reference; they are never part of `make test`.
bench: release
	$(RELEASE_BIN) bench store

clean:
	rm -rf .build

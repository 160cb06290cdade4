# The two commands a newcomer needs: `make demo` and `make test`. Each sets up what it needs first.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
RELEASE_BIN := .build/release/arbor

.PHONY: setup build release test test-llm demo bench clean

setup:
	@scripts/setup-system.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product arbor

# Checks the formatting, builds everything (no warning allowed in the project's own code), runs every test (Swift
# Testing, printing the Swift test summary), then checks that no process the tests started is still running.
test: setup
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests benchmarks Package.swift
	mkdir -p .build && set -o pipefail && $(SWIFT) build --build-tests 2>&1 | tee .build/test-build.log
	scripts/check-warnings.sh .build/test-build.log
	tag=make-test-$$$$-$$RANDOM; status=0; ARBOR_TEST_RUN=$$tag $(SWIFT) test --skip-build || status=$$?; \
		scripts/check-leftovers.sh $$tag || status=1; exit $$status

# The real-model path: starts a small local model (SmolLM2-135M on llama.cpp's server; the first start on a machine
# builds it, about 11 minutes) and runs the tests that talk to it: a MiniWeb run and a MiniWoB search in headless
# Chromium (setup installs Chromium and miniwob). Separate from `make test`.
test-llm: setup
	$(SWIFT) build --build-tests
	scripts/local-llm start
	ARBOR_LLM_BASE_URL=$$(scripts/local-llm status) $(SWIFT) test --skip-build --filter "RealModel"

# The main job on the embedded default: a live R-MCTS search on MiniWeb with the offline agent. A debug build is
# quicker to make and the paced demo does not need more.
demo: setup
	$(SWIFT) build --product arbor
	.build/debug/arbor demo

# Benchmarks print each figure beside its reference; they are never part of `make test`.
bench: release
	$(RELEASE_BIN) bench store
	-$(RELEASE_BIN) bench engine
	-$(RELEASE_BIN) bench tui
	-$(RELEASE_BIN) bench replay
	-$(RELEASE_BIN) bench miniweb
	-$(RELEASE_BIN) bench wall --tasks 5
	-$(RELEASE_BIN) bench images
	-$(SWIFT) build -c release --product arbor-models-bench && .build/release/arbor-models-bench

clean:
	rm -rf .build

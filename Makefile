# tricodec: `make test` and `make demo` are the two entry points; both run
# scripts/bootstrap.sh first (fast when everything is installed).
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test demo bootstrap bench fmt lint

## Tools, models, then every Rust test of the workspace (all, even after a failure).
test: bootstrap
	$(CARGO) test --workspace --no-fail-fast

## A real weight tensor through our encoder, our decoder and ffmpeg.
demo: bootstrap
	$(CARGO) build --release --bin tricodec
	scripts/demo.sh

## Installs missing apt packages and fetches the model tensors.
bootstrap:
	scripts/bootstrap.sh

bench:
	$(CARGO) bench --workspace

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

.PHONY: synth
## ASAP7 synthesis of each RTL block (synth/blocks.toml): Yosys, a gate-level
## check against the golden vectors, OpenSTA timing (TT, SS) and power. Writes
## synth/reports/summary.json and docs/results/synth.md. ASAP7_LIB_DIR picks
## the liberty folder (default: asap7/lib of the shared folder).
synth: bootstrap
	python3 -m unittest discover -s synth -p 'test_*.py'
	$(CARGO) test -q --manifest-path synth/vectors/Cargo.toml --target-dir synth/build/cargo
	python3 synth/flow.py

.PHONY: synth-check
## The flow's unit tests and its stand-in block (synth/selftest, about 15 s):
## checks the tools and the ASAP7 files work; writes no reports.
synth-check: bootstrap
	python3 -m unittest discover -s synth -p 'test_*.py'
	python3 synth/flow.py --blocks mac16 --no-reports

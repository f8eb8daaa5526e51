# tricodec: `make test` and `make demo` are the two entry points; both run
# scripts/bootstrap.sh first (fast when everything is installed).
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test demo bootstrap bench fmt lint tensor-tools

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

## What each tensor-codec tool brings, on real weights (docs/results/tensor-tools.md).
tensor-tools: bootstrap
	scripts/tensor_tools.sh

## Fuzzes each target for FUZZ_SECONDS (default 60) with cargo-fuzz on the
## stable toolchain (RUSTC_BOOTSTRAP=1); stops at the first finding, which
## lands in fuzz/artifacts/TARGET/. See fuzz/README.md.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -rss_limit_mb=2048 -timeout=10 -max_total_time=$(FUZZ_SECONDS)
.PHONY: fuzz
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	set -e; for t in decode_stream:fuzz/seeds/h264 decode_mutated: safetensors:fuzz/seeds/safetensors; do \
		name=$${t%%:*}; seeds=$${t#*:}; \
		mkdir -p fuzz/corpus/$$name fuzz/artifacts/$$name; \
		RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O -a -s none $$name fuzz/corpus/$$name $$seeds -- \
			$(FUZZ_FLAGS) -artifact_prefix=fuzz/artifacts/$$name/; \
	done

.PHONY: bench-speed
## Golden encoder/decoder speed side by side with x264 and ffmpeg (one core),
## written to docs/results/golden-speed.md (golden/benches/speed.rs).
## SPEED_ARGS passes options, e.g. SPEED_ARGS="--reps 3 --samples 8000000".
bench-speed: bootstrap
	$(CARGO) build --release --bin tricodec
	TRICODEC_CLI="$(CURDIR)/target/release/tricodec" \
		$(CARGO) bench -p tricodec-golden --bench speed -- \
		--out "$(CURDIR)/docs/results/golden-speed.md" $(SPEED_ARGS)

## Rate-distortion report: tricodec vs x264, per-row RTN and the Gaussian
## bound on stories260K and MiniLM (docs/results/rd.md, rd.json).
.PHONY: rd-report
rd-report: bootstrap
	scripts/rd_report.sh

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

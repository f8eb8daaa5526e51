#!/usr/bin/env bash
# Regenerates docs/results/rd.md and docs/results/rd.json: tricodec against
# x264, per-row RTN (ideal entropy coder, zstd), ECSQ+H and the Gaussian
# reverse water-filling bound at 2, 2.5, 3 and 4 bits/value on every 2-D
# weight of stories260K and all-MiniLM-L6-v2, model-level quality (KL
# divergence of stories260K at every rate and of SmolLM2-135M-Instruct, from
# its GGUF, at 2.5 and 4 bits/value; --no-kld to skip), plus whole-model
# compression speed.
# Extra arguments go to the tool (e.g. --jobs 1, --rates 2.5, --no-x264;
# target/release/rd-report --help lists them). Progress on stderr; takes
# about 18 minutes on 2 cores.
# `scripts/rd_report.sh --render-from docs/results/rd.json` measures nothing:
# it renders rd.md and rd.json again from the measurements an rd.json records
# (seconds; an rd.json from before --render-from lacks some of them).
# `scripts/rd_report.sh --kld-from docs/results/rd.json` measures only the
# model-level section and takes the rest from that rd.json (about 40 minutes
# with SmolLM2's forward passes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for arg in "$@"; do
    case "$arg" in
    --render-from | --render-from=*)
        cargo build --release -q -p tricodec-report
        exec target/release/rd-report "$@"
        ;;
    esac
done
if [ ! -f build/models/stories260K.safetensors ] || [ ! -f build/models/minilm/model.safetensors ]; then
    scripts/bootstrap.sh
fi
for tool in x264 ffmpeg; do
    command -v "$tool" >/dev/null || { echo "rd_report: $tool not found (run scripts/bootstrap.sh)" >&2; exit 1; }
done
cargo build --release -q -p tricodec-report
target/release/rd-report \
    --command "scripts/rd_report.sh${*:+ $*}" \
    --date "$(date -u +%Y-%m-%d)" \
    "$@"

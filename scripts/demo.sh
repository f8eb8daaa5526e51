#!/usr/bin/env bash
# `make demo`: (1) a real LLM model compressed to 2.5 bits/value, restored,
# and evaluated at 2 / 2.5 / 3 / 4 bits/value; (2) one of its weight tensors
# as a 4:0:0 picture, encoded by tricodec, decoded by tricodec and by ffmpeg:
# the encoder's reconstruction and both decodes must agree byte for byte.
#
# Environment: QP (default 24), TENSOR (default model.embed_tokens.weight),
# TRICODEC_BIN (default target/release/tricodec).
# Needs scripts/bootstrap.sh to have run and the release CLI to be built
# (`make demo` does both).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

QP=${QP:-24}
TENSOR=${TENSOR:-model.embed_tokens.weight}
MODEL=build/models/stories260K.safetensors
BIN=${TRICODEC_BIN:-target/release/tricodec}
OUT=build/demo

die() {
    echo "demo: error: $*" >&2
    exit 1
}

[ -f "$MODEL" ] || die "$MODEL missing: run scripts/bootstrap.sh"
[ -x "$BIN" ] || die "$BIN missing: run cargo build --release --bin tricodec"
mkdir -p "$OUT"

# (1) The whole model: compress, decompress, evaluate.
"$BIN" compress --bits 2.5 -o "$OUT/model.tcz" "$MODEL"
"$BIN" decompress -o "$OUT/model.safetensors" "$OUT/model.tcz"
echo "demo: $(stat -c %s "$MODEL") bytes of F32 weights -> $(stat -c %s "$OUT/model.tcz") bytes"
"$BIN" eval --bits 2,2.5,3,4 "$MODEL" | grep '^target'

# (2) The tensor's matrix view as an 8-bit picture (see scripts/tensor_image.py).
read -r W H < <(python3 scripts/tensor_image.py "$MODEL" "$TENSOR" "$OUT/tensor.gray")
echo "demo: $TENSOR of stories260K as a ${W}x${H} 4:0:0 picture, qp $QP"

"$BIN" encode --width "$W" --height "$H" --chroma 400 --qp "$QP" --transform-8x8 --deblock \
    --recon "$OUT/recon.gray" -o "$OUT/tensor.264" "$OUT/tensor.gray"
"$BIN" decode -o "$OUT/tricodec.gray" "$OUT/tensor.264"

# ffmpeg decodes natively (no -pix_fmt: `-pix_fmt gray` would rescale the
# range). A 4:0:0 stream comes out as yuv420p with flat chroma: keep the luma.
ffmpeg -v error -y -i "$OUT/tensor.264" -f rawvideo -fps_mode passthrough "$OUT/ffmpeg.yuv"
pix_fmt=$(ffprobe -v error -select_streams v:0 -show_entries stream=pix_fmt -of csv=p=0 \
    "$OUT/tensor.264")
luma=$((W * H))
case "$pix_fmt" in
gray) frame=$luma ;;
yuv420p | yuvj420p) frame=$((luma + 2 * ((W + 1) / 2) * ((H + 1) / 2))) ;;
*) die "ffmpeg decodes to unexpected pix_fmt $pix_fmt" ;;
esac
[ "$(stat -c %s "$OUT/ffmpeg.yuv")" -eq "$frame" ] || die "ffmpeg did not output one frame"
head -c "$luma" "$OUT/ffmpeg.yuv" >"$OUT/ffmpeg.gray"

cmp "$OUT/recon.gray" "$OUT/tricodec.gray" || die "tricodec decoder differs from the encoder's recon"
cmp "$OUT/tricodec.gray" "$OUT/ffmpeg.gray" || die "ffmpeg differs from the tricodec decoder"
echo "demo: encoder recon, tricodec decode and ffmpeg decode are identical ($luma bytes)"

bytes=$(stat -c %s "$OUT/tensor.264")
milli=$(((bytes * 8000 + luma / 2) / luma))
printf 'demo: %d bytes for %d samples: %d.%03d bits/sample (8 raw)\n' \
    "$bytes" "$luma" $((milli / 1000)) $((milli % 1000))
python3 - "$OUT/tensor.gray" "$OUT/recon.gray" <<'EOF'
import math, sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
se = sum((x - y) ** 2 for x, y in zip(a, b))
peak = max(abs(x - y) for x, y in zip(a, b))
psnr = "inf" if se == 0 else f"{10 * math.log10(255 ** 2 * len(a) / se):.2f}"
print(f"demo: PSNR {psnr} dB, max sample error {peak}")
EOF
echo "demo: files in $OUT/"

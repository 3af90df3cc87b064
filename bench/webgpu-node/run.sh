#!/usr/bin/env bash
# Runs the WebGPU (Dawn in Node) and PyTorch reference benchmarks on a GPU machine that has no Node,
# no browser and no network. Run from the repo root with .gpu/ present (built by
# bench/webgpu-node/build.js; this file is copied there):
#
#   OUT=/some/dir bash .gpu/run.sh          (QUICK=1: tiny sizes, software adapters allowed)
#
# Writes to $OUT: env.log, webgpu-node.json/.log, torch.json/.log. A failure of one benchmark
# never stops the other (no set -e).
set -u
cd "$(dirname "$0")/.."
OUT="${OUT:-/tmp/gpu-out}"
mkdir -p "$OUT"
WORK=/tmp/node
mkdir -p "$WORK"

diagnose() {
  echo "== $(date -u +%FT%TZ) $(uname -srm)"
  head -2 /etc/os-release 2>/dev/null
  ldd --version 2>&1 | head -1
  # dawn.node needs glibc 2.34 and libstdc++ with GLIBCXX_3.4.30 (GCC 12).
  stdcxx=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/{print $NF; exit}')
  if [ -n "$stdcxx" ] && grep -aq GLIBCXX_3.4.30 "$stdcxx"; then echo "libstdc++: $stdcxx has GLIBCXX_3.4.30"; else echo "libstdc++: ${stdcxx:-not found} LACKS GLIBCXX_3.4.30 (dawn.node will not load)"; fi
  echo "== nvidia-smi -L"
  nvidia-smi -L 2>&1
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1
  echo "NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-unset} (Vulkan needs 'graphics' or 'all')"
  echo "== Vulkan ICD files"
  ls -l /usr/local/nvidia/share/vulkan/icd.d /usr/local/nvidia/etc/vulkan/icd.d /etc/vulkan/icd.d /usr/share/vulkan/icd.d 2>&1
  echo "== NVIDIA / Vulkan libraries"
  ldconfig -p 2>/dev/null | grep -E 'libvulkan|libGLX_nvidia|libnvidia-glvkspirv|libnvidia-gpucomp|libEGL_nvidia' 
  ls /usr/local/nvidia/lib64 2>/dev/null | grep -E 'GLX_nvidia|glvkspirv|gpucomp' 
  echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
}

# xz, or Python's lzma where the image has no xz.
unxz_to() {
  if command -v xz >/dev/null; then xz -dc "$1" > "$2"; else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

setup() {
  # A bare GPU image (the CUDA ones measured) has neither the Vulkan loader nor glvnd, whose
  # libGLdispatch NVIDIA's Vulkan driver (libGLX_nvidia) needs: without it vkCreateInstance
  # fails. The measured run unpacked the shipped .debs into / and ran ldconfig, as here.
  if command -v nvidia-smi >/dev/null && command -v dpkg >/dev/null && ! ldconfig -p 2>/dev/null | grep -q 'libGLdispatch.so.0 '; then
    for f in .gpu/debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
    echo "unpacked $(ls .gpu/debs | tr '\n' ' ')into /"
  fi
  # The Vulkan loader: the system's if it has one, else the shipped .deb unpacked privately
  # (dpkg -x, or Python where there is no dpkg), without touching the system's libraries.
  if ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then
    echo "Vulkan loader: the system's"
  else
    mkdir -p "$WORK/root"
    for f in .gpu/debs/*.deb; do
      [ -e "$f" ] || continue
      if command -v dpkg >/dev/null; then dpkg -x "$f" "$WORK/root"; else
        python3 - "$f" "$WORK/root" <<'PY'
import io, sys, tarfile
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'!<arch>\n', 'not a .deb'
pos = 8
while pos < len(data):
    name, size = data[pos:pos + 16].decode().strip(), int(data[pos + 48:pos + 58])
    if name.startswith('data.tar'):
        tar = tarfile.open(fileobj=io.BytesIO(data[pos + 60:pos + 60 + size]))
        try:
            tar.extractall(sys.argv[2], filter='tar')
        except TypeError:  # Python before 3.11.4 / 3.12 has no filter
            tar.extractall(sys.argv[2])
    pos += 60 + size + (size & 1)
PY
      fi
    done
    export LD_LIBRARY_PATH="$WORK/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "Vulkan loader: shipped, $(ls "$WORK"/root/usr/lib/x86_64-linux-gnu/libvulkan.so.1* 2>&1 | tr '\n' ' ')"
  fi

  # The NVIDIA ICD: its JSON where the container toolkit or GKE put one; else, if the driver's
  # Vulkan library is present (it is libGLX_nvidia.so.0), a JSON of our own that points at it.
  icd=""
  for j in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/etc/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$j" ]; then icd="$j"; break; fi
  done
  if [ -z "$icd" ] && command -v nvidia-smi >/dev/null; then
    lib=$(ls /usr/local/nvidia/lib64/libGLX_nvidia.so.0 2>/dev/null || ldconfig -p 2>/dev/null | awk '/libGLX_nvidia\.so\.0 /{print $NF; exit}')
    if [ -n "$lib" ]; then
      icd="$WORK/nvidia_icd.json"
      printf '{"file_format_version":"1.0.1","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$lib" > "$icd"
      echo "wrote $icd for $lib"
    else
      echo "no NVIDIA Vulkan ICD (no nvidia_icd.json, no libGLX_nvidia.so.0): the container likely lacks the 'graphics' driver capability"
    fi
  fi
  # Smoke tests (QUICK=1) on a machine without a GPU: Dawn rejects Debian 12's lavapipe, but
  # takes the SwiftShader Vulkan ICD that a Chromium package ships.
  if [ -z "$icd" ] && [ "${QUICK:-}" = 1 ] && [ -z "${VK_DRIVER_FILES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
    icd=/usr/lib/chromium/vk_swiftshader_icd.json
  fi
  if [ -n "$icd" ]; then
    export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"
    echo "VK_DRIVER_FILES=$icd: $(cat "$icd" | tr -d '\n')"
  fi
  export VK_LOADER_DEBUG="${VK_LOADER_DEBUG:-error,warn}"

  unxz_to .gpu/node.xz "$WORK/node" && chmod +x "$WORK/node"
  unxz_to .gpu/dawn.node.xz "$WORK/dawn.node"
  export DAWN_NODE="$WORK/dawn.node"
  echo "node $("$WORK/node" --version)"
}

# Run in this shell (not a pipeline's subshell) so that setup's exports reach the benchmarks.
diagnose > "$OUT/env.log" 2>&1
setup >> "$OUT/env.log" 2>&1
cat "$OUT/env.log"

echo "== WebGPU (Dawn in Node)"
timeout 300 "$WORK/node" .gpu/bench.mjs 2>&1 | tee "$OUT/webgpu-node.log"
echo "webgpu-node exit: ${PIPESTATUS[0]}" | tee -a "$OUT/webgpu-node.log"

if [ "${SKIP_TORCH:-}" != 1 ]; then
  echo "== PyTorch reference"
  timeout 150 python3 bench/webgpu-node/torch_reference.py 2>&1 | tee "$OUT/torch.log"
  echo "torch exit: ${PIPESTATUS[0]}" | tee -a "$OUT/torch.log"
fi

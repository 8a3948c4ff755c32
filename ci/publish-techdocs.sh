#!/usr/bin/env bash
# Builds every TechDocs site of the repository with the TechDocs CLI and publishes it to the docs storage
# (the Compose stack's MinIO, or S3), where the portal reads it (techdocs.builder: external).
# Run by the `techdocs:publish` job; needs mkdocs-techdocs-core on PATH and these CI variables:
#   TECHDOCS_S3_BUCKET     the bucket (techdocs on the Compose stack)
#   TECHDOCS_S3_ENDPOINT   the endpoint of an S3-compatible store: on the Compose stack the portal's
#                          address, https://<PORTAL_HOST>, whose /techdocs/ Nginx passes to MinIO
#                          (empty for AWS itself)
#   AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (masked; on the stack DOCS_CI_USER and
#                          DOCS_CI_PASSWORD of deploy/.env)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${TECHDOCS_S3_BUCKET:?set the TECHDOCS_S3_BUCKET CI variable}"
: "${AWS_ACCESS_KEY_ID:?set the AWS_ACCESS_KEY_ID CI variable (masked)}"
: "${AWS_SECRET_ACCESS_KEY:?set the AWS_SECRET_ACCESS_KEY CI variable (masked)}"
techdocs=(npx --yes @techdocs/cli@1.8.15)

# "<namespace>/<kind>/<name> <folder>": the entities whose backstage.io/techdocs-ref points at the folder.
sites=("default/component/mlops-portal ." "default/component/mlops-components components")
for template in templates/*/template.yaml; do
  [ -e "$template" ] || continue
  dir="$(dirname "$template")"
  [ -f "$dir/mkdocs.yml" ] || continue
  name="$(sed -n 's/^  name: *//p' "$template" | head -n 1)"
  sites+=("default/template/$name $dir")
done

endpoint=()
if [ -n "${TECHDOCS_S3_ENDPOINT:-}" ]; then
  endpoint=(--awsEndpoint "$TECHDOCS_S3_ENDPOINT" --awsS3ForcePathStyle)
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for site in "${sites[@]}"; do
  read -r entity dir <<<"$site"
  echo "[techdocs] $entity from $dir"
  "${techdocs[@]}" generate --no-docker --source-dir "$dir" --output-dir "$out/$entity"
  "${techdocs[@]}" publish --publisher-type awsS3 --storage-name "$TECHDOCS_S3_BUCKET" \
    --entity "$entity" --directory "$out/$entity" "${endpoint[@]}"
done

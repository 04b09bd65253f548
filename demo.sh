#!/usr/bin/env bash
# The main job: build what is missing, run the three examples end to end on embedded defaults (Nextflow with
# nf-provhooks, Beam through ProvenanceRunner, the Airflow bridge against recorded API answers), write
# everything under ./provenance/, validate every document and print a summary. Needs only a JDK 17.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out=provenance
started=$(date +%s)

jar="$(ls examples/target/examples-*-all.jar 2>/dev/null | head -n 1 || true)"
if [ -z "$jar" ] || [ -n "$(find . -path ./provenance -prune -o -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.yaml' \) -newer "$jar" -print 2>/dev/null | head -n 1)" ]; then
  echo "[build] building ProvHooks (first run downloads Maven, Nextflow, Beam and their dependencies; a few minutes)..."
  ./mvnw -q -B -DskipTests package
  jar="$(ls examples/target/examples-*-all.jar | head -n 1)"
fi

# Only the demo's own outputs are replaced.
rm -rf "$out/nextflow" "$out/beam" "$out/airflow"
set +e
# Beam's own INFO/WARN lines are left out of the console; everything else (progress, summary) is shown as it comes.
java -jar "$jar" --out "$out" --examples examples "$@" 2>&1 | grep --line-buffered -v -E '^\[[^]]+\] (INFO|WARN) org\.apache'
status=${PIPESTATUS[0]}
set -e

echo
echo "[check] bin/provhooks validate on every document written..."
mapfile -t docs < <(find "$out/nextflow/provenance" "$out/beam" "$out/airflow" -maxdepth 1 -name '*.prov.json' 2>/dev/null | sort)
mapfile -t mldocs < <(find "$out/nextflow/work" -path '*/prov/*' -name 'prov_*.json' 2>/dev/null | sort)
bin/provhooks validate "${docs[@]}" "${mldocs[@]}"
echo
echo "[report] one HTML report over the demo's runs..."
bin/provhooks report "${docs[@]}" -o "$out/report.html"
echo
echo "Done in $(( $(date +%s) - started )) s. Open $(pwd)/$out/report.html in a browser (documents and crates under $(pwd)/$out/)"
exit "$status"

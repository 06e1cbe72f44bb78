#!/usr/bin/env bash
# Fills the fuzz corpora with the example files.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/csv_report fuzz/corpus/xlsx_report
cp ../shared/fixtures/*.csv fuzz/corpus/csv_report/
cp examples/*.csv fuzz/corpus/csv_report/ 2>/dev/null || true
cp tests/fixtures/*.xlsx fuzz/corpus/xlsx_report/
# Logs in the shapes trial teams keep: trackers, forms, REDCap exports, .ods.
cp tests/fixtures/logs/*.csv tests/fixtures/logs/*.tsv tests/fixtures/logs/*/*.csv fuzz/corpus/csv_report/
cp tests/fixtures/redcap/*.csv fuzz/corpus/csv_report/
cp tests/fixtures/logs/*.xlsx tests/fixtures/logs/*.ods tests/fixtures/logs/*/*.xlsx fuzz/corpus/xlsx_report/

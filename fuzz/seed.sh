#!/usr/bin/env bash
# Fills the fuzz corpora with the example files.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/csv_report fuzz/corpus/xlsx_report
cp ../shared/fixtures/*.csv fuzz/corpus/csv_report/
cp examples/*.csv fuzz/corpus/csv_report/ 2>/dev/null || true
cp tests/fixtures/*.xlsx fuzz/corpus/xlsx_report/

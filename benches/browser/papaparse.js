// PapaParse with `worker: true` parsing the chosen File (in its default
// 10 MB slices, in a worker), and the simple query as a JavaScript group-by
// on the rows each slice delivers: Site -> [count, sum of duration prefix].
// The page is the same whichever way the driver starts the peers
// (?start=after or ?start=before): the library is loaded with the page,
// and Papa.parse makes a new worker for each parse (and ends it after), so
// its API leaves nothing to start before the file is chosen.
import { integerPrefix, ready } from "./common.js";

const Papa = window.Papa;

function run(file) {
  return new Promise((resolve, reject) => {
    const groups = new Map();
    let siteAt = -1;
    let durationAt = -1;

    function groupBy(rows) {
      let start = 0;
      if (siteAt < 0) {
        const header = rows[0].map((h) => h.replace(/^\ufeff/, ""));
        siteAt = header.indexOf("Site");
        durationAt = header.indexOf("Duration (mins)");
        if (siteAt < 0 || durationAt < 0) throw new Error(`unexpected header ${header.join(",")}`);
        start = 1;
      }
      for (let i = start; i < rows.length; i++) {
        const row = rows[i];
        if (row.length === 1 && row[0] === "") continue; // the empty line after the last CRLF
        const site = row[siteAt] ?? "";
        const key = site === "" ? null : site;
        let entry = groups.get(key);
        if (!entry) groups.set(key, (entry = [0, null]));
        entry[0] += 1;
        const minutes = integerPrefix(row[durationAt] ?? "");
        if (minutes !== null) entry[1] = (entry[1] ?? 0) + minutes;
      }
    }

    Papa.parse(file, {
      worker: true,
      header: false, // arrays, not an object per row: the faster way
      delimiter: ",",
      newline: "\r\n",
      quoteChar: '"',
      skipEmptyLines: false,
      chunk(results, parser) {
        try {
          groupBy(results.data);
        } catch (error) {
          reject(error);
          parser.abort();
        }
      },
      complete() {
        resolve({ rows: [...groups].map(([site, [n, minutes]]) => [site, n, minutes]) });
      },
      error(error) {
        reject(error);
      },
    });
  });
}

ready(document.getElementById("file-input"), run);

/**
 * Hands a figure from a benchmark run under jest back to bench/suites (npm run bench).
 * Plain CommonJS: process and fs are not allowed in .ts files.
 */
const fs = require('node:fs');

/** Peak resident set size of this process so far, in MiB. */
function peakRssMiB() {
	return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Writes the result where CLOSED_LOOP_BENCH_RESULT says, when it says. */
function reportBenchResult(result) {
	const file = process.env.CLOSED_LOOP_BENCH_RESULT;
	if (file) fs.writeFileSync(file, JSON.stringify(result));
	return file;
}

module.exports = { peakRssMiB, reportBenchResult };

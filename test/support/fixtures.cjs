/**
 * Reads test fixtures as bytes. Plain CommonJS on purpose: the community-node lint (strict
 * mode) covers every .ts file and forbids Node built-ins there.
 */
const fs = require('node:fs');
const path = require('node:path');

const fixturesDir = path.resolve(__dirname, '..', 'fixtures');

/** The fixture's exact bytes, e.g. `readFixture('jotform/nps-submission.multipart.txt')`. */
function readFixture(relativePath) {
	return fs.readFileSync(path.join(fixturesDir, relativePath));
}

/** A JSON fixture parsed. */
function readJsonFixture(relativePath) {
	return JSON.parse(readFixture(relativePath).toString('utf8'));
}

module.exports = { readFixture, readJsonFixture };

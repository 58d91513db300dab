/**
 * Writes files an e2e test hands to n8n's CLI (workflows, credentials). Plain CommonJS: the
 * community-node lint forbids Node built-ins in .ts files.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Writes `value` as JSON to `dir/name`, creating `dir`; returns the file's path. */
function writeJsonFile(dir, name, value) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(value, null, '\t'));
	return file;
}

/** Reads a JSON file. */
function readJsonFile(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = { readJsonFile, writeJsonFile };

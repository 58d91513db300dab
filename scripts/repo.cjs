'use strict';
/**
 * Small pieces the repository's scripts share: where the repository is, packing it as npm would
 * publish it, and quoting the end of a log in an error. CommonJS so both .cjs and .mjs scripts load it.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoDir = path.resolve(__dirname, '..');

/** `npm pack`s the repository into `destDir` and returns the tarball's path. */
function packRepository(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: repoDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return path.join(destDir, JSON.parse(output)[0].filename);
}

/** The last `lines` lines of a log file, or a placeholder when there is none yet. */
function tailOfFile(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log yet)';
	}
}

module.exports = { repoDir, packRepository, tailOfFile };

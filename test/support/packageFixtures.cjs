/**
 * File-system and process helpers for the package tests. Plain CommonJS on purpose: the
 * community-node lint (strict mode) covers every .ts file and forbids Node built-ins there.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoDir = path.resolve(__dirname, '..', '..');

/** Runs `node scripts/check-package.mjs` and returns its JSON report and exit code. */
function checkPackage(args = []) {
	const run = spawnSync(process.execPath, [path.join(repoDir, 'scripts', 'check-package.mjs'), ...args], {
		cwd: repoDir,
		encoding: 'utf8',
		timeout: 170_000,
	});
	let report;
	try {
		report = JSON.parse(run.stdout);
	} catch {
		report = { passed: false, problems: [`unreadable output: ${run.stdout}\n${run.stderr}`] };
	}
	return { exitCode: run.status, report };
}

/**
 * Packs a deliberately broken copy of the built package: a runtime dependency, a require of a
 * package n8n does not provide, and a timer global, so the check can be shown to fail.
 */
function tamperedTarball() {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-tampered-'));
	const packageDir = path.join(workDir, 'package');
	fs.mkdirSync(packageDir);
	fs.cpSync(path.join(repoDir, 'dist'), path.join(packageDir, 'dist'), { recursive: true });
	const manifest = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	manifest.dependencies = { axios: '^1.7.0' };
	fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
	const bundle = path.join(packageDir, manifest.n8n.nodes[0]);
	fs.appendFileSync(bundle, '\nconst axios = require("axios");\nsetTimeout(() => axios.get("https://example.com"), 10);\n');
	const tarball = path.join(workDir, 'tampered.tgz');
	execFileSync('tar', ['-czf', tarball, '-C', workDir, 'package']);
	return { tarball, cleanup: () => fs.rmSync(workDir, { recursive: true, force: true }) };
}

module.exports = { checkPackage, tamperedTarball };

#!/usr/bin/env node
/**
 * `npm test`: the fast layers first (unit, node), then the packed package, then the real n8n server,
 * so a broken core fails in seconds instead of after the runtime install.
 * Ends with one plain line, "tests: N passed, N failed", that CI reads.
 * `npm test -- --fast` stops after the unit and node layers.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fast = process.argv.includes('--fast');
const jestBin = path.join(repoDir, 'node_modules', 'jest', 'bin', 'jest.js');
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-tests-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStep = null;

function run(label, command, args) {
	if (failedStep) return;
	process.stdout.write(`\n== ${label}\n`);
	const result = spawnSync(command, args, { cwd: repoDir, stdio: 'inherit' });
	if (result.status !== 0) failedStep = `${label} (exit ${result.status ?? result.signal})`;
}

function jest(label, projects, extraArgs = []) {
	if (failedStep) return;
	const outputFile = path.join(resultsDir, `${label}.json`);
	const selection = projects.flatMap((project) => ['--selectProjects', project]);
	run(label, process.execPath, [jestBin, ...selection, '--json', `--outputFile=${outputFile}`, ...extraArgs]);
	if (fs.existsSync(outputFile)) {
		const summary = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
		totals.passed += summary.numPassedTests;
		totals.failed += summary.numFailedTests;
		totals.skipped += summary.numPendingTests + (summary.numTodoTests ?? 0);
	}
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
jest('unit and node tests', ['unit', 'nodes']);
if (!fast) {
	run('build', npm, ['run', 'build']);
	jest('package tests', ['package']);
	run('n8n runtime', process.execPath, [path.join(repoDir, 'scripts', 'runtime.mjs'), 'ensure']);
	run('Redis and PostgreSQL for the queue-mode test', process.execPath, [path.join(repoDir, 'scripts', 'queue-services.mjs'), 'ensure']);
	jest('end-to-end tests (real n8n)', ['e2e'], ['--runInBand']);
}
fs.rmSync(resultsDir, { recursive: true, force: true });

if (failedStep) process.stdout.write(`\nStopped at: ${failedStep}\n`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
process.exitCode = failedStep || totals.failed ? 1 : 0;

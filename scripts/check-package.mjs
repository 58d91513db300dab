#!/usr/bin/env node
/**
 * Checks the tarball users would install, not the working tree: `npm pack`, unpack, then
 * - package.json declares no runtime dependencies (n8n installs community packages without them),
 * - every bundled JS file requires only n8n-workflow and Node's crypto,
 * - n8n's own community package scanner (the gate for verified nodes) passes on it.
 * Prints one JSON report on stdout; exits 1 when a check fails.
 * Usage: node scripts/check-package.mjs [--tarball <file.tgz>]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import repo from './repo.cjs';

const { packRepository } = repo;
const ALLOWED_REQUIRES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

function listFiles(dir) {
	return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)));
}

/** Every module a bundle loads at run time: require('x') calls and import statements. */
function requiredModules(source) {
	const modules = new Set();
	for (const match of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) modules.add(match[1]);
	for (const match of source.matchAll(/^\s*import\s[^;]*?from\s*["']([^"']+)["']/gm)) modules.add(match[1]);
	return [...modules];
}

async function main() {
	const argv = process.argv.slice(2);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-pack-'));
	const problems = [];
	try {
		const tarballArg = argv.indexOf('--tarball');
		const tarball = tarballArg >= 0 ? path.resolve(argv[tarballArg + 1]) : packRepository(workDir);
		const packageDir = path.join(workDir, 'package');
		execFileSync('tar', ['-xzf', tarball, '-C', workDir]);

		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		for (const field of ['dependencies', 'bundleDependencies', 'bundledDependencies', 'optionalDependencies']) {
			const entries = Object.keys(manifest[field] ?? {});
			if (entries.length) problems.push(`package.json has ${field}: ${entries.join(', ')}`);
		}

		const files = listFiles(packageDir);
		const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
		for (const entry of declared) {
			if (!files.includes(path.normalize(entry))) problems.push(`package.json lists ${entry}, which is not in the tarball`);
		}

		const requires = {};
		for (const file of files.filter((name) => /\.(c|m)?js$/.test(name))) {
			const modules = requiredModules(fs.readFileSync(path.join(packageDir, file), 'utf8'));
			requires[file] = modules;
			for (const module of modules.filter((name) => !ALLOWED_REQUIRES.has(name))) {
				problems.push(`${file} loads "${module}" at run time; only n8n-workflow and crypto are available to community nodes`);
			}
		}

		const { analyzePackage } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
		const scan = await analyzePackage(packageDir, ['**/*.js', 'package.json']);
		if (!scan.passed) problems.push(`n8n community package scanner: ${scan.message}\n${scan.details ?? ''}`);

		const report = {
			passed: problems.length === 0,
			problems,
			name: manifest.name,
			version: manifest.version,
			files,
			requires,
			scannerPassed: scan.passed,
		};
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
		process.exitCode = report.passed ? 0 : 1;
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ passed: false, problems: [`check failed to run: ${error.message}`] })}\n`);
	process.exitCode = 2;
});

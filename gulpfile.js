/**
 * Builds dist/: type-check, bundle each node and credential with its runtime libraries
 * (zod, luxon, sentiment…) so the published package has no dependencies, copy icons and codex files.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { dest, series, src } = require('gulp');
const esbuild = require('esbuild');

const pkg = require('./package.json');

function clean(done) {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	done();
}

function typecheck(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	done();
}

/** The entry points are exactly what package.json's n8n field promises. */
function entryPoints() {
	return [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((built) =>
		built.replace(/^dist\//, '').replace(/\.js$/, '.ts'),
	);
}

async function bundle() {
	await esbuild.build({
		entryPoints: entryPoints(),
		outdir: 'dist',
		outbase: '.',
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		// n8n provides n8n-workflow at run time; everything else is inlined.
		external: ['n8n-workflow'],
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

function copyAssets() {
	return src(['nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = series(clean, typecheck, bundle, copyAssets);
exports.bundle = series(clean, bundle, copyAssets);
exports.default = exports.build;

/**
 * Loads part of the TypeScript core in this process, bundled with esbuild as the build would,
 * so benchmarks need no prior `npm run build`.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `source` is a TypeScript module body, e.g. "export { tagTopics } from './nodes/core/topics';", resolved from the repo. */
export async function loadCore(source) {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-bench-core-'));
	const outfile = path.join(workDir, 'core.cjs');
	try {
		await build({
			stdin: { contents: source, resolveDir: repoDir, loader: 'ts' },
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			outfile,
			logLevel: 'silent',
		});
		return createRequire(import.meta.url)(outfile);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

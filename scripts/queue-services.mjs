#!/usr/bin/env node
/**
 * `node scripts/queue-services.mjs ensure`: makes sure Redis and PostgreSQL are installed, for the
 * queue-mode end-to-end test (test/e2e/queueModeExactlyOnce.test.ts), which starts its own copies
 * on loopback. Missing ones are installed from Debian when this runs as root with apt-get, as on
 * a fresh machine or in CI; otherwise it says what to install and exits 1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const onPath = (command) =>
	(process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
const postgresBinaries = () =>
	onPath('initdb') ||
	(fs.existsSync('/usr/lib/postgresql') &&
		fs.readdirSync('/usr/lib/postgresql').some((version) => fs.existsSync(path.join('/usr/lib/postgresql', version, 'bin', 'initdb'))));

const missing = [];
if (!onPath('redis-server')) missing.push('redis-server');
if (!postgresBinaries()) missing.push('postgresql');
if (missing.length === 0) {
	console.log('[services] Redis and PostgreSQL are installed');
	process.exit(0);
}
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!asRoot || !onPath('apt-get')) {
	console.error(`[services] the queue-mode e2e test needs ${missing.join(' and ')}, which is not installed (Debian: apt-get install ${missing.join(' ')})`);
	process.exit(1);
}
console.log(`[services] installing ${missing.join(', ')} from Debian for the queue-mode e2e test`);
const apt = (args) => {
	const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (result.status !== 0) {
		console.error(`[services] apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
		process.exit(1);
	}
};
apt(['update']);
apt(['install', '-y', '--no-install-recommends', ...missing]);

/**
 * What the node-test harness needs from Node itself: a temp n8n settings folder, module loading
 * and file reads. Plain CommonJS on purpose: strict `n8n-node lint` applies the community-node
 * rules to every .ts file, and those forbid Node built-ins and globals.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoDir = path.resolve(__dirname, '..', '..');

/**
 * n8n-core's InstanceSettings writes a settings file under N8N_USER_FOLDER on first use:
 * give each test file its own temp folder, out of the user's home. Returns a clean-up function.
 */
function useTemporaryN8nFolder() {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-node-tests-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_ENCRYPTION_KEY ??= 'closed-loop-node-tests';
	return () => fs.rmSync(userFolder, { recursive: true, force: true });
}

/**
 * n8n-core brings its own copies of @n8n/di and @n8n/backend-common, which differ from the ones
 * at the top of node_modules. The service container and the Logger token must be n8n-core's own.
 */
function requireFromN8nCore(id) {
	return require(require.resolve(id, { paths: [path.dirname(require.resolve('n8n-core'))] }));
}

/** Files under a repository folder whose names end with `suffix`, as absolute paths. */
function repoFiles(folder, suffix) {
	const dir = path.join(repoDir, folder);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith(suffix))
		.map((name) => path.join(dir, name));
}

/** Loads a module by absolute path (through jest's transform when run under jest). */
function loadModule(file) {
	return require(file);
}

function readRepoJson(relativePath) {
	return JSON.parse(fs.readFileSync(path.join(repoDir, relativePath), 'utf8'));
}

module.exports = { useTemporaryN8nFolder, requireFromN8nCore, repoFiles, loadModule, readRepoJson };

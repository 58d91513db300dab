/**
 * Where the pinned n8n reads an environment variable: the first of its compiled files (n8n's own
 * dist/ and @n8n/config's) that names it in quotes, as `@Env('NAME')` or `process.env.NAME` does.
 * Plain CommonJS: the community-node lint forbids Node built-ins in .ts files.
 */
const fs = require('node:fs');
const path = require('node:path');

const SOURCE_DIRS = [path.join('node_modules', 'n8n', 'dist'), path.join('node_modules', '@n8n', 'config', 'dist')];

function* javascriptFiles(dir) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* javascriptFiles(file);
		else if (entry.name.endsWith('.js')) yield file;
	}
}

/** For each name, the runtime file (relative to the runtime folder) that reads it, or null. */
function whereN8nReads(runtimeDir, names) {
	const found = Object.fromEntries(names.map((name) => [name, null]));
	const patterns = names.map((name) => [name, new RegExp(`(['"\`])${name}\\1|process\\.env\\.${name}\\b`)]);
	for (const sourceDir of SOURCE_DIRS) {
		for (const file of javascriptFiles(path.join(runtimeDir, sourceDir))) {
			const text = fs.readFileSync(file, 'utf8');
			for (const [name, pattern] of patterns) {
				if (found[name] === null && pattern.test(text)) found[name] = path.relative(runtimeDir, file);
			}
			if (Object.values(found).every(Boolean)) return found;
		}
	}
	return found;
}

/** Whether the pinned n8n has a backend module of this name (what N8N_DISABLED_MODULES lists). */
function hasN8nModule(runtimeDir, name) {
	return fs.existsSync(path.join(runtimeDir, 'node_modules', 'n8n', 'dist', 'modules', name));
}

module.exports = { hasN8nModule, whereN8nReads };

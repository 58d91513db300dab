/**
 * Runs a function with some environment variables set (or removed, with undefined), then restores
 * them. Plain CommonJS: the community-node lint forbids the `process` global in .ts files.
 */
function withEnvironment(variables, run) {
	const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
	const apply = (values) => {
		for (const [name, value] of Object.entries(values)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	};
	apply(variables);
	try {
		return run();
	} finally {
		apply(saved);
	}
}

module.exports = { withEnvironment };

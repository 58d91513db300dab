/** Four layers, each its own jest project, so `npm test` can run the fast ones first. */
const tsJest = ['ts-jest', { diagnostics: false }];

const layer = (name, extra = {}) => ({
	displayName: name,
	testEnvironment: 'node',
	roots: [`<rootDir>/test/${name}`],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': tsJest },
	...extra,
});

module.exports = {
	projects: [
		layer('unit'),
		layer('nodes'),
		layer('package'),
		layer('e2e'),
		// Benchmarks that need the engine (npm run bench): only when asked for.
		...(process.env.CLOSED_LOOP_BENCH === '1' ? [layer('bench', { testMatch: ['**/*.bench.ts'] })] : []),
	],
};

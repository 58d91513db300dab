/**
 * The settings scripts/n8n-server.cjs gives n8n are ones the pinned n8n reads: a setting renamed in
 * an n8n upgrade would otherwise be ignored without a word, and the lookup it switched off would come back.
 */
import { LOOKUPS_OFF, resolveRuntime } from '../../scripts/n8n-server.cjs';
import { hasN8nModule, whereN8nReads } from '../support/runtimeSources.cjs';

describe(`The pinned n8n reads every setting that switches its lookups off`, () => {
	const runtime = resolveRuntime();
	const where = whereN8nReads(runtime.dir, Object.keys(LOOKUPS_OFF));

	it.each(Object.keys(LOOKUPS_OFF))(`%s`, (name) => {
		expect({ name, readIn: where[name] }).toEqual({ name, readIn: expect.stringMatching(/\.js$/) });
	});

	it.each(LOOKUPS_OFF.N8N_DISABLED_MODULES.split(','))('has the module %s that it disables', (name) => {
		expect(hasN8nModule(runtime.dir, name)).toBe(true);
	});
});

/**
 * The settings scripts/n8n-server.cjs gives n8n are ones the pinned n8n reads: a setting renamed in
 * an n8n upgrade would otherwise be ignored without a word, and the lookup it switched off come back.
 */
import { LOOKUPS_OFF, resolveRuntime } from '../../scripts/n8n-server.cjs';
import { whereN8nReads } from '../support/runtimeSources.cjs';

describe(`The pinned n8n reads every setting that switches its lookups off`, () => {
	const runtime = resolveRuntime();
	const where = whereN8nReads(runtime.dir, Object.keys(LOOKUPS_OFF));

	it.each(Object.keys(LOOKUPS_OFF))(`%s`, (name) => {
		expect({ name, readIn: where[name] }).toEqual({ name, readIn: expect.stringMatching(/\.js$/) });
	});

	it('knows the module it disables', () => {
		expect(whereN8nReads(runtime.dir, ['mcp-registry'])['mcp-registry']).toEqual(expect.stringMatching(/\.js$/));
	});
});

import type { Runtime } from '../../scripts/n8n-server.cjs';
import { LOOKUPS_OFF, n8nEnvironment } from '../../scripts/n8n-server.cjs';
import { withEnvironment } from '../support/processEnvironment.cjs';

const runtime: Runtime = { dir: '/opt/runtime', versions: { n8n: '2.41.1', node: '24.21.0' }, node: '/opt/runtime/bin/node', n8n: '/opt/runtime/n8n' };
const server = { runtime, userFolder: '/tmp/closed-loop-test', port: 45678, brokerPort: 45679 };

describe('The environment n8n runs with (scripts/n8n-server.cjs)', () => {
	it('switches off every call home n8n 2.41.1 lets you switch off', () => {
		expect(LOOKUPS_OFF).toEqual({
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			// The verified community-node catalogue: the stack traces logged when the editor opens offline.
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			// `npm outdated` when the editor lists installed community packages.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
		});
	});

	it('keeps a test server offline even when the shell turns a lookup back on', () => {
		const env = withEnvironment({ N8N_TEMPLATES_ENABLED: 'true', N8N_VERIFIED_PACKAGES_ENABLED: 'true' }, () => n8nEnvironment(server));
		expect(env).toMatchObject(LOOKUPS_OFF);
		expect(env).toMatchObject({ N8N_PORT: '45678', N8N_RUNNERS_BROKER_PORT: '45679', N8N_LISTEN_ADDRESS: '127.0.0.1', DB_TYPE: 'sqlite' });
	});

	it('lets npm start users turn a lookup back on from the shell, but not move the server off loopback', () => {
		const env = withEnvironment({ N8N_TEMPLATES_ENABLED: 'true', N8N_LISTEN_ADDRESS: '0.0.0.0', N8N_USER_FOLDER: '/elsewhere' }, () =>
			n8nEnvironment({ ...server, inheritN8nEnv: true }),
		);
		expect(env).toMatchObject({ N8N_TEMPLATES_ENABLED: 'true', N8N_VERIFIED_PACKAGES_ENABLED: 'false' });
		expect(env).toMatchObject({ N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_USER_FOLDER: '/tmp/closed-loop-test' });
	});

	it('lets a caller override a lookup for one server', () => {
		expect(n8nEnvironment({ ...server, env: { N8N_DIAGNOSTICS_ENABLED: 'true' } }).N8N_DIAGNOSTICS_ENABLED).toBe('true');
	});
});

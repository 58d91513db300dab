/**
 * The credential test requests of the Freshdesk and ServiceNow providers go where the providers go: their baseURL
 * expressions, evaluated by n8n's expression engine with `$credentials`, give the provider's `apiBaseUrl` for a
 * subdomain, a host name and a full URL.
 */
import type { ICredentialType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ClosedLoopFreshdeskApi } from '../../credentials/ClosedLoopFreshdeskApi.credentials';
import { ClosedLoopServiceNowApi } from '../../credentials/ClosedLoopServiceNowApi.credentials';
import { freshdeskProvider } from '../../nodes/CreateCase/providers/freshdesk';
import { serviceNowProvider } from '../../nodes/CreateCase/providers/serviceNow';
import type { AnyCaseProvider } from '../../nodes/CreateCase/providers/types';

const workflow = new Workflow({
	nodes: [{ id: 'n', name: 'Credential Test', type: 'test.none', typeVersion: 1, position: [0, 0], parameters: {} }],
	connections: {},
	active: false,
	nodeTypes: {
		getByName: () => ({ description: { properties: [] } }),
		getByNameAndVersion: () => ({ description: { properties: [] } }),
		getKnownTypes: () => ({}),
	} as unknown as ConstructorParameters<typeof Workflow>[0]['nodeTypes'],
});

function testBaseUrl(credential: ICredentialType, values: Record<string, string>): unknown {
	const expression = String(credential.test?.request.baseURL);
	return workflow.expression.getParameterValue(expression, null, 0, 0, 'Credential Test', [], 'manual', { $credentials: values } as never);
}

describe.each<[string, ICredentialType, AnyCaseProvider, string, string[]]>([
	['Freshdesk', new ClosedLoopFreshdeskApi(), freshdeskProvider as AnyCaseProvider, 'domain', ['acme', ' acme.freshdesk.com ', 'https://acme.freshdesk.com/a/tickets', 'http://127.0.0.1:4010']],
	['ServiceNow', new ClosedLoopServiceNowApi(), serviceNowProvider as AnyCaseProvider, 'instance', ['acme', 'acme.service-now.com', 'https://sd.acme.example/now/nav/ui', 'http://127.0.0.1:4011']],
])('%s credential test', (_name, credential, provider, field, inputs) => {
	it.each(inputs)('calls the provider’s address for %p', (input) => {
		const expected = provider.apiBaseUrl({ [field]: input });
		expect(testBaseUrl(credential, { [field]: input })).toBe(expected);
		expect(expected).toMatch(/^https?:\/\/[^/]+$/);
	});

	it('is the credential the provider names, with a read-only GET test', () => {
		expect(credential.name).toBe(provider.credentialType);
		expect(credential.test?.request.method).toBe('GET');
	});
});

import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Freshdesk API key, for Create Case's Freshdesk provider. Freshdesk takes it with HTTP Basic authentication: the
 * key as the user name and X as the password. The test asks for the key's own agent (GET /api/v2/agents/me), which
 * every agent's key may read.
 */
export class ClosedLoopFreshdeskApi implements ICredentialType {
	name = 'closedLoopFreshdeskApi';

	displayName = 'Closed Loop Freshdesk API';

	documentationUrl = 'https://support.freshdesk.com/support/solutions/articles/215517-how-to-find-your-api-key';

	icon = 'file:freshdesk.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme or acme.freshdesk.com',
			description:
				'Your Freshdesk account: the part before .freshdesk.com, the whole host name, or a full URL such as https://acme.freshdesk.com',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In Freshdesk: your profile picture > Profile Settings > View API Key. Looking owners up by email needs an admin’s key; the routing table’s agent ids do not.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.apiKey}}',
				password: 'X',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// The same address the provider calls: a subdomain, a host name or a full URL (see providerSupport).
			baseURL:
				"={{ $credentials.domain.trim().startsWith('http') ? $credentials.domain.trim().split('/').slice(0, 3).join('/') : 'https://' + ($credentials.domain.trim().includes('.') ? $credentials.domain.trim().split('/')[0] : $credentials.domain.trim() + '.freshdesk.com') }}",
			url: '/api/v2/agents/me',
			method: 'GET',
		},
	};
}

import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Zendesk agent's email and an API token, sent as Zendesk documents it: Basic `{email}/token:{api_token}`
 * (https://developer.zendesk.com/api-reference/introduction/security-and-auth/). Create Case opens tickets as
 * this agent. Named `closedLoopZendeskApi`: n8n's own Zendesk credential is `zendeskApi`.
 */
export class ClosedLoopZendeskApi implements ICredentialType {
	name = 'closedLoopZendeskApi';

	displayName = 'Closed Loop Zendesk API';

	documentationUrl = 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/';

	icon = 'file:zendesk.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description:
				'The part before .zendesk.com in your Zendesk address (acme for https://acme.zendesk.com). A whole address works too, for a host-mapped account (https://support.acme.com) or a stand-in server.',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'The email of the Zendesk agent the tickets are opened as. Prefer an agent dedicated to the integration.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'From Admin Center > Apps and integrations > APIs > API tokens. Zendesk is retiring API tokens (announced end: April 30, 2027); until then they work as before.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.email}}/token',
				password: '={{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.subdomain.trim().includes("://") ? $credentials.subdomain.trim() : "https://" + ($credentials.subdomain.trim().includes(".") ? $credentials.subdomain.trim() : $credentials.subdomain.trim() + ".zendesk.com") }}',
			url: '/api/v2/users/me.json',
			method: 'GET',
		},
		rules: [
			{
				// Zendesk answers this endpoint for anonymous callers too, with a user whose id is null.
				type: 'responseSuccessBody',
				properties: { key: 'user.id', value: null, message: 'Zendesk did not recognise this email and API token (it answered as an anonymous user)' },
			},
		],
	};
}

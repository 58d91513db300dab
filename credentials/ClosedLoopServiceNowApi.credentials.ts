import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A ServiceNow user for Create Case's ServiceNow provider, with HTTP Basic authentication on the Table API. The
 * user needs to read and write incidents (the itil role) and to read users (sys_user, for callers and owners by
 * email). The test reads one user record (GET /api/now/table/sys_user?sysparm_limit=1).
 */
export class ClosedLoopServiceNowApi implements ICredentialType {
	name = 'closedLoopServiceNowApi';

	displayName = 'Closed Loop ServiceNow API';

	documentationUrl = 'https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html';

	icon = 'file:serviceNow.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Instance',
			name: 'instance',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme or https://acme.service-now.com',
			description: 'Your instance: the part before .service-now.com, the whole host name, or a full URL (for an instance on its own domain)',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'A user allowed to use the REST API, with the itil role (an integration user, not a person)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// The same address the provider calls: a subdomain, a host name or a full URL (see providerSupport).
			baseURL:
				"={{ $credentials.instance.trim().startsWith('http') ? $credentials.instance.trim().split('/').slice(0, 3).join('/') : 'https://' + ($credentials.instance.trim().includes('.') ? $credentials.instance.trim().split('/')[0] : $credentials.instance.trim() + '.service-now.com') }}",
			url: '/api/now/table/sys_user',
			qs: { sysparm_limit: 1 },
			method: 'GET',
		},
	};
}

import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An API key of this n8n instance, for Create Case's n8n Data Table store: community nodes may not use n8n's
 * Data Table helpers, so the cases table is reached through n8n's public API. `npm start` creates the key and
 * this credential for the local loop.
 */
export class ClosedLoopN8nApi implements ICredentialType {
	name = 'closedLoopN8nApi';

	// n8n spells its name in lower case, as its own "n8n API" credential does; title case would read "N8n".
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-miscased
	displayName = 'Closed Loop n8n API';

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	icon = 'file:n8nApi.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'n8n URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678',
			required: true,
			placeholder: 'https://n8n.example.com',
			description: 'The address of this n8n instance, as the n8n server itself can reach it (without /api/v1)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create one in n8n under Settings > n8n API, with the scopes dataTable:create, dataTable:list, dataTable:read and dataTableRow (create, read, update, delete)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/api/v1',
			url: '/data-tables',
			qs: { limit: 1 },
			method: 'GET',
		},
	};
}

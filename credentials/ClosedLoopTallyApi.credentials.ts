import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** A Tally API key, used to register the Survey Trigger's webhook on a form. */
export class ClosedLoopTallyApi implements ICredentialType {
	name = 'closedLoopTallyApi';

	displayName = 'Closed Loop Tally API';

	documentationUrl = 'https://developers.tally.so/api-reference/api-keys';

	icon = 'file:tally.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Create one in Tally under Settings > API keys',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: 'https://api.tally.so',
			url: '/users/me',
			method: 'GET',
		},
	};
}

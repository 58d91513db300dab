import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * A Qualtrics API token and the organisation's data center. The node puts `baseUrl` (without a
 * trailing slash or `/API/v3`) in front of the `/API/v3/...` paths. Registering the event
 * subscription needs a brand administrator's token.
 */
export class ClosedLoopQualtricsApi implements ICredentialType {
	name = 'closedLoopQualtricsApi';

	displayName = 'Closed Loop Qualtrics API';

	documentationUrl = 'https://api.qualtrics.com/';

	icon: Icon = { light: 'file:qualtrics.svg', dark: 'file:qualtrics.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Generate it in Qualtrics under Account Settings > Qualtrics IDs > API. Creating event subscriptions needs a brand administrator.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://iad1.qualtrics.com',
			description:
				'Your data center (e.g. https://iad1.qualtrics.com, https://fra1.qualtrics.com) or your organisation’s address (https://yourorg.qualtrics.com), as shown under Account Settings > Qualtrics IDs, without /API/v3',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-TOKEN': '={{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/API/v3/whoami',
			method: 'GET',
		},
	};
}

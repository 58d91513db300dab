import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Typeform personal access token, used to register the Survey Trigger's webhook on a form.
 * The field is named `accessToken` and sent as a Bearer token, as n8n's own Typeform credential
 * does, so a token entered for one works for the other.
 */
export class ClosedLoopTypeformApi implements ICredentialType {
	name = 'closedLoopTypeformApi';

	displayName = 'Closed Loop Typeform API';

	documentationUrl = 'https://www.typeform.com/developers/get-started/personal-access-token/';

	icon = 'file:typeform.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.typeform.com',
			required: true,
			description:
				'Accounts whose responses are stored in the EU data center use https://api.eu.typeform.com. Change it only for those, or for an API gateway your company puts in front of Typeform.',
		},
		{
			displayName: 'Personal Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create one in Typeform under Account > Personal tokens, with the scopes accounts:read, webhooks:read and webhooks:write',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/me',
			method: 'GET',
		},
	};
}

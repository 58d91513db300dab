import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * A SurveyMonkey app: its access token calls the v3 API (register the webhook, read responses);
 * its client ID (or API key) and client secret check the `Sm-Signature` of every webhook, which
 * SurveyMonkey signs with `clientId&clientSecret`. `baseUrl` is the API host of the account's
 * data center; the node puts it in front of the `/v3/...` paths.
 */
export class ClosedLoopSurveyMonkeyApi implements ICredentialType {
	name = 'closedLoopSurveyMonkeyApi';

	displayName = 'Closed Loop SurveyMonkey API';

	documentationUrl = 'https://api.surveymonkey.com/v3/docs';

	icon: Icon = { light: 'file:surveyMonkey.svg', dark: 'file:surveyMonkey.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The access token of your SurveyMonkey app (My Apps > Settings), with the scopes View Surveys, View Responses, View Response Details, View Webhooks and Create/Modify Webhooks',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The Client ID of the same app (its API key if the app has one); SurveyMonkey signs each webhook with it and the client secret',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Secret of the same app, used only to check the signature of incoming webhooks',
		},
		{
			displayName: 'Data Center',
			name: 'baseUrl',
			type: 'options',
			options: [
				{ name: 'United States (api.surveymonkey.com)', value: 'https://api.surveymonkey.com' },
				{ name: 'Europe (api.eu.surveymonkey.com)', value: 'https://api.eu.surveymonkey.com' },
				{ name: 'Canada (api.surveymonkey.ca)', value: 'https://api.surveymonkey.ca' },
			],
			default: 'https://api.surveymonkey.com',
			description: 'Where the SurveyMonkey account is hosted',
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
			url: '/v3/users/me',
			method: 'GET',
		},
	};
}

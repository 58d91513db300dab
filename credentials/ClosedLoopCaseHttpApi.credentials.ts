import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Any JSON API that holds cases (Create Case's HTTP provider): its base URL and how it authenticates. One header
 * carries the secret, built from the choice: `Authorization: Bearer <token>`, `Authorization: Basic <user:password
 * in base64>` (RFC 7617), or a header of your naming (`X-API-Key: <key>`).
 */
export class ClosedLoopCaseHttpApi implements ICredentialType {
	name = 'closedLoopCaseHttpApi';

	displayName = 'Closed Loop Case HTTP API';

	documentationUrl = 'https://github.com/closed-loop/n8n-nodes-closed-loop/blob/main/docs/nodes/create-case-http.md';

	icon: Icon = { light: 'file:caseHttp.svg', dark: 'file:caseHttp.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example.com/v1',
			description: 'The API’s root address; the paths in Create Case (e.g. /tickets/{{id}}) go under it, and the credential is sent nowhere else',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Basic Auth', value: 'basicAuth' },
				{ name: 'Bearer Token', value: 'bearerToken' },
				{ name: 'Header', value: 'header' },
			],
			default: 'bearerToken',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['bearerToken'] } },
			description: 'Sent as Authorization: Bearer followed by the token',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-API-Key',
			required: true,
			displayOptions: { show: { authentication: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['header'] } },
			description: 'The whole value, e.g. the API key, or Token abc123 for APIs that want a word before it',
		},
		{
			displayName: 'Test Path',
			name: 'testPath',
			type: 'string',
			default: '/',
			description: 'A path the credential test GETs under the Base URL; pick one that needs authentication and changes nothing, e.g. /me or /tickets?per_page=1',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'={{$credentials.authentication === "header" ? $credentials.headerName : "Authorization"}}':
					'={{$credentials.authentication === "header" ? $credentials.headerSecret : $credentials.authentication === "basicAuth" ? "Basic " + ($credentials.user + ":" + $credentials.password).base64Encode() : "Bearer " + $credentials.token}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '={{$credentials.testPath}}',
			method: 'GET',
		},
	};
}

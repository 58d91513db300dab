import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Salesforce through OAuth2, for Create Case's Salesforce provider. Built like n8n's own Salesforce OAuth2 credential
 * (n8n-nodes-base `SalesforceOAuth2Api`): it extends `oAuth2Api`, so n8n runs the sign-in (authorization code with
 * PKCE, which new Salesforce connected and external client apps require), keeps and refreshes the token, and signs
 * every request with `Authorization: Bearer <access token>` itself (n8n-core `requestOAuth2`): no `authenticate`
 * rule, n8n would never call it. Salesforce's token answer names the org's `instance_url`; n8n keeps it in
 * `oauthTokenData`, and the calls go there unless Instance URL overrides it.
 *
 * Salesforce docs: OAuth 2.0 web server flow, the authorization code grant, "with PKCE" recommended
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm), REST API versions
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-versions.html), Limits
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-limits.html).
 */
export class ClosedLoopSalesforceOAuth2Api implements ICredentialType {
	name = 'closedLoopSalesforceOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Closed Loop Salesforce OAuth2 API';

	documentationUrl = 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm';

	icon: Icon = { light: 'file:salesforce.svg', dark: 'file:salesforce.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'pkce',
		},
		{
			displayName: 'Environment Type',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Sandbox', value: 'sandbox' },
			],
			default: 'production',
			description: 'Sandbox orgs sign in at test.salesforce.com, production and Developer Edition orgs at login.salesforce.com',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			required: true,
			default:
				'={{ $self["environment"] === "sandbox" ? "https://test.salesforce.com/services/oauth2/authorize" : "https://login.salesforce.com/services/oauth2/authorize" }}',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			required: true,
			default:
				'={{ $self["environment"] === "sandbox" ? "https://test.salesforce.com/services/oauth2/token" : "https://login.salesforce.com/services/oauth2/token" }}',
		},
		{
			// `api` is enough for the REST calls Create Case makes; `refresh_token` keeps the connection alive.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'api refresh_token',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '62.0',
			placeholder: '62.0',
			description:
				'The Salesforce REST API version the calls use, e.g. 62.0 (Winter ’25). Any version your org supports works; Setup > Apex Classes > Version Settings lists them.',
		},
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			default: '',
			placeholder: 'https://acme.my.salesforce.com',
			description:
				'Leave empty: Salesforce names your org’s URL when you connect. Set it only to go through a proxy or a test stand-in.',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.instanceUrl || $credentials.oauthTokenData.instance_url }}',
			url: '=/services/data/v{{ String($credentials.apiVersion || "62.0").toLowerCase().replace("v", "") }}/limits',
			method: 'GET',
		},
	};
}

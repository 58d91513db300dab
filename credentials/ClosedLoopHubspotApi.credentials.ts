import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * A HubSpot private app's access token, sent as a Bearer token. Create Case needs the scopes `tickets`,
 * `crm.objects.contacts.read` (to link the customer's contact) and `crm.objects.owners.read` (to find the owner
 * by email). The test reads one ticket, so it also proves the `tickets` scope.
 */
export class ClosedLoopHubspotApi implements ICredentialType {
	name = 'closedLoopHubspotApi';

	displayName = 'Closed Loop HubSpot API';

	documentationUrl = 'https://developers.hubspot.com/docs/apps/legacy-apps/private-apps/overview';

	icon: Icon = { light: 'file:hubspot.svg', dark: 'file:hubspot.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The access token of a private app (Settings > Integrations > Private Apps), with the scopes tickets, crm.objects.contacts.read and crm.objects.owners.read',
		},
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			required: true,
			description: 'HubSpot’s API address. Change it only for an API gateway your company puts in front of HubSpot.',
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
			url: '/crm/v3/objects/tickets',
			method: 'GET',
			qs: { limit: 1 },
		},
	};
}

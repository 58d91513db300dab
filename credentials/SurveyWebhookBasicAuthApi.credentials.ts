import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The user name and password a survey tool that signs nothing (Delighted, Jotform, an in-house
 * form) puts in its webhook URL or Authorization header. Checked by the Survey Trigger's
 * `surveyWebhookBasicAuthTest`: there is no API to call.
 */
export class SurveyWebhookBasicAuthApi implements ICredentialType {
	name = 'surveyWebhookBasicAuthApi';

	displayName = 'Survey Webhook Basic Auth API';

	icon: Icon = { light: 'file:surveyWebhook.svg', dark: 'file:surveyWebhook.dark.svg' };

	documentationUrl = 'https://github.com/closed-loop/n8n-nodes-closed-loop/blob/main/docs/credentials/survey-webhook.md';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Any length works; 12 or more random characters are safer',
		},
	];
}
